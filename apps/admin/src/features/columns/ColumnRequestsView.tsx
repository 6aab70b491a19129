import { useState } from "react";
import { App, Button, Descriptions, Form, Input, Modal, Popconfirm, Segmented, Space, Table, Tag, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { fmtDateTime, fmtValue } from "../../lib/format";
import { columnActionLabels, columnFieldLabels, requestStatusLabels } from "../../lib/labels";
import { columnPath, useColumnMeta, useColumns, useUnits } from "../../lib/lookups";
import type { ColumnRequest, ListResult, RequestStatus } from "../../lib/types";
import { useCan } from "../../auth/session";
import { PageError } from "../../components/PageError";

export function ColumnRequestsView() {
  const can = useCan();
  const decide = can("column.decide");
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<RequestStatus | "all">("pending");
  const [rejecting, setRejecting] = useState<ColumnRequest | null>(null);
  const units = useUnits();
  const meta = useColumnMeta();

  const list = useQuery({
    queryKey: ["column-requests", status],
    queryFn: () =>
      api.get<ListResult<ColumnRequest>>("/api/column-requests", { status: status === "all" ? undefined : status }).then((r) => r.items),
  });

  const approve = useMutation({
    mutationFn: (id: string) => api.post(`/api/column-requests/${id}/approve`),
    onSuccess: async () => {
      message.success("已批准，栏目调整已生效");
      await Promise.all([qc.invalidateQueries({ queryKey: ["column-requests"] }), qc.invalidateQueries({ queryKey: ["columns"] })]);
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const unitName = (id: unknown) => units.data?.find((u) => u.id === id)?.name;
  const categoryName = (k: unknown) => meta.data?.categories.find((c) => c.key === k)?.name;

  return (
    <>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as RequestStatus | "all")}
        options={[
          { value: "pending", label: "待审批" },
          { value: "approved", label: "已批准" },
          { value: "rejected", label: "已驳回" },
          { value: "all", label: "全部" },
        ]}
        style={{ marginBottom: 12 }}
      />
      {list.isError ? (
        <PageError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ColumnRequest>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data ?? []}
          locale={{ emptyText: status === "pending" ? "没有待审批的栏目调整申请" : "暂无申请" }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          expandable={{
            expandedRowRender: (r) => <Payload request={r} unitName={unitName} categoryName={categoryName} />,
          }}
          columns={[
            { title: "申请时间", dataIndex: "createdAt", width: 150, render: fmtDateTime },
            { title: "网站", dataIndex: "siteName", width: 180, ellipsis: true },
            { title: "事项", dataIndex: "action", width: 100, render: (a: ColumnRequest["action"]) => columnActionLabels[a] ?? a },
            { title: "栏目", dataIndex: "columnName", width: 150 },
            { title: "申请理由", dataIndex: "reason", ellipsis: true, render: (v: string) => v || "—" },
            { title: "申请人", dataIndex: "requestedByName", width: 90 },
            {
              title: "状态",
              dataIndex: "status",
              width: 150,
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
            ...(decide
              ? [
                  {
                    title: "操作",
                    key: "op",
                    width: 120,
                    render: (_: unknown, r: ColumnRequest) =>
                      r.status === "pending" ? (
                        <Space size={0}>
                          <Popconfirm title="批准后栏目调整立即生效，确定批准吗？" okText="批准" onConfirm={() => approve.mutateAsync(r.id)}>
                            <Button type="link" size="small">
                              批准
                            </Button>
                          </Popconfirm>
                          <Button type="link" size="small" danger onClick={() => setRejecting(r)}>
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
      {rejecting ? <RejectModal item={rejecting} onClose={() => setRejecting(null)} /> : null}
    </>
  );
}

function RejectModal({ item, onClose }: { item: ColumnRequest; onClose: () => void }) {
  const [form] = Form.useForm<{ note: string }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (note: string) => api.post(`/api/column-requests/${item.id}/reject`, { note }),
    onSuccess: async () => {
      message.success("已驳回该申请");
      await qc.invalidateQueries({ queryKey: ["column-requests"] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Modal
      open
      title={`驳回：${columnActionLabels[item.action] ?? item.action}“${item.columnName}”`}
      okText="驳回"
      okButtonProps={{ danger: true, loading: m.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v.note.trim())}>
        <Form.Item label="驳回理由" name="note" rules={[{ required: true, whitespace: true, message: "请填写驳回理由" }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：与现有“政策文件”栏目内容重复，请合并设置" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** What the request would change, with ids turned back into names. */
function Payload({
  request,
  unitName,
  categoryName,
}: {
  request: ColumnRequest;
  unitName: (id: unknown) => string | undefined;
  categoryName: (key: unknown) => string | undefined;
}) {
  const columns = useColumns(request.siteId);
  const all = columns.data ?? [];
  const name = (k: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return k === "parentId" ? "（一级栏目）" : "—";
    if (k === "responsibleUnitId") return unitName(v) ?? "（单位）";
    if (k === "category") return categoryName(v) ?? fmtValue(v);
    if (k === "parentId") return columnPath(all, String(v)) || "（栏目）";
    if (k === "responsibleUserId") return "已指定";
    if (k === "archived") return v ? "归档" : "取消归档";
    return fmtValue(v);
  };
  const items = Object.entries(request.payload ?? {})
    .filter(([k]) => k !== "reason" && k !== "siteId" && k !== "sort")
    .map(([k, v]) => ({ key: k, label: columnFieldLabels[k] ?? k, children: name(k, v) }));
  return items.length ? (
    <Descriptions size="small" bordered column={2} items={items} title="申请内容" />
  ) : (
    <Typography.Text type="secondary">无附加内容</Typography.Text>
  );
}
