import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Empty, Input, Radio, Space, Table, Tag, Typography } from "antd";
import { FileAddOutlined, LinkOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { api, errorMessage } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";

interface Change {
  documentId: string;
  title: string;
  siteId: string;
  siteName: string;
  kind: string;
  kindName: string;
  at: string;
  events: number;
  state: string;
  url: string | null;
}
interface View {
  lastPatrol: { id: string; finishedAt: string; by: string } | null;
  upToSeq: number;
  changes: Change[];
}
interface Patrol {
  id: string;
  startedAt: string;
  finishedAt: string;
  by: string;
  result: string;
  findings: string;
  pages: Array<{ url: string; title: string; result: string; note?: string }>;
}

export default function PatrolPage() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [startedAt] = useState(() => new Date().toISOString());
  const [results, setResults] = useState<Record<string, { result: "ok" | "problem"; note?: string }>>({});
  const [findings, setFindings] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(1);

  const view = useQuery({ queryKey: ["duty-patrol-view"], queryFn: () => api.get<View>("/api/duty/patrol-view") });
  const history = useQuery({ queryKey: ["duty-patrols", page], queryFn: () => api.get<{ items: Patrol[]; total: number }>("/api/duty/patrols", { page }), placeholderData: keepPreviousData });

  useEffect(() => {
    if (view.data) setResults(Object.fromEntries(view.data.changes.map((c) => [c.documentId, { result: "ok" as const }])));
  }, [view.data]);

  const problems = useMemo(() => Object.values(results).filter((r) => r.result === "problem").length, [results]);

  const submit = useMutation({
    mutationFn: () =>
      api.post("/api/duty/patrols", {
        startedAt,
        upToSeq: view.data!.upToSeq,
        findings,
        pages: view.data!.changes.map((c) => ({ url: c.url ?? `（${c.siteName}）${c.title}`, title: c.title, documentId: c.documentId, siteId: c.siteId, result: results[c.documentId]?.result ?? "ok", note: results[c.documentId]?.note })),
      }),
    onSuccess: () => {
      message.success("巡查记录已登记");
      setFindings("");
      setError(null);
      void qc.invalidateQueries({ queryKey: ["duty-patrol-view"] });
      void qc.invalidateQueries({ queryKey: ["duty-patrols"] });
    },
    onError: (e) => setError(errorMessage(e)),
  });

  if (view.isError) return <PageError error={view.error} onRetry={() => void view.refetch()} />;
  const v = view.data;

  return (
    <>
      <PageHeader
        title="读网巡查"
        description={v?.lastPatrol ? `上次巡查：${fmtDateTime(v.lastPatrol.finishedAt)}，${v.lastPatrol.by}。以下为此后发布、撤回或删除的页面。` : "尚无巡查记录。以下为全部已发布、撤回或删除的页面。"}
        extra={
          <Link to="/tickets?new=1">
            <Button icon={<FileAddOutlined />}>派发整改工单</Button>
          </Link>
        }
      />
      <Card title={`待巡查页面（${v?.changes.length ?? 0}）`} style={{ marginBottom: 16 }}>
        {v && !v.changes.length ? (
          <Empty description="上次巡查以来没有页面变化" />
        ) : (
          <Table<Change>
            rowKey="documentId"
            size="small"
            loading={view.isFetching}
            dataSource={v?.changes ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              {
                title: "页面",
                render: (_, c) => (
                  <Space direction="vertical" size={0}>
                    {c.url ? (
                      <a href={c.url} target="_blank" rel="noreferrer">
                        <LinkOutlined /> {c.title}
                      </a>
                    ) : (
                      <Link to={`/content/${c.documentId}`}>{c.title}</Link>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.siteName}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: "变化", width: 120, render: (_, c) => <Tag color={c.kind === "publish" ? "blue" : "orange"}>{c.kindName}{c.events > 1 ? ` ×${c.events}` : ""}</Tag> },
              { title: "时间", dataIndex: "at", width: 150, render: (x: string) => fmtDateTime(x) },
              {
                title: "检查结果",
                width: 320,
                render: (_, c) => (
                  <Space direction="vertical" style={{ width: "100%" }} size={4}>
                    <Radio.Group
                      size="small"
                      value={results[c.documentId]?.result ?? "ok"}
                      onChange={(e) => setResults((r) => ({ ...r, [c.documentId]: { ...r[c.documentId], result: e.target.value } }))}
                      options={[
                        { value: "ok", label: "正常" },
                        { value: "problem", label: "有问题" },
                      ]}
                    />
                    {results[c.documentId]?.result === "problem" ? (
                      <Input size="small" placeholder="问题说明" maxLength={1000} value={results[c.documentId]?.note} onChange={(e) => setResults((r) => ({ ...r, [c.documentId]: { result: "problem", note: e.target.value } }))} />
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        )}
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 4 }}>发现的问题和处理情况{problems ? `（${problems} 个页面有问题，必填）` : ""}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={5000} value={findings} onChange={(e) => setFindings(e.target.value)} placeholder="例如：某页面错别字，已电话告知信息员更正；需整改的请新建整改工单。" />
        {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} /> : null}
        <Button type="primary" style={{ marginTop: 12 }} disabled={!v || !v.changes.length} loading={submit.isPending} onClick={() => submit.mutate()}>
          登记本次巡查
        </Button>
      </Card>
      <Card title="巡查记录">
        <Table<Patrol>
          rowKey="id"
          size="small"
          loading={history.isFetching}
          dataSource={history.data?.items ?? []}
          pagination={{ current: page, total: history.data?.total ?? 0, pageSize: 20, onChange: setPage }}
          expandable={{
            expandedRowRender: (p) => (
              <ul style={{ margin: 0 }}>
                {p.pages.map((x, i) => (
                  <li key={i}>
                    {x.result === "problem" ? <Tag color="error">有问题</Tag> : <Tag color="success">正常</Tag>} {x.title || x.url}
                    {x.note ? `：${x.note}` : ""}
                  </li>
                ))}
              </ul>
            ),
          }}
          columns={[
            { title: "巡查时间", render: (_, p) => `${fmtDateTime(p.startedAt)} — ${fmtDateTime(p.finishedAt)}` },
            { title: "值班人员", dataIndex: "by", width: 120 },
            { title: "页面数", width: 90, render: (_, p) => p.pages.length },
            { title: "结果", width: 100, render: (_, p) => (p.result === "problems" ? <Tag color="error">发现问题</Tag> : <Tag color="success">正常</Tag>) },
            { title: "发现的问题", dataIndex: "findings", ellipsis: true },
          ]}
        />
      </Card>
    </>
  );
}
