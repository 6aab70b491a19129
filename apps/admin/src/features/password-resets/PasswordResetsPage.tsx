import { useState } from "react";
import { App, Button, Card, Form, Input, Modal, Popconfirm, Segmented, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { requestStatusLabels } from "../../lib/labels";
import type { ListResult, PasswordReset, RequestStatus } from "../../lib/types";
import { useCan } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { OneTimeSecret } from "../../components/OneTimeSecret";
import { ResetRequestModal } from "./ResetRequestModal";

export default function PasswordResetsPage() {
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<RequestStatus | "all">("pending");
  const [creating, setCreating] = useState(false);
  const [rejecting, setRejecting] = useState<PasswordReset | null>(null);
  const [secret, setSecret] = useState<{ subject: string; password: string } | null>(null);
  const approver = can("password_reset.approve");

  const list = useQuery({
    queryKey: ["password-resets", status],
    queryFn: () =>
      api.get<ListResult<PasswordReset>>("/api/password-resets", { status: status === "all" ? undefined : status }).then((r) => r.items),
  });

  const approve = useMutation({
    mutationFn: (r: PasswordReset) => api.post<{ temporaryPassword: string }>(`/api/password-resets/${r.id}/approve`),
    onSuccess: async (res, r) => {
      setSecret({ subject: r.userName, password: res.temporaryPassword });
      await qc.invalidateQueries({ queryKey: ["password-resets"] });
      await qc.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  return (
    <>
      <PageHeader
        title="密码重置申请"
        description="账号密码遗忘或泄露时，由本人所在单位出具书面申请，登记后经监管员审批重置，临时密码只显示一次。"
        extra={
          can("password_reset.request") ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              登记申请
            </Button>
          ) : null
        }
      />
      <Card>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as RequestStatus | "all")}
          options={[
            { value: "pending", label: "待审批" },
            { value: "approved", label: "已批准" },
            { value: "rejected", label: "已驳回" },
            { value: "all", label: "全部" },
          ]}
          style={{ marginBottom: 16 }}
        />
        {list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<PasswordReset>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data ?? []}
            locale={{ emptyText: "暂无申请" }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: "申请时间", dataIndex: "createdAt", width: 150, render: fmtDateTime },
              { title: "账号", dataIndex: "userName", width: 140 },
              { title: "书面申请文号", dataIndex: "documentRef", width: 200 },
              { title: "申请原因", dataIndex: "reason", ellipsis: true },
              { title: "登记人", dataIndex: "requestedByName", width: 100 },
              {
                title: "状态",
                dataIndex: "status",
                width: 160,
                render: (s: RequestStatus, r) => (
                  <Space orientation="vertical" size={0}>
                    <Tag color={requestStatusLabels[s]?.color}>{requestStatusLabels[s]?.text ?? s}</Tag>
                    {r.decidedByName ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.decidedByName} {fmtDateTime(r.decidedAt)}
                      </Typography.Text>
                    ) : null}
                  </Space>
                ),
              },
              ...(approver
                ? [
                    {
                      title: "操作",
                      key: "op",
                      width: 140,
                      render: (_: unknown, r: PasswordReset) =>
                        r.status === "pending" ? (
                          <Space size={4}>
                            <Popconfirm
                              title="批准并重置密码？"
                              description="系统将生成临时密码，本人登录后须立即修改。"
                              okText="批准"
                              onConfirm={() => approve.mutateAsync(r)}
                            >
                              <Button size="small" type="link">
                                批准
                              </Button>
                            </Popconfirm>
                            <Button size="small" type="link" danger onClick={() => setRejecting(r)}>
                              驳回
                            </Button>
                          </Space>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {creating ? <ResetRequestModal onClose={() => setCreating(false)} /> : null}
      {rejecting ? <RejectModal item={rejecting} onClose={() => setRejecting(null)} /> : null}
      <OneTimeSecret
        open={!!secret}
        title="密码已重置"
        subject={secret ? `账号：${secret.subject}` : ""}
        label="临时密码"
        secret={secret?.password ?? ""}
        onClose={() => setSecret(null)}
      />
    </>
  );
}

function RejectModal({ item, onClose }: { item: PasswordReset; onClose: () => void }) {
  const [form] = Form.useForm<{ note: string }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (note: string) => api.post(`/api/password-resets/${item.id}/reject`, { note }),
    onSuccess: async () => {
      message.success("已驳回该申请");
      await qc.invalidateQueries({ queryKey: ["password-resets"] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Modal
      open
      title={`驳回申请：${item.userName}`}
      okText="驳回"
      okButtonProps={{ danger: true, loading: m.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v.note.trim())}>
        <Form.Item label="驳回理由" name="note" rules={[{ required: true, whitespace: true, message: "请填写驳回理由" }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：书面申请未加盖单位公章，请补充后重新提交" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
