import { useState } from "react";
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Flex, Form, Input, Select, Space, Table, Tag, Timeline, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router-dom";
import type { Dayjs } from "dayjs";
import { api } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { formError } from "../../lib/forms";
import { useSites } from "../../lib/lookups";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { FormModal } from "../../components/FormModal";
import { useDutyMeta } from "./meta";

interface Row {
  id: string;
  kind: string;
  title: string;
  level: string;
  status: string;
  occurredAt: string;
  siteName: string | null;
  by: string;
  entries: number;
}
interface Detail extends Omit<Row, "entries"> {
  source: string;
  description: string;
  conclusion: string;
  closedAt: string | null;
  entries: Array<{ id: string; content: string; byName: string; at: string }>;
}

const LEVEL_COLOR: Record<string, string> = { normal: "default", major: "orange", critical: "red" };
const STATUS_COLOR: Record<string, string> = { open: "error", following: "processing", closed: "success" };

export default function IncidentsPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const meta = useDutyMeta();
  const [kind, setKind] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ["duty-incidents", kind, status, page], queryFn: () => api.get<{ items: Row[]; total: number }>("/api/duty/incidents", { kind, status, page }), placeholderData: keepPreviousData });
  if (list.isError && !list.data) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  const m = meta.data;
  return (
    <>
      <PageHeader
        title="突发事件和舆情"
        description="值班中发现的突发事件和涉及本县的网络舆情，逐条跟进直至办结。重大事件登记后立即通知监管员和全体值班员。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记
          </Button>
        }
      />
      <Card>
        <Flex gap={12} style={{ marginBottom: 16 }}>
          <Select allowClear placeholder="全部类别" style={{ width: 140 }} value={kind} onChange={(v) => (setKind(v), setPage(1))} options={Object.entries(m?.incidentKinds ?? {}).map(([value, label]) => ({ value, label }))} />
          <Select allowClear placeholder="全部状态" style={{ width: 140 }} value={status} onChange={(v) => (setStatus(v), setPage(1))} options={Object.entries(m?.incidentStatus ?? {}).map(([value, label]) => ({ value, label }))} />
        </Flex>
        <Table<Row>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
          onRow={(r) => ({ onClick: () => navigate(`/duty/incidents/${r.id}`), style: { cursor: "pointer" } })}
          locale={{ emptyText: "暂无记录" }}
          columns={[
            { title: "标题", dataIndex: "title" },
            { title: "类别", dataIndex: "kind", width: 100, render: (v: string) => m?.incidentKinds[v] ?? v },
            { title: "等级", dataIndex: "level", width: 90, render: (v: string) => <Tag color={LEVEL_COLOR[v]}>{m?.incidentLevels[v] ?? v}</Tag> },
            { title: "发生时间", dataIndex: "occurredAt", width: 160, render: (v: string) => fmtDateTime(v) },
            { title: "涉及站点", dataIndex: "siteName", width: 160, render: (v: string | null) => v ?? "—" },
            { title: "登记人", dataIndex: "by", width: 100 },
            { title: "跟进", dataIndex: "entries", width: 70 },
            { title: "状态", dataIndex: "status", width: 100, render: (v: string) => <Tag color={STATUS_COLOR[v]}>{m?.incidentStatus[v] ?? v}</Tag> },
          ]}
        />
      </Card>
      {creating ? <CreateIncident onClose={() => setCreating(false)} /> : null}
      {id ? <IncidentDrawer id={id} onClose={() => navigate("/duty/incidents")} /> : null}
    </>
  );
}

function CreateIncident({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const meta = useDutyMeta();
  const sites = useSites();
  const submit = async (v: Record<string, unknown>) => {
    await api.post("/api/duty/incidents", { ...v, occurredAt: (v.occurredAt as Dayjs | undefined)?.toISOString() });
    message.success("已登记");
    void qc.invalidateQueries({ queryKey: ["duty-incidents"] });
  };
  const m = meta.data;
  return (
    <FormModal open title="登记突发事件或舆情" okText="登记" width={640} testId="incident-form" fields={["kind", "title", "level", "source", "occurredAt", "description", "siteId"]} initialValues={{ kind: "opinion", level: "normal" }} onClose={onClose} onSubmit={submit}>
      <Space size={16}>
        <Form.Item name="kind" label="类别">
          <Select style={{ width: 140 }} options={Object.entries(m?.incidentKinds ?? {}).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="level" label="等级">
          <Select style={{ width: 140 }} options={Object.entries(m?.incidentLevels ?? {}).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="occurredAt" label="发生（发现）时间" rules={[{ required: true, message: "请选择时间" }]}>
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Space>
      <Form.Item name="title" label="标题" rules={[{ required: true, message: "请填写标题" }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="source" label="来源" extra="如 微博、微信公众号、群众来电、巡查发现">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="siteId" label="涉及站点">
        <Select allowClear options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />
      </Form.Item>
      <Form.Item name="description" label="情况描述" rules={[{ required: true, message: "请描述事件经过" }]}>
        <Input.TextArea rows={4} maxLength={5000} />
      </Form.Item>
    </FormModal>
  );
}

function IncidentDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const qc = useQueryClient();
  const meta = useDutyMeta();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const detail = useQuery({ queryKey: ["duty-incident", id], queryFn: () => api.get<Detail>(`/api/duty/incidents/${id}`) });
  const add = useMutation({
    mutationFn: (v: { content: string; close?: boolean; conclusion?: string }) => api.post(`/api/duty/incidents/${id}/entries`, { content: v.content, close: !!v.close, conclusion: v.conclusion ?? "" }),
    onSuccess: () => {
      form.resetFields();
      setError(null);
      void qc.invalidateQueries({ queryKey: ["duty-incident", id] });
      void qc.invalidateQueries({ queryKey: ["duty-incidents"] });
    },
    onError: (e) => setError(formError(form, e, ["content", "conclusion"])),
  });
  const d = detail.data;
  const m = meta.data;
  return (
    <Drawer open width={640} title={d?.title ?? "事件详情"} onClose={onClose}>
      {detail.isError ? <PageError error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {d ? (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="类别">{m?.incidentKinds[d.kind] ?? d.kind}</Descriptions.Item>
            <Descriptions.Item label="等级">
              <Tag color={LEVEL_COLOR[d.level]}>{m?.incidentLevels[d.level] ?? d.level}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="发生时间">{fmtDateTime(d.occurredAt)}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLOR[d.status]}>{m?.incidentStatus[d.status] ?? d.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="来源">{d.source || "—"}</Descriptions.Item>
            <Descriptions.Item label="登记人">{d.by}</Descriptions.Item>
            <Descriptions.Item label="情况描述" span={2}>
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{d.description}</Typography.Paragraph>
            </Descriptions.Item>
            {d.status === "closed" ? (
              <Descriptions.Item label="处置结果" span={2}>
                {d.conclusion}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            跟进记录
          </Typography.Title>
          <Timeline items={d.entries.map((e) => ({ children: <><Typography.Text type="secondary">{fmtDateTime(e.at)} {e.byName}</Typography.Text><div style={{ whiteSpace: "pre-wrap" }}>{e.content}</div></> }))} />
          {d.status !== "closed" ? (
            <>
              {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
              <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
                <Form.Item name="content" label="跟进情况" rules={[{ required: true, message: "请填写跟进情况" }]}>
                  <Input.TextArea rows={3} maxLength={5000} />
                </Form.Item>
                <Form.Item name="close" valuePropName="checked">
                  <Checkbox>处置完毕，办结此事件</Checkbox>
                </Form.Item>
                <Form.Item noStyle shouldUpdate={(a, b) => a.close !== b.close}>
                  {({ getFieldValue }) =>
                    getFieldValue("close") ? (
                      <Form.Item name="conclusion" label="处置结果" rules={[{ required: true, message: "办结时请填写处置结果" }]}>
                        <Input.TextArea rows={2} maxLength={2000} />
                      </Form.Item>
                    ) : null
                  }
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={add.isPending}>
                  提交
                </Button>
              </Form>
            </>
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}
