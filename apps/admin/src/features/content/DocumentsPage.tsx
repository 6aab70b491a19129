// 稿件管理: the documents of the sites the person works on, filtered by site, column, state and
// title; "我的稿件" shows only the person's own.
import { useMemo, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { Button, Card, Col, Flex, Form, Input, Row, Segmented, Select, Table, Tag, Tooltip, Typography } from "antd";
import { PlusOutlined, SearchOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { useSites } from "../../lib/lookups";
import { useMe } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import type { DocumentListItem } from "./types";
import { contentKeys, useContentRoles } from "./queries";
import { stateColors, stateOptions } from "./labels";
import { ColumnPicker } from "./pickers";

export default function DocumentsPage() {
  const navigate = useNavigate();
  const roles = useContentRoles();
  const { data: me } = useMe();
  const sites = useSites(roles.reader);
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<{ q?: string }>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const scope = params.get("scope") ?? (roles.editor ? "mine" : "all");
  const siteId = params.get("site") ?? undefined;
  const columnId = params.get("column") ?? undefined;
  const state = params.get("state") ?? undefined;
  const q = params.get("q") ?? undefined;

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
    setPage(1);
  };

  const siteChoices = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of sites.data ?? []) m.set(s.id, s.name);
    for (const r of me?.roles ?? []) if (r.siteId && r.siteName && !m.has(r.siteId)) m.set(r.siteId, r.siteName);
    return [...m.entries()].map(([value, label]) => ({ value, label }));
  }, [sites.data, me?.roles]);

  const filters = { siteId, columnId, state, q, mine: scope === "mine" ? true : undefined, page, pageSize };
  const list = useQuery({
    queryKey: [...contentKeys.documents, "list", filters],
    queryFn: () => api.get<{ items: DocumentListItem[]; total: number }>("/api/documents", filters),
    placeholderData: keepPreviousData,
    enabled: roles.reader,
  });

  return (
    <>
      <PageHeader
        title="稿件管理"
        description="草稿、审核中和已发布的信息。已发布信息修改后生成新草稿，审核通过前网站上仍显示原版本。"
        extra={
          roles.editor ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("/content/new")} data-testid="content-new">
              写稿
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex vertical gap={12}>
          <Segmented
            value={scope}
            onChange={(v) => set({ scope: String(v) })}
            options={[
              ...(roles.editor ? [{ value: "mine", label: "我的稿件" }] : []),
              { value: "all", label: "全部稿件" },
            ]}
            data-testid="content-scope"
          />
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Select
                allowClear
                placeholder="全部网站"
                value={siteId}
                onChange={(v?: string) => set({ site: v, column: undefined })}
                options={siteChoices}
                style={{ width: "100%" }}
                aria-label="网站"
                data-testid="content-filter-site"
                showSearch={{ optionFilterProp: "label" }}
              />
            </Col>
            <Col xs={24} md={6}>
              <ColumnPicker siteId={siteId} allowed={null} value={columnId} onChange={(v) => set({ column: (v as string | undefined) ?? undefined })} placeholder="全部栏目" />
            </Col>
            <Col xs={24} md={5}>
              <Select
                allowClear
                placeholder="全部状态"
                value={state}
                onChange={(v?: string) => set({ state: v })}
                options={stateOptions}
                style={{ width: "100%" }}
                aria-label="状态"
                data-testid="content-filter-state"
              />
            </Col>
            <Col xs={24} md={7}>
              <Form form={form} initialValues={{ q }} onFinish={(v) => set({ q: v.q?.trim() || undefined })}>
                <Flex gap={8}>
                  <Form.Item name="q" noStyle>
                    <Input allowClear placeholder="按标题查找" aria-label="标题关键词" onClear={() => set({ q: undefined })} />
                  </Form.Item>
                  <Button htmlType="submit" icon={<SearchOutlined />}>
                    查询
                  </Button>
                </Flex>
              </Form>
            </Col>
          </Row>
          {list.isError ? (
            <PageError error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <Table<DocumentListItem>
              rowKey="id"
              size="middle"
              loading={list.isFetching}
              dataSource={list.data?.items ?? []}
              data-testid="content-list"
              scroll={{ x: 1100 }}
              onRow={(r) => ({ "data-document-id": r.id }) as React.HTMLAttributes<HTMLElement>}
              pagination={{
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                showTotal: (t) => `共 ${t} 篇`,
                onChange: (p, s) => {
                  setPage(p);
                  setPageSize(s);
                },
              }}
              locale={{ emptyText: scope === "mine" ? "还没有稿件，点击右上角“写稿”开始撰写" : "没有符合条件的稿件" }}
              columns={[
                {
                  title: "标题",
                  dataIndex: "title",
                  render: (t: string | null, r) => (
                    <Link to={`/content/${r.id}`} data-testid="content-row-title">
                      {t || "（无标题）"}
                    </Link>
                  ),
                },
                { title: "网站", dataIndex: "siteName", width: 180, ellipsis: true },
                { title: "类型", dataIndex: "typeName", width: 100 },
                {
                  title: "状态",
                  dataIndex: "stateName",
                  width: 170,
                  render: (s: string, r) => (
                    <Flex gap={4} wrap>
                      <Tag color={stateColors[r.state]}>{s}</Tag>
                      {r.liveRevisionId && r.draftRevisionId ? (
                        <Tooltip title="已发布信息有新的修改版本">
                          <Tag>有新版本</Tag>
                        </Tooltip>
                      ) : null}
                      {r.publishError ? (
                        <Tooltip title={r.publishError}>
                          <Tag color="error">发布失败</Tag>
                        </Tooltip>
                      ) : null}
                    </Flex>
                  ),
                },
                { title: "发布单位", dataIndex: "unitName", width: 180, ellipsis: true },
                {
                  title: "发布时间",
                  dataIndex: "firstPublishedAt",
                  width: 150,
                  render: (v: string | null, r) => (r.scheduledAt ? <Typography.Text type="secondary">定时 {fmtDateTime(r.scheduledAt)}</Typography.Text> : fmtDateTime(v)),
                },
                { title: "更新时间", dataIndex: "updatedAt", width: 150, render: (v: string) => fmtDateTime(v) },
              ]}
            />
          )}
        </Flex>
      </Card>
    </>
  );
}
