import { Badge, Button, Empty, Popover, Typography } from "antd";
import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { api } from "../lib/api";
import { fmtDateTime } from "../lib/format";
import type { ListResult, Notification } from "../lib/types";

const key = ["notifications"] as const;

export function NotificationBell() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: key,
    queryFn: () => api.get<ListResult<Notification>>("/api/me/notifications").then((r) => r.items),
    refetchInterval: 120_000,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api.post(`/api/me/notifications/${id}/read`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: ["notification-centre"] });
    },
  });

  const items = list.data ?? [];
  const unread = items.filter((n) => !n.readAt).length;

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    // Only links inside the console are followed; anything else is shown as text.
    if (n.link && n.link.startsWith("/") && !n.link.startsWith("//")) navigate(n.link);
  };

  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: "auto" }}>
      {list.isError ? (
        <Typography.Text type="secondary">通知加载失败，请稍后再试。</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
      ) : (
        items.map((n) => (
          <div
            key={n.id}
            role="button"
            tabIndex={0}
            onClick={() => open(n)}
            onKeyDown={(e) => e.key === "Enter" && open(n)}
            style={{
              padding: "10px 4px",
              borderBottom: "1px solid #f0f0f0",
              cursor: "pointer",
              opacity: n.readAt ? 0.6 : 1,
            }}
          >
            <div style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
              <Typography.Text strong={!n.readAt}>
                {!n.readAt ? <Badge status="processing" style={{ marginRight: 4 }} /> : null}
                {n.title}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
                {fmtDateTime(n.createdAt)}
              </Typography.Text>
            </div>
            {n.body ? (
              <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0", fontSize: 13 }} ellipsis={{ rows: 3 }}>
                {n.body}
              </Typography.Paragraph>
            ) : null}
          </div>
        ))
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      title={
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
          <span>消息通知</span>
          <Button type="link" size="small" onClick={() => navigate("/notifications")}>
            查看全部
          </Button>
        </div>
      }
      trigger="click"
      placement="bottomRight"
    >
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" shape="circle" icon={<BellOutlined style={{ fontSize: 18 }} />} aria-label={`消息通知，${unread}条未读`} />
      </Badge>
    </Popover>
  );
}
