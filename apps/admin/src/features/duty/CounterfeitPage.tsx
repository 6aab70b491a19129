import { useState } from "react";
import { Alert, App, Button, Card, Descriptions, Drawer, Flex, Form, Input, Select, Space, Table, Tag, Timeline, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router-dom";
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
  caseNo: string;
  source: string;
  url: string;
  host: string;
  status: string;
  outcome: string;
  createdAt: string;
  siteName: string | null;
}
interface Detail extends Row {
  description: string;
  reporterName: string;
  reporterContact: string;
  steps: Array<{ id: string; step: string; stepName: string; note: string; byName: string; at: string }>;
  sameHost: Array<{ id: string; caseNo: string; status: string; createdAt: string }>;
  allowedSteps: Array<{ key: string; name: string; outcome: boolean }>;
}

const STATUS_COLOR: Record<string, string> = { received: "error", verifying: "processing", confirmed: "volcano", reported: "orange", offline: "cyan", closed: "success" };

export default function CounterfeitPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const meta = useDutyMeta();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ["duty-counterfeit", status, page], queryFn: () => api.get<{ items: Row[]; total: number }>("/api/duty/counterfeit", { status, page }), placeholderData: keepPreviousData });
  if (list.isError && !list.data) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  const m = meta.data;
  return (
    <>
      <PageHeader
        title="假冒网站"
        description="网民举报和巡查发现的假冒政府网站：核实、报告网信部门和公安机关、确认下线、结案。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记假冒网站
          </Button>
        }
      />
      <Card>
        <Flex gap={12} style={{ marginBottom: 16 }}>
          <Select allowClear placeholder="全部状态" style={{ width: 180 }} value={status} onChange={(v) => (setStatus(v), setPage(1))} options={Object.entries(m?.counterfeitStatus ?? {}).map(([value, label]) => ({ value, label }))} />
        </Flex>
        <Table<Row>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
          onRow={(r) => ({ onClick: () => navigate(`/duty/counterfeit/${r.id}`), style: { cursor: "pointer" } })}
          locale={{ emptyText: "暂无记录" }}
          columns={[
            { title: "受理编号", dataIndex: "caseNo", width: 180 },
            { title: "假冒网址", dataIndex: "host", render: (v: string, r) => <Typography.Text copyable={{ text: r.url }}>{v}</Typography.Text> },
            { title: "仿冒站点", dataIndex: "siteName", width: 160, render: (v: string | null) => v ?? "—" },
            { title: "来源", dataIndex: "source", width: 90, render: (v: string) => (v === "public" ? "网民举报" : "工作人员") },
            { title: "登记时间", dataIndex: "createdAt", width: 160, render: (v: string) => fmtDateTime(v) },
            { title: "状态", dataIndex: "status", width: 140, render: (v: string) => <Tag color={STATUS_COLOR[v]}>{m?.counterfeitStatus[v] ?? v}</Tag> },
          ]}
        />
      </Card>
      {creating ? <CreateReport onClose={() => setCreating(false)} /> : null}
      {id ? <ReportDrawer id={id} onClose={() => navigate("/duty/counterfeit")} /> : null}
    </>
  );
}

function CreateReport({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const sites = useSites();
  const submit = async (v: Record<string, unknown>) => {
    await api.post("/api/duty/counterfeit", v);
    message.success("已登记，并通知值班人员和监管员");
    void qc.invalidateQueries({ queryKey: ["duty-counterfeit"] });
  };
  return (
    <FormModal open title="登记假冒网站" okText="登记" width={600} testId="counterfeit-report" fields={["url", "description", "imitatedSiteId", "reporterName", "reporterContact"]} onClose={onClose} onSubmit={submit}>
      <Form.Item name="url" label="假冒网址" rules={[{ required: true, message: "请填写假冒网站的网址" }]}>
        <Input placeholder="http://" maxLength={1000} />
      </Form.Item>
      <Form.Item name="imitatedSiteId" label="被仿冒的站点">
        <Select allowClear options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />
      </Form.Item>
      <Form.Item name="description" label="发现情况" rules={[{ required: true, message: "请说明发现的情况" }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Space size={16}>
        <Form.Item name="reporterName" label="线索提供人">
          <Input maxLength={40} placeholder="默认为本人" />
        </Form.Item>
        <Form.Item name="reporterContact" label="联系方式">
          <Input maxLength={100} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

function ReportDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const qc = useQueryClient();
  const meta = useDutyMeta();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const detail = useQuery({ queryKey: ["duty-counterfeit-report", id], queryFn: () => api.get<Detail>(`/api/duty/counterfeit/${id}`) });
  const step = useMutation({
    mutationFn: (v: { step: string; note: string; outcome?: string }) => api.post<Detail>(`/api/duty/counterfeit/${id}/steps`, { ...v, outcome: v.outcome ?? "" }),
    onSuccess: (d) => {
      form.resetFields();
      setError(null);
      qc.setQueryData(["duty-counterfeit-report", id], d);
      void qc.invalidateQueries({ queryKey: ["duty-counterfeit"] });
    },
    onError: (e) => setError(formError(form, e, ["step", "note", "outcome"])),
  });
  const d = detail.data;
  const m = meta.data;
  const chosen = Form.useWatch("step", form) as string | undefined;
  return (
    <Drawer open width={640} title={d ? `${d.caseNo} ${d.host}` : "假冒网站"} onClose={onClose}>
      {detail.isError ? <PageError error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {d ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLOR[d.status]}>{m?.counterfeitStatus[d.status] ?? d.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="假冒网址">
              <Typography.Text copyable>{d.url}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="仿冒站点">{d.siteName ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="发现情况">
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{d.description}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="线索提供">
              {d.source === "public" ? "网民举报" : "工作人员"}
              {d.reporterName ? `：${d.reporterName}` : ""}
              {d.reporterContact ? `（${d.reporterContact}）` : ""}
            </Descriptions.Item>
            {d.outcome ? <Descriptions.Item label="处置结果">{d.outcome}</Descriptions.Item> : null}
          </Descriptions>
          {d.sameHost.length ? (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              message={
                <span>
                  同一网址的其他记录：
                  {d.sameHost.map((s) => (
                    <Link key={s.id} to={`/duty/counterfeit/${s.id}`} style={{ marginRight: 8 }}>
                      {s.caseNo}（{m?.counterfeitStatus[s.status] ?? s.status}）
                    </Link>
                  ))}
                </span>
              }
            />
          ) : null}
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            处置过程
          </Typography.Title>
          <Timeline items={d.steps.map((s) => ({ children: <><Typography.Text strong>{s.stepName}</Typography.Text> <Typography.Text type="secondary">{fmtDateTime(s.at)} {s.byName}</Typography.Text><div style={{ whiteSpace: "pre-wrap" }}>{s.note}</div></> }))} />
          {d.allowedSteps.length ? (
            <>
              {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
              <Form form={form} layout="vertical" onFinish={(v) => step.mutate(v)}>
                <Form.Item name="step" label="处置步骤" rules={[{ required: true, message: "请选择处置步骤" }]}>
                  <Select options={d.allowedSteps.map((s) => ({ value: s.key, label: s.name }))} />
                </Form.Item>
                <Form.Item name="note" label="处置情况" rules={[{ required: true, message: "请填写处置情况" }]}>
                  <Input.TextArea rows={3} maxLength={2000} placeholder="例如：已通过 12377 平台报告县委网信办，报告编号……" />
                </Form.Item>
                {d.allowedSteps.find((s) => s.key === chosen)?.outcome ? (
                  <Form.Item name="outcome" label="处置结果" rules={[{ required: true, message: "结案时请填写处置结果" }]}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                ) : null}
                <Button type="primary" htmlType="submit" loading={step.isPending}>
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
