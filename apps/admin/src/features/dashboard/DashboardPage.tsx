import { Alert, Card, Col, Row, Skeleton, Space, Statistic, Typography } from "antd";
import { Link } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { bj } from "../../lib/format";
import { api, ApiError } from "../../lib/api";
import { useCan, useMe } from "../../auth/session";
import type { Dashboard } from "../../lib/types";
import { PageError } from "../../components/PageError";

function greeting(): string {
  const h = bj().hour();
  if (h < 11) return "上午好";
  if (h < 13) return "中午好";
  if (h < 18) return "下午好";
  return "晚上好";
}

export default function DashboardPage() {
  const { data: me } = useMe();
  const can = useCan();
  const dash = useQuery({ queryKey: ["dashboard"], queryFn: () => api.get<Dashboard>("/api/dashboard") });

  if (!me) return null;

  const warnings: { key: string; type: "warning" | "error" | "info"; text: React.ReactNode }[] = [];
  const expires = me.user.passwordExpiresAt ? bj(me.user.passwordExpiresAt) : null;
  if (expires && expires.isValid()) {
    const days = expires.diff(dayjs(), "day");
    if (days <= 7) {
      warnings.push({
        key: "pw",
        type: days < 0 ? "error" : "warning",
        text: (
          <>
            您的登录密码{days < 0 ? "已过期" : `将于 ${expires.format("M月D日")} 到期`}，请及时<Link to="/account">修改密码</Link>。
          </>
        ),
      });
    }
  }
  if (me.user.totpRequired && !me.user.totpEnabled) {
    warnings.push({
      key: "totp",
      type: "warning",
      text: (
        <>
          您的岗位要求启用双因素认证，请在<Link to="/account">我的账号</Link>中完成设置。
        </>
      ),
    });
  }
  const d = dash.data;
  const seesCalendar = can("calendar.read", "calendar.manage");
  if (d?.calendar.warnings && seesCalendar) {
    for (const w of d.calendar.warnings) {
      const text = w.message.replace(/[。.]$/, "");
      warnings.push({
        key: `cal-${w.year}`,
        type: w.level === "error" ? "error" : "warning",
        text: (
          <>
            {text}
            {can("calendar.manage") ? (
              <>
                {"，"}
                <Link to={`/calendar?year=${w.year}`}>前往工作日历</Link>
              </>
            ) : null}
            。
          </>
        ),
      });
    }
  } else if (d && !d.calendar.warnings && seesCalendar && !d.calendar.nextYearCovered) {
    warnings.push({
      key: "cal",
      type: "warning",
      text: (
        <>
          工作日历尚未录入 {d.calendar.nextYear} 年节假日安排。国务院办公厅通知发布后，请
          {can("calendar.manage") ? <Link to={`/calendar?year=${d.calendar.nextYear}`}>及时录入</Link> : "及时通知平台管理员录入"}
          ，否则跨年的办理时限将按普通周末计算。
        </>
      ),
    });
  }
  if (d && (d.counts.pendingColumnRequests ?? 0) > 0 && can("column.decide")) {
    warnings.push({
      key: "colreq",
      type: "info",
      text: (
        <>
          有 {d.counts.pendingColumnRequests} 件栏目调整申请待审批，<Link to="/columns?tab=requests">前往处理</Link>。
        </>
      ),
    });
  }
  if (d && (d.counts.pendingPasswordResets ?? 0) > 0 && can("password_reset.approve")) {
    warnings.push({
      key: "pwreq",
      type: "info",
      text: (
        <>
          有 {d.counts.pendingPasswordResets} 件密码重置申请待审批，<Link to="/password-resets">前往处理</Link>。
        </>
      ),
    });
  }

  const stats: { title: string; value: number | null; link: string; show: boolean }[] = d
    ? [
        { title: "单位", value: d.counts.units, link: "/units", show: can("unit.manage") },
        { title: "在用账号", value: d.counts.users, link: "/users", show: can("user.read", "user.manage") },
        { title: "站点", value: d.counts.sites, link: "/sites", show: can("site.read", "site.manage") },
        { title: "栏目", value: d.counts.columns, link: "/columns", show: can("column.manage", "column.request", "column.decide", "column.read") },
        {
          title: "待审批栏目调整",
          value: d.counts.pendingColumnRequests,
          link: "/columns?tab=requests",
          show: can("column.decide", "column.request"),
        },
        {
          title: "待审批密码重置",
          value: d.counts.pendingPasswordResets,
          link: "/password-resets",
          show: can("password_reset.approve", "password_reset.request"),
        },
      ]
    : [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {greeting()}，{me.user.realName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me.user.unitName}
          {me.user.title ? ` · ${me.user.title}` : ""}
          {me.roles.length ? ` · ${[...new Set(me.roles.map((r) => r.roleName))].join("、")}` : ""}
        </Typography.Text>
      </Card>
      {warnings.map((w) => (
        <Alert key={w.key} type={w.type} showIcon title={w.text} />
      ))}
      {dash.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : dash.isError ? (
        dash.error instanceof ApiError && dash.error.status === 403 ? null : (
          <PageError error={dash.error} onRetry={() => void dash.refetch()} />
        )
      ) : (
        <Row gutter={[16, 16]}>
          {stats
            .filter((s) => s.show && s.value !== null)
            .map((s) => (
              <Col key={s.title} xs={12} md={8} xl={4}>
                <Link to={s.link}>
                  <Card hoverable>
                    <Statistic title={s.title} value={s.value ?? 0} />
                  </Card>
                </Link>
              </Col>
            ))}
        </Row>
      )}
    </Space>
  );
}
