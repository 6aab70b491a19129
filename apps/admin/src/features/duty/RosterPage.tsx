import { useState } from "react";
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { PlusOutlined, ScheduleOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useSearchParams } from "react-router-dom";
import { api, errorMessage } from "../../lib/api";
import { formError } from "../../lib/forms";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { useCan } from "../../auth/session";

interface Person {
  assignmentId: string;
  userId: string;
  name: string;
  mobile: string;
  role: "leader" | "officer";
  note: string;
}
interface DayShift {
  shiftId: string;
  name: string;
  startTime: string;
  endTime: string;
  people: Person[];
  problems: string[];
}
interface Day {
  date: string;
  weekday: string;
  kind: string;
  label: string;
  emphasis: "holiday" | "makeup" | "weekend" | "none";
  covered: boolean;
  shifts: DayShift[];
}
interface Roster {
  month: string;
  shifts: Array<{ id: string; name: string; startTime: string; endTime: string }>;
  days: Day[];
  summary: { holidays: number; makeupWorkdays: number; uncoveredShifts: number; holidayProblems: number };
}

const EMPHASIS: Record<Day["emphasis"], { color?: string; background?: string }> = {
  holiday: { color: "red", background: "#fff1f0" },
  makeup: { color: "orange", background: "#fff7e6" },
  weekend: { color: "blue", background: "#f5f9ff" },
  none: {},
};

export default function RosterPage() {
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get("month") ?? "") ? params.get("month")! : dayjs().format("YYYY-MM");
  const can = useCan();
  const manage = can("duty.manage");
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [assignFor, setAssignFor] = useState<{ date: string; shiftId: string } | null>(null);
  const [shiftOpen, setShiftOpen] = useState(false);

  const roster = useQuery({ queryKey: ["duty-roster", month], queryFn: () => api.get<Roster>("/api/duty/roster", { month }) });
  const people = useQuery({ queryKey: ["duty-people"], queryFn: () => api.get<{ items: Array<{ id: string; realName: string; roles: string[] }> }>("/api/duty/people").then((r) => r.items), enabled: manage });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/api/duty/assignments/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["duty-roster"] }),
    onError: (e) => message.error(errorMessage(e)),
  });

  if (roster.isError) return <PageError error={roster.error} onRetry={() => void roster.refetch()} />;
  const r = roster.data;

  return (
    <>
      <PageHeader
        title="值班表"
        description="7×24 小时值班安排。法定节假日（红色）须每班安排带班领导；调休上班日（橙色）按工作日安排。"
        extra={
          <>
            <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setParams({ month: d.format("YYYY-MM") })} aria-label="选择月份" />
            {manage ? (
              <Button icon={<ScheduleOutlined />} onClick={() => setShiftOpen(true)}>
                班次设置
              </Button>
            ) : null}
          </>
        }
      />
      {r ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag color="red">节假日 {r.summary.holidays} 天</Tag>
          <Tag color="orange">调休上班 {r.summary.makeupWorkdays} 天</Tag>
          {r.summary.uncoveredShifts ? <Tag color="error">无人值班 {r.summary.uncoveredShifts} 个班次</Tag> : <Tag color="success">各班次均已安排</Tag>}
          {r.summary.holidayProblems ? <Tag color="error">节假日待补排 {r.summary.holidayProblems} 个班次</Tag> : null}
        </Space>
      ) : null}
      {r && !r.shifts.length ? <Alert type="info" showIcon message={manage ? "尚未设置班次，请先在“班次设置”中新建白班、夜班等班次。" : "尚未设置值班班次。"} style={{ marginBottom: 12 }} /> : null}
      <Card>
        <Table<Day>
          rowKey="date"
          size="small"
          loading={roster.isFetching}
          pagination={false}
          dataSource={r?.days ?? []}
          onRow={(d) => ({ style: { background: EMPHASIS[d.emphasis].background } })}
          columns={[
            {
              title: "日期",
              width: 190,
              render: (_, d) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong={d.emphasis === "holiday"}>
                    {d.date.slice(5)} {d.weekday}
                  </Typography.Text>
                  <Tag color={EMPHASIS[d.emphasis].color}>{d.label}</Tag>
                  {!d.covered ? <Typography.Text type="warning" style={{ fontSize: 12 }}>当年节假日安排未录入</Typography.Text> : null}
                </Space>
              ),
            },
            ...(r?.shifts ?? []).map((s, i) => ({
              title: `${s.name}（${s.startTime}—${s.endTime}${s.endTime <= s.startTime ? " 次日" : ""}）`,
              render: (_: unknown, d: Day) => {
                const cell = d.shifts[i];
                if (!cell) return null;
                return (
                  <Flex gap={4} wrap align="center">
                    {cell.people.map((p) => (
                      <Tooltip key={p.assignmentId} title={[p.mobile, p.note].filter(Boolean).join("，") || undefined}>
                        <Tag
                          color={p.role === "leader" ? "gold" : undefined}
                          closable={manage}
                          onClose={(e) => {
                            e.preventDefault();
                            modal.confirm({ title: `取消 ${d.date} ${cell.name} ${p.name} 的值班安排？`, okText: "取消安排", cancelText: "保留", onOk: () => remove.mutateAsync(p.assignmentId) });
                          }}
                        >
                          {p.role === "leader" ? "带班：" : ""}
                          {p.name}
                        </Tag>
                      </Tooltip>
                    ))}
                    {cell.problems.map((x) => (
                      <Tag key={x} color="error">
                        {x}
                      </Tag>
                    ))}
                    {manage ? <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setAssignFor({ date: d.date, shiftId: cell.shiftId })} aria-label={`安排 ${d.date} ${cell.name}`} /> : null}
                  </Flex>
                );
              },
            })),
          ]}
        />
      </Card>
      {assignFor ? <AssignModal target={assignFor} shifts={r?.shifts ?? []} people={people.data ?? []} onClose={() => setAssignFor(null)} /> : null}
      {shiftOpen ? <ShiftModal onClose={() => setShiftOpen(false)} /> : null}
    </>
  );
}

function AssignModal({ target, shifts, people, onClose }: { target: { date: string; shiftId: string }; shifts: Roster["shifts"]; people: Array<{ id: string; realName: string; roles: string[] }>; onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: { userId: string; role: string; note?: string }) => api.post("/api/duty/assignments", { day: target.date, shiftId: target.shiftId, ...v, note: v.note ?? "" }),
    onSuccess: () => {
      message.success("已安排值班，并通知本人");
      void qc.invalidateQueries({ queryKey: ["duty-roster"] });
      onClose();
    },
    onError: (e) => setError(formError(form, e, ["userId", "role", "note"])),
  });
  const shift = shifts.find((s) => s.id === target.shiftId);
  return (
    <Modal open title={`安排值班：${target.date} ${shift?.name ?? ""}`} okText="安排" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ role: "officer" }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="userId" label="值班人员" rules={[{ required: true, message: "请选择值班人员" }]}>
          <Select showSearch optionFilterProp="label" options={people.map((p) => ({ value: p.id, label: `${p.realName}（${p.roles.map((r) => (r === "supervisor" ? "监管员" : "值班员")).join("、")}）` }))} />
        </Form.Item>
        <Form.Item name="role" label="职责">
          <Select options={[{ value: "officer", label: "值班员" }, { value: "leader", label: "带班领导" }]} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ShiftModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const shifts = useQuery({ queryKey: ["duty-shifts"], queryFn: () => api.get<{ items: Array<{ id: string; name: string; startTime: string; endTime: string; active: boolean }> }>("/api/duty/shifts").then((r) => r.items) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["duty-shifts"] });
    void qc.invalidateQueries({ queryKey: ["duty-roster"] });
  };
  const create = useMutation({
    mutationFn: (v: { name: string; startTime: string; endTime: string }) => api.post("/api/duty/shifts", v),
    onSuccess: () => {
      message.success("班次已新建");
      form.resetFields();
      setError(null);
      refresh();
    },
    onError: (e) => setError(formError(form, e, ["name", "startTime", "endTime"])),
  });
  const toggle = useMutation({
    mutationFn: (s: { id: string; active: boolean }) => api.patch(`/api/duty/shifts/${s.id}`, { active: !s.active }),
    onSuccess: refresh,
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Modal open title="班次设置" footer={null} onCancel={onClose} width={620} destroyOnHidden>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={shifts.data ?? []}
        columns={[
          { title: "班次", dataIndex: "name" },
          { title: "时间", render: (_, s) => `${s.startTime}—${s.endTime}${s.endTime <= s.startTime ? "（次日）" : ""}` },
          { title: "状态", render: (_, s) => (s.active ? <Tag color="success">使用中</Tag> : <Tag>已停用</Tag>) },
          { title: "操作", render: (_, s) => <Button size="small" onClick={() => toggle.mutate(s)}>{s.active ? "停用" : "启用"}</Button> },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        新建班次
      </Typography.Title>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="inline" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="name" rules={[{ required: true, message: "请填写班次名称" }]}>
          <Input placeholder="班次名称，如 白班" maxLength={20} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="startTime" rules={[{ required: true, message: "请填写开始时间" }]}>
          <Input placeholder="开始 08:30" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="endTime" rules={[{ required: true, message: "请填写结束时间" }]}>
          <Input placeholder="结束 17:30" style={{ width: 110 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          新建
        </Button>
      </Form>
    </Modal>
  );
}
