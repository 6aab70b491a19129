import { useState } from "react";
import { App, Badge, Button, Card, Flex, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { CheckOutlined, SettingOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { api, errorMessage } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";

interface Delivery {
  id: string;
  channel: string;
  state: string;
  sentAt: string | null;
  lastError: string | null;
}
interface Item {
  id: string;
  kind: string;
  kindName: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
  deliveries: Delivery[];
}
interface ListAnswer {
  items: Item[];
  total: number;
  unread: number;
  kinds: Array<{ kind: string; name: string }>;
}

const CHANNEL = { email: "邮件", webhook: "Webhook" } as Record<string, string>;
export const DELIVERY_STATE: Record<string, { text: string; color: string }> = {
  open: { text: "等待合并发送", color: "default" },
  sending: { text: "发送中", color: "processing" },
  retry: { text: "发送失败，稍后重试", color: "warning" },
  sent: { text: "已发送", color: "success" },
  failed: { text: "发送失败", color: "error" },
};

export default function NotificationCenterPage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [kind, setKind] = useState<string | undefined>();
  const [state, setState] = useState<"all" | "unread" | "read">("all");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<string[]>([]);

  const list = useQuery({
    queryKey: ["notification-centre", kind, state, q, page, pageSize],
    queryFn: () => api.get<ListAnswer>("/api/notifications", { kind, state, q, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const mark = useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) => api.post<{ marked: number }>("/api/notifications/read", body),
    onSuccess: (r) => {
      message.success(r.marked ? `已将 ${r.marked} 条通知标记为已读` : "没有需要标记的未读通知");
      setSelected([]);
      void qc.invalidateQueries({ queryKey: ["notification-centre"] });
      void qc.invalidateQueries({ queryKey: ["notifications"] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const open = (n: Item) => {
    if (!n.readAt) mark.mutate({ ids: [n.id] });
    if (n.link && n.link.startsWith("/") && !n.link.startsWith("//")) navigate(n.link);
  };

  if (list.isError && !list.data) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  const data = list.data;

  return (
    <>
      <PageHeader
        title="消息中心"
        description={data ? `共 ${data.total} 条，未读 ${data.unread} 条。通知同时按“通知设置”发送到您的邮箱或 Webhook。` : undefined}
        extra={
          <>
            <Button icon={<CheckOutlined />} disabled={!selected.length} loading={mark.isPending} onClick={() => mark.mutate({ ids: selected })}>
              标记所选为已读
            </Button>
            <Button onClick={() => mark.mutate({ all: true })} loading={mark.isPending} disabled={!data?.unread}>
              全部标记为已读
            </Button>
            <Button icon={<SettingOutlined />} onClick={() => navigate("/notifications/settings")}>
              通知设置
            </Button>
          </>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Segmented
            value={state}
            onChange={(v) => {
              setState(v as typeof state);
              setPage(1);
            }}
            options={[
              { label: "全部", value: "all" },
              { label: "未读", value: "unread" },
              { label: "已读", value: "read" },
            ]}
          />
          <Select
            allowClear
            placeholder="全部类型"
            style={{ width: 200 }}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={(data?.kinds ?? []).map((k) => ({ value: k.kind, label: k.name }))}
            aria-label="通知类型"
          />
          <Input.Search
            allowClear
            placeholder="搜索标题或内容"
            style={{ width: 260 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
        </Flex>
        <Table<Item>
          rowKey="id"
          loading={list.isFetching}
          dataSource={data?.items ?? []}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (r) => ({ disabled: !!r.readAt }) }}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, onChange: (p, s) => (setPage(p), setPageSize(s)), showTotal: (t) => `共 ${t} 条` }}
          locale={{ emptyText: "暂无通知" }}
          columns={[
            {
              title: "通知",
              render: (_, n) => (
                <div style={{ cursor: n.link ? "pointer" : "default" }} onClick={() => open(n)}>
                  <Space size={6}>
                    {!n.readAt ? <Badge status="processing" /> : null}
                    <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  </Space>
                  {n.body ? (
                    <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }} ellipsis={{ rows: 2 }}>
                      {n.body}
                    </Typography.Paragraph>
                  ) : null}
                </div>
              ),
            },
            { title: "类型", dataIndex: "kindName", width: 150, render: (v: string) => <Tag>{v}</Tag> },
            {
              title: "外部发送",
              width: 200,
              render: (_, n) =>
                n.deliveries.length ? (
                  <Space size={4} wrap>
                    {n.deliveries.map((d) => (
                      <Tooltip key={d.id} title={d.lastError ?? (d.sentAt ? `发送时间 ${fmtDateTime(d.sentAt)}` : undefined)}>
                        <Tag color={DELIVERY_STATE[d.state]?.color}>
                          {CHANNEL[d.channel] ?? d.channel}：{DELIVERY_STATE[d.state]?.text ?? d.state}
                        </Tag>
                      </Tooltip>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">仅站内</Typography.Text>
                ),
            },
            { title: "时间", dataIndex: "createdAt", width: 160, render: (v: string) => fmtDateTime(v) },
            { title: "状态", width: 90, render: (_, n) => (n.readAt ? <Typography.Text type="secondary">已读</Typography.Text> : <Typography.Text type="warning">未读</Typography.Text>) },
          ]}
        />
      </Card>
    </>
  );
}
