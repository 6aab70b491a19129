// 信息发布登记: the ledger of everything published, with the signatures, and the documents
// published later than the profile allows after their 成文日期 flagged.
import { useState } from "react";
import { Link } from "react-router-dom";
import { App, Button, Card, Checkbox, Col, DatePicker, Flex, Form, Row, Select, Table, Tag, Tooltip, Typography } from "antd";
import { DownloadOutlined, SearchOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Dayjs } from "dayjs";
import { api, download, errorMessage } from "../../lib/api";
import { fmtDate, fmtDateTime } from "../../lib/format";
import { useSites } from "../../lib/lookups";
import { useMe } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import type { RegisterItem } from "./types";
import { contentKeys, useContentMeta } from "./queries";

interface Filters {
  siteId?: string;
  type?: string;
  from?: string;
  to?: string;
  lateOnly?: boolean;
}

export default function RegisterPage() {
  const { message } = App.useApp();
  const { data: me } = useMe();
  const sites = useSites();
  const meta = useContentMeta();
  const [form] = Form.useForm<{ siteId?: string; type?: string; range?: [Dayjs | null, Dayjs | null] | null; lateOnly?: boolean }>();
  const [filters, setFilters] = useState<Filters>({});
  const [exporting, setExporting] = useState(false);
  const list = useQuery({
    queryKey: [...contentKeys.register, filters],
    queryFn: () => api.get<{ items: RegisterItem[]; limitWorkdays: number }>("/api/register", { ...filters, lateOnly: filters.lateOnly || undefined }),
    placeholderData: keepPreviousData,
  });
  const siteChoices = new Map<string, string>();
  for (const s of sites.data ?? []) siteChoices.set(s.id, s.name);
  for (const r of me?.roles ?? []) if (r.siteId && r.siteName && !siteChoices.has(r.siteId)) siteChoices.set(r.siteId, r.siteName);
  const limit = list.data?.limitWorkdays ?? 20;
  const late = (list.data?.items ?? []).filter((i) => i.late).length;

  const doExport = async () => {
    setExporting(true);
    try {
      await download("/api/register/export", "信息发布登记.xlsx", { ...filters, lateOnly: filters.lateOnly || undefined });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title="信息发布登记"
        description={`已发布信息的登记台账，含撰稿、审核签发记录。主动公开信息自成文之日起超过 ${limit} 个工作日发布的，标记为超期。`}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="register-export">
            导出 Excel
          </Button>
        }
      />
      <Card>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => {
            const [from, to] = v.range ?? [];
            setFilters({ siteId: v.siteId, type: v.type, from: from?.format("YYYY-MM-DD"), to: to?.format("YYYY-MM-DD"), lateOnly: v.lateOnly });
          }}
        >
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Form.Item label="网站" name="siteId">
                <Select allowClear placeholder="全部网站" options={[...siteChoices.entries()].map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item label="信息类型" name="type">
                <Select allowClear placeholder="全部类型" options={(meta.data?.types ?? []).map((t) => ({ value: t.key, label: t.name }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label="发布日期" name="range">
                <DatePicker.RangePicker style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label=" " name="lateOnly" valuePropName="checked">
                <Checkbox data-testid="register-late-only">只看超期发布</Checkbox>
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label=" ">
                <Flex gap={8}>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                    查询
                  </Button>
                  <Button
                    onClick={() => {
                      form.resetFields();
                      setFilters({});
                    }}
                  >
                    重置
                  </Button>
                </Flex>
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {late ? (
          <Typography.Paragraph type="danger" style={{ marginTop: -8 }}>
            本次查询中有 {late} 条超期发布。
          </Typography.Paragraph>
        ) : null}
        {list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<RegisterItem>
            rowKey="id"
            size="small"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            data-testid="register-list"
            scroll={{ x: 1800 }}
            rowClassName={(r) => (r.late ? "gs-row-overdue" : "")}
            pagination={{ pageSize: 50, showTotal: (t) => `共 ${t} 条` }}
            columns={[
              { title: "序号", width: 60, render: (_v, _r, i) => i + 1 },
              { title: "索引号", dataIndex: "indexNo", width: 200, render: (v: string | null) => v ?? "—" },
              { title: "标题", dataIndex: "title", width: 300, render: (t: string, r) => <Link to={`/content/${r.id}`}>{t}</Link> },
              { title: "类型", dataIndex: "type", width: 90 },
              { title: "网站", dataIndex: "siteName", width: 160, ellipsis: true },
              { title: "发布单位", dataIndex: "unitName", width: 160, ellipsis: true },
              { title: "撰稿人", dataIndex: "author", width: 80 },
              { title: "成文日期", dataIndex: "writtenDate", width: 110, render: (v: string | null) => fmtDate(v) },
              { title: "发布时间", dataIndex: "publishedAt", width: 150, render: (v: string | null) => fmtDateTime(v) },
              {
                title: "审核签发",
                dataIndex: "signatures",
                width: 260,
                render: (s: string[]) => (
                  <Tooltip title={s.join("\n")}>
                    <Typography.Text ellipsis style={{ maxWidth: 240 }}>
                      {s.join("；") || "—"}
                    </Typography.Text>
                  </Tooltip>
                ),
              },
              {
                title: `距成文（工作日）`,
                dataIndex: "workdaysToPublish",
                width: 130,
                render: (v: number | null, r) =>
                  v === null ? "—" : r.late ? <Tag color="red">{v}（超期）</Tag> : v,
              },
              { title: "状态", dataIndex: "state", width: 90 },
            ]}
          />
        )}
      </Card>
    </>
  );
}
