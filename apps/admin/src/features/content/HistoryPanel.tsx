// 版本历史: every saved version; any two can be compared, with the changed passages marked.
import { useEffect, useState } from "react";
import { Alert, Button, Card, Flex, Select, Table, Tag, Typography } from "antd";
import { DiffOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { PageError } from "../../components/PageError";
import type { Comparison, RevisionListItem } from "./types";
import { contentKeys } from "./queries";
import { DiffView } from "./DiffView";

export function HistoryPanel({
  documentId,
  siteId,
  liveRevisionId,
  draftRevisionId,
}: {
  documentId: string;
  siteId: string;
  liveRevisionId: string | null;
  draftRevisionId: string | null;
}) {
  const list = useQuery({
    queryKey: contentKeys.revisions(documentId),
    queryFn: () => api.get<{ items: RevisionListItem[] }>(`/api/documents/${documentId}/revisions`).then((r) => r.items),
  });
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [asked, setAsked] = useState<{ from: string; to: string } | null>(null);

  // By default: the previous version against the newest.
  useEffect(() => {
    const items = list.data;
    if (!items || items.length < 2 || from || to) return;
    setTo(items[0]!.id);
    setFrom(items[1]!.id);
  }, [list.data, from, to]);

  const compare = useQuery({
    queryKey: ["documents", documentId, "compare", asked?.from, asked?.to],
    queryFn: () => api.get<Comparison>(`/api/documents/${documentId}/compare`, { from: asked!.from, to: asked!.to }),
    enabled: !!asked,
  });

  if (list.isError) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data ?? [];
  const options = items.map((r) => ({ value: r.id, label: `第 ${r.number} 版 · ${fmtDateTime(r.createdAt)}` }));

  return (
    <Flex vertical gap={16}>
      <Card size="small" title="版本列表">
        <Table<RevisionListItem>
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={items}
          pagination={false}
          data-testid="revision-list"
          columns={[
            {
              title: "版本",
              dataIndex: "number",
              width: 160,
              render: (n: number, r) => (
                <Flex gap={4} align="center">
                  第 {n} 版
                  {r.id === liveRevisionId ? <Tag color="green">在线</Tag> : null}
                  {r.id === draftRevisionId ? <Tag color="blue">草稿</Tag> : null}
                </Flex>
              ),
            },
            { title: "标题", dataIndex: "title", ellipsis: true },
            { title: "保存时间", dataIndex: "createdAt", width: 170, render: (v: string) => fmtDateTime(v) },
            {
              title: "比较",
              width: 200,
              render: (_v, r) => (
                <Flex gap={8}>
                  <Button size="small" type={from === r.id ? "primary" : "default"} onClick={() => setFrom(r.id)}>
                    设为旧版
                  </Button>
                  <Button size="small" type={to === r.id ? "primary" : "default"} onClick={() => setTo(r.id)}>
                    设为新版
                  </Button>
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title="版本比较"
        extra={
          <Flex gap={8} align="center" wrap>
            <Select style={{ width: 220 }} value={from} onChange={setFrom} options={options} placeholder="旧版本" aria-label="旧版本" data-testid="compare-from" />
            <Typography.Text type="secondary">→</Typography.Text>
            <Select style={{ width: 220 }} value={to} onChange={setTo} options={options} placeholder="新版本" aria-label="新版本" data-testid="compare-to" />
            <Button type="primary" icon={<DiffOutlined />} disabled={!from || !to || from === to} onClick={() => from && to && setAsked({ from, to })} data-testid="compare-run">
              比较
            </Button>
          </Flex>
        }
      >
        {items.length < 2 ? (
          <Typography.Text type="secondary">只有一个版本，暂无可比较的内容。</Typography.Text>
        ) : !asked ? (
          <Typography.Text type="secondary">选择两个版本后点击“比较”，新增的文字以绿色标出，删除的文字以红色删除线标出。</Typography.Text>
        ) : compare.isError ? (
          <PageError error={compare.error} />
        ) : compare.data ? (
          <>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={`第 ${compare.data.from.number} 版 → 第 ${compare.data.to.number} 版：${compare.data.changes.length} 项有变化`}
            />
            <DiffView changes={compare.data.changes} siteId={siteId} />
          </>
        ) : (
          <Card loading size="small" />
        )}
      </Card>
    </Flex>
  );
}
