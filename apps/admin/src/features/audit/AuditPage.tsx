import { useState } from "react";
import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Input, Row, Space, Table, Tooltip, Typography } from "antd";
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from "@ant-design/icons";
import { useMutation, useQuery, keepPreviousData } from "@tanstack/react-query";
import type { Dayjs } from "dayjs";
import { fmtDateTimeSec, fromBeijingWallClock } from "../../lib/format";
import { api, download, errorMessage } from "../../lib/api";
import type { AuditEntry } from "../../lib/types";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { JsonView } from "../../components/JsonView";

const targetLabels: Record<string, string> = {
  user: "用户",
  unit: "单位",
  site: "站点",
  column: "栏目",
  column_request: "栏目申请",
  role: "角色",
  role_assignment: "角色授权",
  password_reset: "密码重置",
  calendar: "工作日历",
  calendar_day: "工作日历",
  session: "会话",
  audit: "审计日志",
};

interface Filters {
  q?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

interface FilterForm {
  q?: string;
  action?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const [form] = Form.useForm<FilterForm>();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [exporting, setExporting] = useState(false);

  const list = useQuery({
    queryKey: ["audit", filters, page, pageSize],
    queryFn: () => api.get<{ items: AuditEntry[]; total: number }>("/api/audit", { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const verify = useMutation({
    mutationFn: () => api.get<{ ok: boolean; checked: number; brokenAt?: number | null }>("/api/audit/verify"),
    onError: (e) => message.error(errorMessage(e)),
  });

  const search = (v: FilterForm) => {
    const [from, to] = v.range ?? [];
    setFilters({
      q: v.q?.trim() || undefined,
      action: v.action?.trim() || undefined,
      actor: v.actor?.trim() || undefined,
      from: from ? fromBeijingWallClock(from.startOf("day")).format() : undefined,
      to: to ? fromBeijingWallClock(to.endOf("day")).format() : undefined,
    });
    setPage(1);
  };

  const doExport = async () => {
    setExporting(true);
    try {
      await download("/api/audit/export", "审计日志.csv", { ...filters });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const v = verify.data;

  return (
    <>
      <PageHeader
        title="审计日志"
        description="记录全部登录、登录失败、权限变更和数据修改操作，日志只可追加、不可修改，采用哈希链防篡改，保存期限不少于六个月。"
        extra={
          <>
            <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
              校验日志完整性
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => void doExport()} loading={exporting}>
              导出
            </Button>
          </>
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        {v ? (
          v.ok ? (
            <Alert
              type="success"
              showIcon
              closable={{ onClose: () => verify.reset() }}
              title={`校验通过：已逐条核对 ${v.checked} 条日志，哈希链完整，未发现篡改。`}
            />
          ) : (
            <Alert
              type="error"
              showIcon
              title="校验未通过：日志可能被篡改"
              description={`已核对 ${v.checked} 条，自第 ${v.brokenAt ?? "?"} 号日志起哈希链断裂。请立即保全现场，并报告网络安全负责人。`}
            />
          )
        ) : null}
        <Card>
          <Form form={form} onFinish={search} layout="vertical">
            <Row gutter={12}>
              <Col xs={24} md={6}>
                <Form.Item label="关键词" name="q">
                  <Input allowClear placeholder="摘要、对象或IP地址" />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item label="操作类型" name="action">
                  <Input allowClear placeholder="如：auth.login" />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item label="操作人" name="actor">
                  <Input allowClear placeholder="姓名或用户名" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item label="时间范围" name="range">
                  <DatePicker.RangePicker style={{ width: "100%" }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={4}>
                <Form.Item label=" ">
                  <Flex gap={8}>
                    <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                      查询
                    </Button>
                    <Button
                      onClick={() => {
                        form.resetFields();
                        search({});
                      }}
                    >
                      重置
                    </Button>
                  </Flex>
                </Form.Item>
              </Col>
            </Row>
          </Form>
          {list.isError ? (
            <PageError error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <Table<AuditEntry>
              rowKey="seq"
              size="small"
              loading={list.isFetching}
              dataSource={list.data?.items ?? []}
              scroll={{ x: 1300 }}
              expandable={{
                rowExpandable: (r) => r.before != null || r.after != null,
                expandedRowRender: (r) => (
                  <Row gutter={16}>
                    <Col span={12}>
                      <Typography.Text type="secondary">修改前</Typography.Text>
                      <JsonView value={r.before} />
                    </Col>
                    <Col span={12}>
                      <Typography.Text type="secondary">修改后</Typography.Text>
                      <JsonView value={r.after} />
                    </Col>
                  </Row>
                ),
              }}
              pagination={{
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                showTotal: (t) => `共 ${t} 条`,
                onChange: (p, s) => {
                  setPage(p);
                  setPageSize(s);
                },
              }}
              columns={[
                { title: "序号", dataIndex: "seq", width: 70 },
                { title: "时间", dataIndex: "at", width: 170, render: (v: string) => fmtDateTimeSec(v) },
                { title: "操作人", dataIndex: "actorName", width: 190, ellipsis: true },
                { title: "IP地址", dataIndex: "ip", width: 130 },
                {
                  title: "操作类型",
                  dataIndex: "action",
                  width: 210,
                  render: (v: string) => (
                    <Typography.Text code style={{ whiteSpace: "nowrap", fontSize: 12 }}>
                      {v}
                    </Typography.Text>
                  ),
                },
                {
                  title: "对象",
                  key: "target",
                  width: 150,
                  render: (_: unknown, r) =>
                    r.targetType ? (
                      <Tooltip title={r.targetId || undefined}>
                        {targetLabels[r.targetType] ?? r.targetType}
                        {r.targetId ? <Typography.Text type="secondary"> {r.targetId.slice(0, 8)}</Typography.Text> : null}
                      </Tooltip>
                    ) : (
                      "—"
                    ),
                },
                { title: "摘要", dataIndex: "summary", ellipsis: true },
              ]}
            />
          )}
        </Card>
      </Space>
    </>
  );
}
