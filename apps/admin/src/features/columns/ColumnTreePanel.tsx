import { useEffect, useMemo, useState } from "react";
import { App, Button, Card, Checkbox, Col, Empty, Flex, Input, Row, Space, Tag, Tooltip, Tree, Typography } from "antd";
import type { TreeProps } from "antd";
import { LinkOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { requestWithStatus, errorMessage } from "../../lib/api";
import { buildTree, keys, useColumns, useSites, type TreeOption } from "../../lib/lookups";
import type { Column } from "../../lib/types";
import { useCan } from "../../auth/session";
import { PageError } from "../../components/PageError";
import { computeMove } from "./tree-move";
import { ColumnEditor, REQUEST_SUBMITTED } from "./ColumnEditor";

type Selection = { mode: "edit"; id: string } | { mode: "new"; parentId: string | null } | null;

export function ColumnTreePanel({ siteId, siteName }: { siteId: string; siteName: string }) {
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const columns = useColumns(siteId);
  const sites = useSites();
  const ownerUnitId = sites.data?.find((s) => s.id === siteId)?.ownerUnitId;
  const [sel, setSel] = useState<Selection>(null);
  const [expanded, setExpanded] = useState<React.Key[] | null>(null);
  const [showArchived, setShowArchived] = useState(true);
  const [search, setSearch] = useState("");
  const editable = can("column.manage", "column.request");

  const rows = useMemo(() => columns.data ?? [], [columns.data]);
  const byId = useMemo(() => new Map(rows.map((c) => [c.id, c])), [rows]);

  // Open the first two levels when a site is first shown.
  useEffect(() => {
    if (expanded === null && columns.data) {
      setExpanded(columns.data.filter((c) => c.parentId === null).map((c) => c.id));
    }
  }, [columns.data, expanded]);
  useEffect(() => {
    setSel(null);
    setExpanded(null);
  }, [siteId]);

  const q = search.trim();
  const visible = useMemo(() => {
    let list = showArchived ? rows : rows.filter((c) => !c.archived);
    if (q) {
      const keep = new Set<string>();
      for (const c of list) {
        if (!c.name.includes(q)) continue;
        for (let cur: Column | undefined = c, g = 0; cur && g < 50; g++) {
          keep.add(cur.id);
          cur = cur.parentId ? byId.get(cur.parentId) : undefined;
        }
      }
      list = list.filter((c) => keep.has(c.id));
    }
    return list;
  }, [rows, showArchived, q, byId]);

  const treeData = useMemo(() => buildTree(visible, (c) => ({ title: c.name })), [visible]);

  const move = useMutation({
    mutationFn: (v: { id: string; parentId: string | null; index: number }) =>
      requestWithStatus(`/api/columns/${v.id}/move`, { method: "POST", body: { parentId: v.parentId, index: v.index } }),
    onSuccess: (res) => {
      if (res.status === 202) message.info(REQUEST_SUBMITTED);
      else message.success("栏目位置已调整");
    },
    onError: (e) => message.error(errorMessage(e)),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.columns(siteId) }),
  });

  const onDrop: TreeProps<TreeOption>["onDrop"] = (info) => {
    const dragId = String(info.dragNode.key);
    const targetId = String(info.node.key);
    const pos = info.node.pos.split("-");
    const rel = info.dropPosition - Number(pos[pos.length - 1]);
    const relative: -1 | 0 | 1 = !info.dropToGap ? 0 : rel < 0 ? -1 : 1;
    const target = computeMove(rows, dragId, targetId, relative);
    if (!target) return;
    const cur = byId.get(dragId);
    if (cur && cur.parentId === target.parentId) {
      const now = rows.filter((r) => r.parentId === cur.parentId).sort((a, b) => a.sort - b.sort).findIndex((r) => r.id === cur.id);
      if (now === target.index) return; // dropped where it already was
    }
    if (target.parentId && expanded && !expanded.includes(target.parentId)) setExpanded([...expanded, target.parentId]);
    move.mutate({ id: dragId, ...target });
  };

  if (columns.isError) return <PageError error={columns.error} onRetry={() => void columns.refetch()} />;

  const selected = sel?.mode === "edit" ? byId.get(sel.id) : undefined;

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card
          size="small"
          title={`${siteName} · 栏目结构`}
          loading={columns.isPending}
          extra={
            editable ? (
              <Button
                size="small"
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setSel({ mode: "new", parentId: null })}
                data-testid="column-new-root"
              >
                新增一级栏目
              </Button>
            ) : null
          }
          styles={{ body: { minHeight: 420, maxHeight: "calc(100vh - 300px)", overflow: "auto" } }}
        >
          <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
            <Input.Search placeholder="查找栏目" allowClear size="small" onChange={(e) => setSearch(e.target.value)} />
            <Checkbox checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} style={{ whiteSpace: "nowrap" }}>
              含已归档
            </Checkbox>
          </Flex>
          {editable && !q ? (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "0 0 8px" }}>
              按住栏目拖动可调整顺序，拖到其他栏目上可改为其下级栏目。
            </Typography.Paragraph>
          ) : null}
          {treeData.length ? (
            <div data-testid="column-tree">
              <Tree<TreeOption>
                blockNode
                showLine
                draggable={editable && !q ? { icon: false } : false}
                treeData={treeData}
                expandedKeys={q ? visible.map((c) => c.id) : (expanded ?? [])}
                onExpand={(k) => setExpanded(k)}
                selectedKeys={sel?.mode === "edit" ? [sel.id] : []}
                onSelect={(k) => k[0] !== undefined && setSel({ mode: "edit", id: String(k[0]) })}
                onDrop={onDrop}
                titleRender={(n) => {
                  const c = byId.get(String(n.key));
                  if (!c) return String(n.title);
                  return (
                    <span data-testid="column-node" data-column-name={c.name} style={c.archived ? { color: "#9ca3af" } : undefined}>
                      {c.name}
                      {c.externalUrl ? (
                        <Tooltip title={`外链：${c.externalUrl}`}>
                          <LinkOutlined style={{ marginLeft: 4, color: "#6b7280" }} />
                        </Tooltip>
                      ) : null}
                      {c.archived ? (
                        <Tag style={{ marginLeft: 6 }} variant="filled">
                          已归档
                        </Tag>
                      ) : null}
                    </span>
                  );
                }}
              />
            </div>
          ) : (
            <Empty description={q ? "没有名称包含该文字的栏目" : "该网站尚未设置栏目"} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        {sel ? (
          <ColumnEditor
            // Remount when the column moves, so the form never holds a stale parent.
            key={sel.mode === "edit" ? `${sel.id}:${selected?.parentId ?? "root"}` : `new-${sel.parentId ?? "root"}`}
            siteId={siteId}
            columns={rows}
            column={selected}
            parentId={sel.mode === "new" ? sel.parentId : undefined}
            defaultUnitId={ownerUnitId}
            editable={editable}
            onCreated={(id) => {
              if (sel.mode === "new" && sel.parentId && expanded && !expanded.includes(sel.parentId)) {
                setExpanded([...expanded, sel.parentId]);
              }
              setSel(id ? { mode: "edit", id } : null);
            }}
            onDeleted={() => setSel(null)}
            onAddChild={(parentId) => setSel({ mode: "new", parentId })}
          />
        ) : (
          <Card size="small">
            <Empty
              description={
                <Space orientation="vertical" size={4}>
                  <span>在左侧选择栏目，查看或修改栏目设置。</span>
                  {editable ? <span>新增栏目请点“新增一级栏目”，或选中栏目后点“新增下级栏目”。</span> : null}
                </Space>
              }
            />
          </Card>
        )}
      </Col>
    </Row>
  );
}
