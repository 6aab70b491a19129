import { useState } from "react";
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, List, Space, Table, Tag, Typography, Upload } from "antd";
import { PaperClipOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Dayjs } from "dayjs";
import { useNavigate, useParams } from "react-router-dom";
import { api, errorMessage, uploadFile } from "../../lib/api";
import { fmtDate } from "../../lib/format";
import { formError } from "../../lib/forms";
import { useCan } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { FormModal } from "../../components/FormModal";

interface FileRef {
  id: string;
  originalName: string;
  size: number;
}
interface PlanRow {
  id: string;
  title: string;
  scope: string;
  version: string;
  approvedOn: string | null;
  mediaIds: string[];
  drills: number;
  lastDrillOn: string | null;
  drilledThisYear: boolean;
}
interface PlanDetail extends Omit<PlanRow, "drills"> {
  summary: string;
  files: FileRef[];
  drills: Array<{ id: string; heldOn: string; scenario: string; participants: string; outcome: string; problems: string; by: string; files: FileRef[] }>;
}

/** Uploads documents through the duty endpoint (media module) and keeps their ids. */
function DocumentsField({ value = [], onChange }: { value?: FileRef[]; onChange?: (v: FileRef[]) => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Upload
        showUploadList={false}
        customRequest={async ({ file }) => {
          setBusy(true);
          try {
            const r = await uploadFile<{ media: FileRef }>("/api/duty/documents", file as File);
            onChange?.([...value, r.media]);
          } catch (e) {
            message.error(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy}>
          上传文件
        </Button>
      </Upload>
      {value.map((f) => (
        <Tag key={f.id} closable onClose={() => onChange?.(value.filter((x) => x.id !== f.id))} icon={<PaperClipOutlined />}>
          {f.originalName}
        </Tag>
      ))}
    </Space>
  );
}

const fileLinks = (files: FileRef[]) =>
  files.length ? (
    <Space direction="vertical" size={0}>
      {files.map((f) => (
        <a key={f.id} href={`/api/media/${f.id}`}>
          <PaperClipOutlined /> {f.originalName}（{Math.ceil(f.size / 1024)} KB）
        </a>
      ))}
    </Space>
  ) : (
    "—"
  );

export default function PlansPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ["duty-plans"], queryFn: () => api.get<{ items: PlanRow[] }>("/api/duty/plans").then((r) => r.items) });
  if (list.isError) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <PageHeader
        title="应急预案和演练"
        description="网站安全事件应急预案及其文件；每次演练登记情景、参演人员、效果和发现的问题。"
        extra={
          can("duty.manage") ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建预案
            </Button>
          ) : null
        }
      />
      <Card>
        <Table<PlanRow>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: "暂无应急预案" }}
          onRow={(r) => ({ onClick: () => navigate(`/duty/plans/${r.id}`), style: { cursor: "pointer" } })}
          columns={[
            { title: "预案名称", dataIndex: "title" },
            { title: "版本", dataIndex: "version", width: 100 },
            { title: "印发日期", dataIndex: "approvedOn", width: 120, render: (v: string | null) => (v ? fmtDate(v) : "—") },
            { title: "文件", width: 80, render: (_, p) => p.mediaIds.length },
            { title: "演练次数", dataIndex: "drills", width: 100 },
            { title: "最近演练", width: 160, render: (_, p) => (p.lastDrillOn ? <Space>{p.lastDrillOn}{p.drilledThisYear ? null : <Tag color="warning">今年未演练</Tag>}</Space> : <Tag color="warning">未演练</Tag>) },
          ]}
        />
      </Card>
      {creating ? <PlanModal onClose={() => setCreating(false)} /> : null}
      {id ? <PlanDrawer id={id} onClose={() => navigate("/duty/plans")} /> : null}
    </>
  );
}

function PlanModal({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const submit = async (values: Record<string, unknown>) => {
    const v = values as { title: string; scope?: string; summary?: string; version?: string; approvedOn?: Dayjs; files?: FileRef[] };
    await api.post("/api/duty/plans", { title: v.title, scope: v.scope ?? "", summary: v.summary ?? "", version: v.version ?? "", approvedOn: v.approvedOn ? v.approvedOn.format("YYYY-MM-DD") : null, mediaIds: (v.files ?? []).map((f) => f.id) });
    message.success("应急预案已保存");
    void qc.invalidateQueries({ queryKey: ["duty-plans"] });
  };
  return (
    <FormModal open title="新建应急预案" okText="保存" width={640} testId="plan-form" fields={["title", "scope", "summary", "version", "approvedOn"]} onClose={onClose} onSubmit={submit}>
      <Form.Item name="title" label="预案名称" rules={[{ required: true, message: "请填写预案名称" }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Space size={16}>
        <Form.Item name="version" label="版本">
          <Input maxLength={30} placeholder="如 2025版" />
        </Form.Item>
        <Form.Item name="approvedOn" label="印发日期">
          <DatePicker />
        </Form.Item>
      </Space>
      <Form.Item name="scope" label="适用范围">
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="summary" label="主要内容">
        <Input.TextArea rows={4} maxLength={5000} />
      </Form.Item>
      <Form.Item name="files" label="预案文件">
        <DocumentsField />
      </Form.Item>
    </FormModal>
  );
}

function PlanDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const detail = useQuery({ queryKey: ["duty-plan", id], queryFn: () => api.get<PlanDetail>(`/api/duty/plans/${id}`) });
  const drill = useMutation({
    mutationFn: (v: { heldOn?: Dayjs; scenario: string; participants?: string; outcome?: string; problems?: string; files?: FileRef[] }) =>
      api.post(`/api/duty/plans/${id}/drills`, { heldOn: v.heldOn?.format("YYYY-MM-DD") ?? "", scenario: v.scenario, participants: v.participants ?? "", outcome: v.outcome ?? "", problems: v.problems ?? "", mediaIds: (v.files ?? []).map((f) => f.id) }),
    onSuccess: () => {
      form.resetFields();
      setError(null);
      void qc.invalidateQueries({ queryKey: ["duty-plan", id] });
      void qc.invalidateQueries({ queryKey: ["duty-plans"] });
    },
    onError: (e) => setError(formError(form, e, ["heldOn", "scenario", "participants", "outcome", "problems"])),
  });
  const p = detail.data;
  return (
    <Drawer open width={680} title={p?.title ?? "应急预案"} onClose={onClose}>
      {detail.isError ? <PageError error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {p ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="版本">{p.version || "—"}</Descriptions.Item>
            <Descriptions.Item label="印发日期">{p.approvedOn ? fmtDate(p.approvedOn) : "—"}</Descriptions.Item>
            <Descriptions.Item label="适用范围">{p.scope || "—"}</Descriptions.Item>
            <Descriptions.Item label="主要内容">
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{p.summary || "—"}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="预案文件">{fileLinks(p.files)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            演练记录
          </Typography.Title>
          <List
            dataSource={p.drills}
            locale={{ emptyText: "尚未演练" }}
            renderItem={(d) => (
              <List.Item>
                <List.Item.Meta
                  title={`${d.heldOn} ${d.scenario}`}
                  description={
                    <Space direction="vertical" size={0}>
                      {d.participants ? <span>参演：{d.participants}</span> : null}
                      {d.outcome ? <span>效果：{d.outcome}</span> : null}
                      {d.problems ? <span>发现的问题：{d.problems}</span> : null}
                      <span>登记人：{d.by}</span>
                      {d.files.length ? fileLinks(d.files) : null}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
          <Typography.Title level={5}>登记演练</Typography.Title>
          {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
          <Form form={form} layout="vertical" onFinish={(v) => drill.mutate(v)}>
            <Form.Item name="heldOn" label="演练日期" rules={[{ required: true, message: "请选择演练日期" }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="scenario" label="演练情景" rules={[{ required: true, message: "请填写演练情景" }]}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Form.Item name="participants" label="参演单位和人员">
              <Input maxLength={1000} />
            </Form.Item>
            <Form.Item name="outcome" label="演练效果">
              <Input.TextArea rows={2} maxLength={5000} />
            </Form.Item>
            <Form.Item name="problems" label="发现的问题">
              <Input.TextArea rows={2} maxLength={5000} />
            </Form.Item>
            <Form.Item name="files" label="演练材料">
              <DocumentsField />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={drill.isPending}>
              登记演练
            </Button>
          </Form>
        </>
      ) : null}
    </Drawer>
  );
}
