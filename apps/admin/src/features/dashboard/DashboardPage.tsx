import { useState } from "react";
import { Alert, Card, Skeleton, Space, Typography } from "antd";
import { Link } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { bj } from "../../lib/format";
import { api, ApiError } from "../../lib/api";
import { useCan, useMe } from "../../auth/session";
import type { Dashboard } from "../../lib/types";
import { PageError } from "../../components/PageError";
import { CockpitView } from "./Cockpit";
import type { Cockpit } from "./types";

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
  const [siteId, setSiteId] = useState<string | undefined>(undefined);
  const cockpit = useQuery({
    queryKey: ["cockpit", siteId ?? ""],
    queryFn: () => api.get<Cockpit>(`/api/cockpit${siteId ? `?siteId=${encodeURIComponent(siteId)}` : ""}`),
    placeholderData: (prev) => prev,
  });

  if (!me) return null;

  const warnings: { key: string; type: "warning" | "error" | "info"; text: React.ReactNode }[] = [];
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
      {cockpit.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : cockpit.isError ? (
        cockpit.error instanceof ApiError && cockpit.error.status === 403 && siteId ? (
          <PageError error={cockpit.error} onRetry={() => setSiteId(undefined)} />
        ) : (
          <PageError error={cockpit.error} onRetry={() => void cockpit.refetch()} />
        )
      ) : (
        <CockpitView data={cockpit.data} siteId={siteId ?? (cockpit.data.sites.find((s) => s.kind === "portal") ?? cockpit.data.sites[0])?.siteId} allSites={!siteId} onSite={setSiteId} />
      )}
    </Space>
  );
}
