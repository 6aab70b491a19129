import { useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Space, Table, Tooltip, Typography } from "antd";
import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs, { type Dayjs } from "dayjs";
import { api, errorMessage } from "../../lib/api";
import { calendarKindLabels, calendarSourceLabels } from "../../lib/labels";
import { bj, fromBeijingWallClock } from "../../lib/format";
import type { CalendarDay, CalendarYear } from "../../lib/types";
import { useCan } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";

const weekdays = ["日", "一", "二", "三", "四", "五", "六"];

export default function CalendarPage() {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get("year")) || bj().year();
  const can = useCan();
  const editable = can("calendar.manage");
  const [editing, setEditing] = useState<string | null>(null);

  const cal = useQuery({
    queryKey: ["calendar", year],
    queryFn: () => api.get<CalendarYear>("/api/calendar", { year }),
  });

  const byDay = useMemo(() => new Map((cal.data?.days ?? []).map((d) => [d.day, d])), [cal.data]);
  const setYear = (y: number) => setParams({ year: String(y) }, { replace: true });

  return (
    <>
      <PageHeader
        title="工作日历"
        description="按国务院办公厅公布的节假日安排（含调休上班日）计算各类办理时限，北京时间。收到当日为第 0 日，期限为第 N 个工作日 24 时前。"
        extra={
          <Space>
            <Button icon={<LeftOutlined />} onClick={() => setYear(year - 1)} aria-label="上一年" />
            <Typography.Text strong style={{ fontSize: 16, minWidth: 70, textAlign: "center", display: "inline-block" }}>
              {year} 年
            </Typography.Text>
            <Button icon={<RightOutlined />} onClick={() => setYear(year + 1)} aria-label="下一年" />
            {year !== bj().year() ? <Button onClick={() => setYear(bj().year())}>回到今年</Button> : null}
          </Space>
        }
      />
      {cal.isError ? (
        <PageError error={cal.error} onRetry={() => void cal.refetch()} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
          {cal.data && !cal.data.covered ? (
            <Alert
              type="warning"
              showIcon
              title={`尚未录入 ${year} 年节假日安排`}
              description={
                editable
                  ? `国务院办公厅发布${year}年部分节假日安排的通知后，请逐日录入放假日和调休上班日。未录入前，该年度只按周六、周日休息计算时限。`
                  : `请联系平台管理员在国务院办公厅通知发布后及时录入。未录入前，该年度只按周六、周日休息计算时限。`
              }
            />
          ) : null}
          <Row gutter={16}>
            <Col xs={24} xl={17}>
              <Card
                size="small"
                loading={cal.isPending}
                title={
                  <div className="gs-legend">
                    <span>
                      <i style={{ background: "#fde8e8" }} />
                      放假
                    </span>
                    <span>
                      <i style={{ background: "#e0ecff" }} />
                      调休上班
                    </span>
                    <span>
                      <i style={{ background: "#fff", border: "1px solid #e5e7eb" }} />
                      <Typography.Text type="secondary">灰色为周末</Typography.Text>
                    </span>
                    <span>
                      <i style={{ outline: "1px dashed #f59e0b" }} />
                      人工调整
                    </span>
                  </div>
                }
                extra={editable ? <Typography.Text type="secondary">点击日期可调整</Typography.Text> : null}
              >
                <div className="gs-cal-grid" data-testid="calendar-year">
                  {Array.from({ length: 12 }, (_, m) => (
                    <Month key={m} year={year} month={m} byDay={byDay} onPick={setEditing} />
                  ))}
                </div>
              </Card>
            </Col>
            <Col xs={24} xl={7}>
              <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
                <DueCalculator />
                <HolidaySummary days={cal.data?.days ?? []} />
              </Space>
            </Col>
          </Row>
        </Space>
      )}
      {editing ? (
        <DayModal day={editing} current={byDay.get(editing)} editable={editable} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}

function Month({
  year,
  month,
  byDay,
  onPick,
}: {
  year: number;
  month: number;
  byDay: Map<string, CalendarDay>;
  onPick: (day: string) => void;
}) {
  const first = dayjs(new Date(year, month, 1));
  const lead = first.day();
  const count = first.daysInMonth();
  const today = bj().format("YYYY-MM-DD");
  return (
    <div className="gs-month">
      <h4>{month + 1} 月</h4>
      <div className="gs-week">
        {weekdays.map((w) => (
          <div key={w} className="gs-wd">
            {w}
          </div>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <div key={`b${i}`} />
        ))}
        {Array.from({ length: count }, (_, i) => {
          const d = first.date(i + 1);
          const key = d.format("YYYY-MM-DD");
          const o = byDay.get(key);
          const weekend = d.day() === 0 || d.day() === 6;
          const cls = ["gs-day", o ? o.kind : weekend ? "weekend" : "", o?.source === "manual" ? "manual" : "", key === today ? "today" : ""]
            .filter(Boolean)
            .join(" ");
          const label = `${d.format("M月D日")}${o ? `，${o.name}${calendarKindLabels[o.kind]}` : weekend ? "，周末" : "，工作日"}`;
          const btn = (
            <button type="button" className={cls} onClick={() => onPick(key)} aria-label={label} data-day={key}>
              {i + 1}
              {o ? <span className="tag">{o.kind === "holiday" ? "休" : "班"}</span> : null}
            </button>
          );
          return o ? (
            <Tooltip key={key} title={`${o.name} · ${calendarKindLabels[o.kind]}`}>
              {btn}
            </Tooltip>
          ) : (
            <span key={key} style={{ display: "contents" }}>
              {btn}
            </span>
          );
        })}
      </div>
    </div>
  );
}

interface DayValues {
  kind: "holiday" | "workday";
  name: string;
  reason: string;
}

function DayModal({
  day,
  current,
  editable,
  onClose,
}: {
  day: string;
  current: CalendarDay | undefined;
  editable: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<DayValues>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const d = dayjs(day);
  const weekend = d.day() === 0 || d.day() === 6;
  const base = weekend ? "周末（休息日）" : "工作日";
  const [error, setError] = useState<string | null>(null);

  const done = async (recomputed: number | undefined, what: string) => {
    message.success(
      typeof recomputed === "number"
        ? `${what}，已重新计算 ${recomputed} 项未办结事项的办理时限`
        : what,
    );
    await qc.invalidateQueries({ queryKey: ["calendar"] });
    onClose();
  };

  const save = useMutation({
    mutationFn: (v: DayValues) =>
      api.put<{ recomputed?: number }>(`/api/calendar/${day}`, { kind: v.kind, name: v.name.trim(), reason: v.reason.trim() }),
    onSuccess: (r) => done(r?.recomputed, "日历已调整"),
    onError: (e) => setError(errorMessage(e)),
  });
  const reset = useMutation({
    mutationFn: (reason: string) => api.del<{ recomputed?: number }>(`/api/calendar/${day}`, { reason }),
    onSuccess: (r) => done(r?.recomputed, `已恢复为${base}`),
    onError: (e) => setError(errorMessage(e)),
  });

  const doReset = async () => {
    try {
      const { reason } = await form.validateFields(["reason"]);
      reset.mutate(reason.trim());
    } catch {
      // reason missing: the form says so
    }
  };

  return (
    <Modal
      open
      title={`${d.format("YYYY年M月D日")} 星期${weekdays[d.day()]}`}
      onCancel={onClose}
      destroyOnHidden
      footer={
        editable
          ? [
              current ? (
                <Popconfirm key="reset" title={`恢复为${base}？`} onConfirm={() => void doReset()}>
                  <Button danger loading={reset.isPending}>
                    恢复默认
                  </Button>
                </Popconfirm>
              ) : null,
              <Button key="cancel" onClick={onClose}>
                取消
              </Button>,
              <Button key="ok" type="primary" loading={save.isPending} onClick={() => form.submit()}>
                保存
              </Button>,
            ]
          : [
              <Button key="close" onClick={onClose}>
                关闭
              </Button>,
            ]
      }
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 16 }}
        items={[
          {
            key: "now",
            label: "当前安排",
            children: current ? `${current.name} · ${calendarKindLabels[current.kind]}` : base,
          },
          ...(current ? [{ key: "src", label: "依据", children: calendarSourceLabels[current.source] ?? current.source }] : []),
        ]}
      />
      {editable ? (
        <>
          <Alert
            type="info"
            showIcon
            title="调整后，系统将按新的日历重新计算所有未办结事项的办理时限，并记入审计日志。"
            style={{ marginBottom: 16 }}
          />
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
          <Form
            form={form}
            layout="vertical"
            initialValues={{ kind: current?.kind ?? (weekend ? "workday" : "holiday"), name: current?.name ?? "", reason: "" }}
            onFinish={(v) => {
              setError(null);
              save.mutate(v);
            }}
          >
            <Form.Item label="调整为" name="kind" rules={[{ required: true }]}>
              <Radio.Group
                options={[
                  { value: "holiday", label: "放假" },
                  { value: "workday", label: "调休上班" },
                ]}
              />
            </Form.Item>
            <Form.Item label="节日名称" name="name" rules={[{ required: true, whitespace: true, message: "请填写节日名称" }]}>
              <Input maxLength={20} placeholder="如：国庆节" />
            </Form.Item>
            <Form.Item label="调整依据" name="reason" rules={[{ required: true, whitespace: true, message: "请填写调整依据" }]}>
              <Input.TextArea rows={2} maxLength={300} placeholder="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）" />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}

function DueCalculator() {
  const [from, setFrom] = useState<Dayjs | null>(() => dayjs(bj().format("YYYY-MM-DDTHH:mm:ss")));
  const [workdays, setWorkdays] = useState<number | null>(5);
  const [params, setParams] = useState<{ from: string; workdays: number } | null>(null);
  const due = useQuery({
    queryKey: ["calendar-due", params],
    queryFn: () => api.get<{ due: string }>("/api/calendar/due", params ?? undefined),
    enabled: !!params,
  });
  const result = due.data?.due ? bj(due.data.due) : null;
  return (
    <Card size="small" title="办理时限计算">
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Flex gap={8} align="center">
          <Typography.Text style={{ width: 72, flex: "none" }}>收到时间</Typography.Text>
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" value={from} onChange={setFrom} style={{ flex: 1 }} aria-label="收到时间" />
        </Flex>
        <Flex gap={8} align="center">
          <Typography.Text style={{ width: 72, flex: "none" }}>办理时限</Typography.Text>
          <InputNumber min={0} max={365} value={workdays} onChange={setWorkdays} suffix="个工作日" style={{ flex: 1 }} aria-label="工作日数" />
        </Flex>
        <Button
          type="primary"
          block
          disabled={!from || workdays === null}
          loading={due.isFetching}
          onClick={() => from && workdays !== null && setParams({ from: fromBeijingWallClock(from).format(), workdays })}
        >
          计算截止时间
        </Button>
        {due.isError ? <Alert type="error" showIcon title={errorMessage(due.error)} /> : null}
        {result && params ? (
          <Alert
            type="success"
            title={
              <span data-testid="due-result">
                截止时间：{result.format("YYYY年M月D日")} 星期{weekdays[result.day()]} {result.format("HH:mm:ss")}
              </span>
            }
            description={`自 ${bj(params.from).format("M月D日 HH:mm")} 收到起（当日为第 0 日），第 ${params.workdays} 个工作日结束时截止（北京时间）。`}
          />
        ) : null}
      </Space>
    </Card>
  );
}

/** The year's official arrangement, one line per festival, as the State Council notice reads. */
function HolidaySummary({ days }: { days: CalendarDay[] }) {
  const rows = useMemo(() => {
    const groups = new Map<string, { holidays: string[]; workdays: string[] }>();
    for (const d of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
      const g = groups.get(d.name) ?? { holidays: [], workdays: [] };
      (d.kind === "holiday" ? g.holidays : g.workdays).push(d.day);
      groups.set(d.name, g);
    }
    const fmtRange = (list: string[]) => {
      if (!list.length) return "—";
      const first = dayjs(list[0]);
      const last = dayjs(list[list.length - 1]);
      return list.length === 1 ? first.format("M月D日") : `${first.format("M月D日")}至${last.format("M月D日")}`;
    };
    return [...groups.entries()].map(([name, g]) => ({
      name,
      off: fmtRange(g.holidays),
      work: g.workdays.length ? g.workdays.map((d) => dayjs(d).format("M月D日")).join("、") : "—",
    }));
  }, [days]);
  return (
    <Card size="small" title="本年度放假调休安排">
      <Table
        rowKey="name"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: "未录入" }}
        columns={[
          { title: "节日", dataIndex: "name", width: 70 },
          { title: "放假", dataIndex: "off" },
          { title: "调休上班", dataIndex: "work", width: 90 },
        ]}
      />
    </Card>
  );
}
