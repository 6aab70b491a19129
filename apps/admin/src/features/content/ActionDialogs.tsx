// Dialogs for what can be done to a document besides editing: take it down (撤回/删除/重定向),
// flag it for emergency takedown (监管员), offer it to another site (报送), and the final signer's
// written confirmation of blocking check findings.
import { useEffect, useState } from "react";
import { Alert, App, Form, Input, Modal, Radio, Select, Space, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { formError } from "../../lib/forms";
import { useSites } from "../../lib/lookups";
import { useMe } from "../../auth/session";
import { contentKeys } from "./queries";
import { unpublishModes } from "./labels";
import { ColumnPicker } from "./pickers";

function useAfter(documentId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: contentKeys.document(documentId) });
    void qc.invalidateQueries({ queryKey: contentKeys.documents });
    void qc.invalidateQueries({ queryKey: contentKeys.takedowns });
    void qc.invalidateQueries({ queryKey: contentKeys.submissions });
  };
}

interface UnpublishValues {
  mode: "withdraw" | "remove" | "redirect";
  reason: string;
  notice?: string;
  redirectUrl?: string;
}

export function UnpublishDialog({ open, documentId, onClose }: { open: boolean; documentId: string; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<UnpublishValues>();
  const mode = Form.useWatch("mode", form) ?? "withdraw";
  const [error, setError] = useState<string | null>(null);
  const after = useAfter(documentId);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);
  const run = useMutation({
    mutationFn: (v: UnpublishValues) =>
      api.post(`/api/documents/${documentId}/unpublish`, {
        mode: v.mode,
        reason: v.reason.trim(),
        notice: v.mode === "withdraw" ? v.notice?.trim() ?? "" : "",
        ...(v.mode === "redirect" ? { redirectUrl: v.redirectUrl?.trim() } : {}),
      }),
    onSuccess: (_r, v) => {
      message.success(`已${unpublishModes[v.mode].text}`);
      after();
      onClose();
    },
    onError: (e) => setError(formError(form, e, ["mode", "reason", "notice", "redirectUrl"])),
  });
  return (
    <Modal
      title="撤下已发布信息"
      open={open}
      onCancel={onClose}
      okText="确认"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: run.isPending, "data-testid": "unpublish-confirm" }}
      onOk={() => void form.validateFields().then((v) => run.mutate(v)).catch(() => undefined)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ mode: "withdraw" }}>
        <Form.Item name="mode" label="处理方式">
          <Radio.Group data-testid="unpublish-mode">
            <Space orientation="vertical">
              {(Object.keys(unpublishModes) as (keyof typeof unpublishModes)[]).map((k) => (
                <Radio key={k} value={k}>
                  {unpublishModes[k].text}
                  <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                    {unpublishModes[k].hint}
                  </Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, min: 4, message: "请写明原因（不少于 4 个字）" }]} extra="记入审计日志和信息发布登记。">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} showCount data-testid="unpublish-reason" />
        </Form.Item>
        {mode === "withdraw" ? (
          <Form.Item name="notice" label="撤回公告（网站上显示）" extra="不填则显示“该信息已于某日撤回。”">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
          </Form.Item>
        ) : null}
        {mode === "redirect" ? (
          <Form.Item
            name="redirectUrl"
            label="转到地址"
            rules={[
              { required: true, message: "请填写重定向地址" },
              { pattern: /^(https?:\/\/|\/)\S+$/, message: "须为站内路径（以 / 开头）或 http(s) 网址" },
            ]}
          >
            <Input placeholder="/zwgk/tzgg/…… 或 https://" />
          </Form.Item>
        ) : null}
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Modal>
  );
}

export function TakedownDialog({ open, documentId, hours, onClose }: { open: boolean; documentId: string; hours?: number; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const after = useAfter(documentId);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);
  const run = useMutation({
    mutationFn: (v: { reason: string }) => api.post(`/api/documents/${documentId}/takedown`, { reason: v.reason.trim() }),
    onSuccess: () => {
      message.success("已发出紧急撤稿通知，责任单位将立即收到提醒");
      after();
      onClose();
    },
    onError: (e) => setError(formError(form, e, ["reason"])),
  });
  return (
    <Modal
      title="紧急撤稿通知"
      open={open}
      onCancel={onClose}
      okText="发出通知"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: run.isPending, "data-testid": "takedown-confirm" }}
      onOk={() => void form.validateFields().then((v) => run.mutate(v)).catch(() => undefined)}
      destroyOnHidden
    >
      <Typography.Paragraph>
        通知发出后，责任单位须在 {hours ?? 1} 小时内撤下该信息；逾期未处置的，系统上报监管员，监管员可直接撤下。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="撤稿原因" rules={[{ required: true, whitespace: true, min: 4, message: "请写明需要撤下的原因" }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={1000} showCount data-testid="takedown-reason" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Modal>
  );
}

export function ShareDialog({ open, documentId, siteId, onClose }: { open: boolean; documentId: string; siteId: string; onClose: () => void }) {
  const { message } = App.useApp();
  const { data: me } = useMe();
  const sites = useSites();
  const [form] = Form.useForm<{ targetSiteId?: string; targetColumnId?: string; note?: string }>();
  const targetSiteId = Form.useWatch("targetSiteId", form);
  const [error, setError] = useState<string | null>(null);
  const after = useAfter(documentId);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);
  // Sites the person can see, other than the document's own; the portal first.
  const choices = new Map<string, string>();
  for (const s of [...(sites.data ?? [])].sort((a, b) => (a.kind === "portal" ? -1 : b.kind === "portal" ? 1 : 0))) choices.set(s.id, s.name);
  for (const r of me?.roles ?? []) if (r.siteId && r.siteName && !choices.has(r.siteId)) choices.set(r.siteId, r.siteName);
  choices.delete(siteId);
  const run = useMutation({
    mutationFn: (v: { targetColumnId?: string; note?: string }) => api.post(`/api/documents/${documentId}/submissions`, { targetColumnId: v.targetColumnId, note: v.note?.trim() ?? "" }),
    onSuccess: () => {
      message.success("已报送，等待接收网站审核采用");
      after();
      onClose();
    },
    onError: (e) => setError(formError(form, e, ["targetColumnId", "note"])),
  });
  return (
    <Modal
      title="报送到其他网站"
      open={open}
      onCancel={onClose}
      okText="报送"
      cancelText="取消"
      okButtonProps={{ loading: run.isPending, "data-testid": "share-confirm" }}
      onOk={() => void form.validateFields().then((v) => run.mutate(v)).catch(() => undefined)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">报送的信息经接收网站签发领导审核采用后发布，采用情况计入本单位考核。</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="targetSiteId" label="接收网站" rules={[{ required: true, message: "请选择接收网站" }]}>
          <Select
            options={[...choices.entries()].map(([value, label]) => ({ value, label }))}
            placeholder={choices.size ? "请选择" : "没有可报送的其他网站"}
            onChange={() => form.setFieldValue("targetColumnId", undefined)}
          />
        </Form.Item>
        <Form.Item name="targetColumnId" label="接收栏目" rules={[{ required: true, message: "请选择接收栏目" }]}>
          <ColumnPicker siteId={targetSiteId} allowed={null} />
        </Form.Item>
        <Form.Item name="note" label="报送说明">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} showCount />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Modal>
  );
}

export function OverrideDialog({ open, documentId, count, onClose }: { open: boolean; documentId: string; count: number; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const after = useAfter(documentId);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);
  const run = useMutation({
    mutationFn: (v: { reason: string }) => api.post(`/api/documents/${documentId}/override-checks`, { reason: v.reason.trim() }),
    onSuccess: () => {
      message.success("已书面确认，撰稿人可以送审");
      after();
      onClose();
    },
    onError: (e) => setError(formError(form, e, ["reason"])),
  });
  return (
    <Modal
      title="书面确认保留检查提示的内容"
      open={open}
      onCancel={onClose}
      okText="确认"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: run.isPending, "data-testid": "override-confirm" }}
      onOk={() => void form.validateFields().then((v) => run.mutate(v)).catch(() => undefined)}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={`当前草稿有 ${count} 处自动检查认定必须修改的内容`}
        description="确认后，撰稿人可不作修改直接送审。确认人、理由和时间将记入审计日志，并向每一位审核人显示。"
      />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="不予修改的理由" rules={[{ required: true, whitespace: true, min: 10, message: "请写明理由（不少于 10 个字）" }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={1000} showCount data-testid="override-reason" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Modal>
  );
}
