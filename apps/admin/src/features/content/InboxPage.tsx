// 待办: documents whose current review step the person may sign, soonest deadline first; overdue
// ones in red. Also the open emergency takedown notices of the person's sites.
import { Link } from "react-router-dom";
import { Badge, Card, Empty, Flex, Table, Tag, Tooltip, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import type { InboxItem, TakedownNotice } from "./types";
import { contentKeys, useInbox } from "./queries";
import { DueCountdown } from "./due";
import { takedownStatusLabels } from "./labels";

export default function InboxPage() {
  const inbox = useInbox();
  const takedowns = useQuery({
    queryKey: [...contentKeys.takedowns, "open"],
    queryFn: () => api.get<{ items: TakedownNotice[] }>("/api/takedowns", { status: "open,escalated" }).then((r) => r.items),
  });
  const items = inbox.data ?? [];
  const overdue = items.filter((i) => i.overdue).length;

  return (
    <>
      <PageHeader
        title="待办"
        description="待我审核的稿件。每个环节须在规定的工作日内办理，逾期的以红色标出并提醒上级。"
      />
      <Flex vertical gap={16}>
        {takedowns.data?.length ? (
          <Card size="small" title={<Badge status="error" text="紧急撤稿通知" />} data-testid="takedown-list">
            <Table<TakedownNotice>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={takedowns.data}
              columns={[
                { title: "原因", dataIndex: "reason", render: (v: string, r) => <Link to={`/content/${r.documentId}`}>{v}</Link> },
                { title: "状态", dataIndex: "status", width: 120, render: (s: string) => <Tag color={takedownStatusLabels[s]?.color}>{takedownStatusLabels[s]?.text ?? s}</Tag> },
                { title: "处置时限", dataIndex: "dueAt", width: 200, render: (v: string, r) => <DueCountdown dueAt={v} overdue={r.status === "escalated"} /> },
                { title: "通知时间", dataIndex: "createdAt", width: 160, render: (v: string) => fmtDateTime(v) },
              ]}
            />
          </Card>
        ) : null}
        <Card
          size="small"
          title={
            <Flex gap={8} align="center">
              <span>待审核稿件</span>
              <Tag>{items.length} 篇</Tag>
              {overdue ? <Tag color="red">{overdue} 篇已超期</Tag> : null}
            </Flex>
          }
        >
          {inbox.isError ? (
            <PageError error={inbox.error} onRetry={() => void inbox.refetch()} />
          ) : (
            <Table<InboxItem>
              rowKey="reviewId"
              loading={inbox.isPending}
              dataSource={items}
              pagination={false}
              data-testid="inbox-list"
              rowClassName={(r) => (r.overdue ? "gs-row-overdue" : "")}
              onRow={(r) => ({ "data-testid": "inbox-item", "data-document-id": r.documentId, "data-overdue": String(r.overdue) }) as React.HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办，辛苦了" /> }}
              columns={[
                {
                  title: "标题",
                  dataIndex: "title",
                  render: (t: string, r) => (
                    <Link to={`/content/${r.documentId}`} data-testid="inbox-open">
                      {t}
                    </Link>
                  ),
                },
                {
                  title: "当前环节",
                  dataIndex: ["step", "name"],
                  width: 200,
                  render: (n: string, r) => (
                    <Tooltip title={r.steps.map((s) => s.name).join(" → ")}>
                      <Tag color="blue">{n}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.steps.findIndex((s) => s.key === r.step.key) + 1}/{r.steps.length}
                      </Typography.Text>
                    </Tooltip>
                  ),
                },
                { title: "送审人", dataIndex: "submittedBy", width: 100 },
                { title: "单位", dataIndex: "unitName", width: 180, ellipsis: true },
                { title: "送审时间", dataIndex: "submittedAt", width: 150, render: (v: string) => fmtDateTime(v) },
                {
                  title: "检查结果",
                  dataIndex: "findings",
                  width: 100,
                  render: (n: number) => (n ? <Tag color="orange">{n} 处</Tag> : <Tag color="green">无问题</Tag>),
                },
                { title: "办理时限", dataIndex: "dueAt", width: 190, render: (v: string | null, r) => <DueCountdown dueAt={v} overdue={r.overdue} /> },
              ]}
            />
          )}
        </Card>
      </Flex>
    </>
  );
}
