// 主题与模板: a site's inherited theme files (read-only), its own overrides edited as text, preview
// with the unsaved draft in a sandboxed frame, 保存并发布, history with restore, and going back to
// the inherited file. The server validates every save against the national page norms.
import { useEffect, useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, Drawer, Empty, Input, List, Popconfirm, Row, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { api, isApiError, type ApiIssue } from "../../lib/api";
import { useSites } from "../../lib/lookups";
import { fmtDateTime } from "../../lib/format";

interface ThemeFile {
  path: string;
  kind: "template" | "asset";
  inherited: boolean;
  override: { version: number; updatedAt: string } | null;
}
interface Overview {
  site: { id: string; name: string; code: string; theme: string };
  chain: string[];
  files: ThemeFile[];
  limits: { maxBytes: number; maxFiles: number };
}
interface FileDetail {
  path: string;
  inherited: string | null;
  override: { content: string; version: number; updatedAt: string } | null;
}
interface HistoryItem {
  id: string;
  path: string;
  version: number;
  action: "save" | "delete" | "restore";
  content: string | null;
  createdByName: string;
  createdAt: string;
}
interface Preview {
  label: string;
  token: string;
}

const ACTIONS: Record<HistoryItem["action"], string> = { save: "保存", delete: "删除覆盖", restore: "恢复" };
const PAGES = [
  { value: "home", label: "首页" },
  { value: "column", label: "栏目页" },
  { value: "article", label: "文章页" },
];
const mono = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: 13 };

function Problems({ error }: { error: unknown }) {
  if (!error) return null;
  const issues: ApiIssue[] = isApiError(error) ? error.issues : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={error instanceof Error ? error.message : "操作失败，请稍后重试。"}
      description={issues.length > 1 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{issues.map((i, n) => <li key={n}>{`${i.path}：${i.message}`}</li>)}</ul> : undefined}
    />
  );
}

export default function ThemesPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const sites = useSites();
  const [siteId, setSiteId] = useState<string | undefined>();
  const [path, setPath] = useState<string | undefined>();
  const [draft, setDraft] = useState<string>("");
  const [newPath, setNewPath] = useState("");
  const [page, setPage] = useState("home");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!siteId && sites.data?.[0]) setSiteId(sites.data[0].id);
  }, [sites.data, siteId]);

  const overview = useQuery({ queryKey: ["themes", siteId], queryFn: () => api.get<Overview>(`/api/themes/${siteId}`), enabled: !!siteId });
  const file = useQuery({
    queryKey: ["themes", siteId, "file", path],
    queryFn: () => api.get<FileDetail>(`/api/themes/${siteId}/file`, { path: path! }),
    enabled: !!siteId && !!path,
    retry: false,
  });
  const history = useQuery({
    queryKey: ["themes", siteId, "history", path],
    queryFn: () => api.get<{ items: HistoryItem[] }>(`/api/themes/${siteId}/history`, { path: path! }),
    enabled: !!siteId && !!path && historyOpen,
  });

  // A newly opened file (or a new stored version of it) starts from its override, else from the
  // inherited text. A refetch of the same version never replaces what the editor has typed.
  const loadedKey = file.data ? `${siteId}\u0000${file.data.path}\u0000${file.data.override?.version ?? 0}` : null;
  useEffect(() => {
    if (file.data) setDraft(file.data.override?.content ?? file.data.inherited ?? "");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadedKey]);

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ["themes", siteId] });
  };
  const previewM = useMutation({
    mutationFn: () => api.post<Preview>(`/api/themes/${siteId}/preview`, { draft: path ? { [path]: draft } : {}, page }),
    onMutate: () => setError(null),
    onSuccess: (p) => setPreview(p),
    onError: setError,
  });
  const saveM = useMutation({
    mutationFn: () => api.put<{ version: number }>(`/api/themes/${siteId}/override`, { path, content: draft, expectedVersion: file.data?.override?.version ?? null }),
    onMutate: () => setError(null),
    onSuccess: async (r) => {
      message.success(`已保存第 ${r.version} 版，站点正在重新生成。`);
      await refresh();
    },
    onError: setError,
  });
  const deleteM = useMutation({
    mutationFn: () => api.post(`/api/themes/${siteId}/override/delete`, { path, expectedVersion: file.data?.override?.version ?? null }),
    onMutate: () => setError(null),
    onSuccess: async () => {
      message.success("已删除本站覆盖，恢复使用继承的文件，站点正在重新生成。");
      await refresh();
    },
    onError: setError,
  });
  const restoreM = useMutation({
    mutationFn: (id: string) => api.post<{ version: number }>(`/api/themes/${siteId}/history/${id}/restore`),
    onMutate: () => setError(null),
    onSuccess: async (r) => {
      message.success(`已恢复为第 ${r.version} 版并重新发布。`);
      setHistoryOpen(false);
      await refresh();
    },
    onError: (e) => {
      setHistoryOpen(false);
      setError(e);
    },
  });

  const files = overview.data?.files ?? [];
  const dirty = !!file.data && draft !== (file.data.override?.content ?? file.data.inherited ?? "");
  const siteOptions = useMemo(() => (sites.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` })), [sites.data]);

  const open = (p: string) => {
    setPath(p);
    setError(null);
    setPreview(null);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        主题与模板
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        子站继承门户网站的主题，可以覆盖页头、页脚等局部模板和样式，做到统一风格、局部特色。修改先预览，点击“保存并发布”后才会重新生成网站；国家网页规范要求的标签和底部信息不能删除。
      </Typography.Paragraph>
      <Space wrap>
        <span>站点</span>
        <Select
          data-testid="theme-site"
          aria-label="站点"
          style={{ minWidth: 280 }}
          options={siteOptions}
          value={siteId}
          loading={sites.isLoading}
          onChange={(v) => {
            setSiteId(v);
            setPath(undefined);
            setPreview(null);
            setError(null);
          }}
          showSearch
          optionFilterProp="label"
        />
        {overview.data && <Typography.Text type="secondary">主题继承：{overview.data.chain.join(" → ")}</Typography.Text>}
      </Space>
      {overview.error ? <Problems error={overview.error} /> : null}
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card size="small" title="主题文件">
            <Table<ThemeFile>
              size="small"
              rowKey="path"
              loading={overview.isLoading}
              dataSource={files}
              pagination={false}
              scroll={{ y: 520 }}
              onRow={(r) => ({ onClick: () => open(r.path), style: { cursor: "pointer", background: r.path === path ? "#e6f4ff" : undefined } })}
              columns={[
                { title: "文件", dataIndex: "path", render: (v: string) => <span style={mono}>{v}</span> },
                {
                  title: "状态",
                  width: 110,
                  render: (_, r) => (r.override ? <Tag color="blue">本站覆盖 v{r.override.version}</Tag> : <Tag>继承</Tag>),
                },
              ]}
            />
            <Space.Compact style={{ width: "100%", marginTop: 8 }}>
              <Input aria-label="新文件路径" placeholder="新文件，例如 assets/site-local.css" value={newPath} onChange={(e) => setNewPath(e.target.value.trim())} />
              <Button
                disabled={!newPath}
                onClick={() => {
                  setPath(newPath);
                  setDraft("");
                  setNewPath("");
                }}
              >
                新建覆盖
              </Button>
            </Space.Compact>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card
            size="small"
            title={path ? <span style={mono}>{path}</span> : "选择左侧的文件进行编辑"}
            extra={
              path ? (
                <Space wrap>
                  <Select aria-label="预览页面" value={page} onChange={setPage} options={PAGES} style={{ width: 100 }} />
                  <Button onClick={() => previewM.mutate()} loading={previewM.isPending}>
                    预览
                  </Button>
                  <Popconfirm title="保存并发布" description="保存后将重新生成整个站点，确定吗？" okText="保存并发布" cancelText="取消" onConfirm={() => saveM.mutate()}>
                    <Button type="primary" loading={saveM.isPending} disabled={!dirty && !!file.data?.override}>
                      保存并发布
                    </Button>
                  </Popconfirm>
                  <Button onClick={() => setHistoryOpen(true)}>历史版本</Button>
                  {file.data?.override && (
                    <Popconfirm title="删除本站覆盖" description="删除后恢复使用继承的文件，并重新生成站点。" okText="删除" cancelText="取消" onConfirm={() => deleteM.mutate()}>
                      <Button danger loading={deleteM.isPending}>
                        删除覆盖
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ) : null
            }
          >
            {!path ? (
              <Empty description="请选择一个主题文件" />
            ) : (
              <Space direction="vertical" style={{ width: "100%" }}>
                <Problems error={error} />
                <Tabs
                  items={[
                    {
                      key: "edit",
                      label: file.data?.override ? `本站覆盖（第 ${file.data.override.version} 版）` : "本站覆盖（新建）",
                      children: (
                        <Input.TextArea
                          aria-label="模板内容"
                          value={draft}
                          onChange={(e) => setDraft(e.target.value)}
                          spellCheck={false}
                          wrap="off"
                          autoSize={{ minRows: 18, maxRows: 32 }}
                          style={{ ...mono, overflowX: "auto" }}
                        />
                      ),
                    },
                    {
                      key: "base",
                      label: "继承的原文（只读）",
                      children:
                        file.data?.inherited != null ? (
                          <Input.TextArea aria-label="继承的原文" value={file.data.inherited} readOnly autoSize={{ minRows: 18, maxRows: 32 }} style={{ ...mono, background: "#fafafa" }} />
                        ) : (
                          <Empty description="继承的主题中没有这个文件，这是本站新增的文件。" />
                        ),
                    },
                  ]}
                />
                {preview && (
                  <Card size="small" title={`预览：${preview.label}（未发布）`} extra={<Button size="small" onClick={() => setPreview(null)}>关闭预览</Button>}>
                    <iframe
                      title="主题预览"
                      sandbox=""
                      src={`/api/themes/preview/${preview.token}`}
                      style={{ width: "100%", height: 640, border: "1px solid #d9d9d9", background: "#fff" }}
                    />
                  </Card>
                )}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <Drawer title={`历史版本：${path ?? ""}`} open={historyOpen} onClose={() => setHistoryOpen(false)} width={560}>
        <List<HistoryItem>
          loading={history.isLoading}
          dataSource={history.data?.items ?? []}
          locale={{ emptyText: "还没有保存过的版本" }}
          renderItem={(v) => (
            <List.Item
              actions={[
                <Popconfirm key="r" title={`恢复第 ${v.version} 版？`} description={v.content === null ? "该版本是删除覆盖，恢复后将使用继承的文件。" : "将作为新版本保存并重新发布。"} okText="恢复" cancelText="取消" onConfirm={() => restoreM.mutate(v.id)}>
                  <Button size="small">恢复</Button>
                </Popconfirm>,
              ]}
            >
              <List.Item.Meta
                title={`第 ${v.version} 版 · ${ACTIONS[v.action]}`}
                description={`${v.createdByName} · ${fmtDateTime(v.createdAt)}${v.content !== null ? ` · ${v.content.length} 字符` : ""}`}
              />
            </List.Item>
          )}
        />
      </Drawer>
    </Space>
  );
}
