// 整改工单 list: supervisors and duty officers see every ticket, a unit its own; open tickets show
// the time left (severe problems have one hour). 监管员 and duty officers create tickets by hand.
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { App, Button, Card, Empty, Flex, Form, Input, Modal, Segmented, Select, Table, Tag, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { columnPath, useColumns, useSites, useUnits, useUsers } from "../../lib/lookups";
import { fmtDateTime } from "../../lib/format";
import { formError } from "../../lib/forms";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { SEVERITY_COLOR, STATUS_COLOR, tkeys, useTicketMeta, type TicketRow } from "./api";
import { TicketCountdown } from "./countdown";

type StatusFilter = "active" | "open" | "overdue" | "answered" | "closed";

export default function TicketsPage() {
  const meta = useTicketMeta();
  const [status, setStatus] = useState<StatusFilter>("active");
  const [siteId, setSiteId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  // /tickets?new=1 (e.g. from the patrol page) opens the hand-made ticket form at once.
  const [params] = useSearchParams();
  const [creating, setCreating] = useState(params.get("new") === "1");
  const sites = useSites(!!meta.data?.seesAll);
  const filters = { status, siteId, limit: 20, offset: (page - 1) * 20 };
  const list = useQuery({
    queryKey: tkeys.list(filters),
    queryFn: () => api.get<{ total: number; items: TicketRow[] }>("/api/monitoring/tickets", filters),
    refetchInterval: 60_000,
  });

  return (
    <>
      <PageHeader
        title="整改工单"
        description={
          meta.data
            ? `严重问题 ${meta.data.limits.severeHours} 小时内整改，一般问题 ${meta.data.limits.warnWorkdays} 个工作日，提示类问题 ${meta.data.limits.infoWorkdays} 个工作日；超期自动上报监管员。`
            : undefined
        }
        extra={
          meta.data?.canCreate ? (
            <Button type="primary" onClick={() => setCreating(true)}>
              手工派单
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Segmented<StatusFilter>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[
              { value: "active", label: "未办结" },
              { value: "open", label: "待整改" },
              { value: "overdue", label: "已超期" },
              { value: "answered", label: "待核验" },
              { value: "closed", label: "已办结" },
            ]}
          />
          {meta.data?.seesAll ? (
            <Select
              allowClear
              placeholder="全部站点"
              style={{ minWidth: 220 }}
              value={siteId}
              onChange={(v) => {
                setSiteId(v);
                setPage(1);
              }}
              options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
          ) : null}
        </Flex>
        {list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<TicketRow>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description="没有符合条件的整改工单" /> }}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 件` }}
            columns={[
              { title: "工单号", dataIndex: "number", width: 150, render: (v: string, t) => <Link to={`/tickets/${t.id}`}>{v}</Link> },
              {
                title: "问题",
                dataIndex: "title",
                render: (v: string, t) => (
                  <>
                    <Tag color={SEVERITY_COLOR[t.severity]}>{t.severityName}</Tag>
                    <Link to={`/tickets/${t.id}`}>{v}</Link>
                    {t.recurrences ? (
                      <Typography.Text type="danger" style={{ marginLeft: 8 }}>
                        再次出现 {t.recurrences} 次
                      </Typography.Text>
                    ) : null}
                  </>
                ),
              },
              { title: "站点 / 栏目", key: "where", width: 200, render: (_: unknown, t) => `${t.siteName}${t.columnName ? ` / ${t.columnName}` : ""}` },
              { title: "责任单位", key: "unit", width: 180, render: (_: unknown, t) => `${t.unitName}${t.assigneeName ? `（${t.assigneeName}）` : ""}` },
              { title: "状态", dataIndex: "statusName", width: 90, render: (v: string, t) => <Tag color={STATUS_COLOR[t.status]}>{v}</Tag> },
              { title: "时限", key: "due", width: 170, render: (_: unknown, t) => <TicketCountdown t={t} /> },
              { title: "派单时间", dataIndex: "createdAt", width: 150, render: (v: string) => fmtDateTime(v) },
            ]}
          />
        )}
      </Card>
      {creating && meta.data?.canCreate ? <CreateTicketDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}

interface CreateValues {
  siteId?: string;
  columnId?: string;
  unitId?: string;
  assigneeId?: string;
  severity?: string;
  title?: string;
  detail?: string;
  url?: string;
}

const FIELDS = ["siteId", "columnId", "unitId", "assigneeId", "severity", "title", "detail", "url"];

function CreateTicketDialog({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<CreateValues>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const siteId = Form.useWatch("siteId", form);
  const unitId = Form.useWatch("unitId", form);
  const sites = useSites();
  const columns = useColumns(siteId);
  const units = useUnits();
  const users = useUsers({ unitId, status: "active" }, !!unitId);
  const create = useMutation({
    mutationFn: (v: CreateValues) => api.post<TicketRow>("/api/monitoring/tickets", { ...v, detail: v.detail ?? "", url: v.url ?? "" }),
    onSuccess: (t) => {
      void qc.invalidateQueries({ queryKey: ["tickets"] });
      message.success(`已生成整改工单 ${t.number}`);
      onClose();
      navigate(`/tickets/${t.id}`);
    },
    onError: (e) => message.error(formError(form, e, FIELDS)),
  });
  return (
    <Modal open title="手工派发整改工单" okText="派单" cancelText="取消" onCancel={onClose} confirmLoading={create.isPending} onOk={() => form.submit()} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ severity: "warn" }}>
        <Form.Item name="siteId" label="站点" rules={[{ required: true, message: "请选择站点" }]}>
          <Select showSearch optionFilterProp="label" options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))} onChange={() => form.setFieldsValue({ columnId: undefined })} />
        </Form.Item>
        <Form.Item name="columnId" label="栏目" extra="选择栏目后按栏目设置管理清单自动确定责任单位和责任人">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            disabled={!siteId}
            options={(columns.data ?? []).map((c) => ({ value: c.id, label: columnPath(columns.data ?? [], c.id) }))}
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="unitId" label="责任单位（不选则按栏目或站点主办单位）" style={{ flex: 1 }}>
            <Select allowClear showSearch optionFilterProp="label" options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} onChange={() => form.setFieldsValue({ assigneeId: undefined })} />
          </Form.Item>
          <Form.Item name="assigneeId" label="责任人" style={{ flex: 1 }}>
            <Select allowClear showSearch optionFilterProp="label" disabled={!unitId} options={(users.data ?? []).map((u) => ({ value: u.id, label: u.realName }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="severity" label="问题等级" rules={[{ required: true, message: "请选择问题等级" }]}>
          <Select
            options={[
              { value: "severe", label: "严重（1 小时内整改）" },
              { value: "warn", label: "一般" },
              { value: "info", label: "提示" },
            ]}
          />
        </Form.Item>
        <Form.Item name="title" label="问题概述" rules={[{ required: true, message: "请填写问题概述" }]}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="url" label="问题页面网址">
          <Input placeholder="https://" />
        </Form.Item>
        <Form.Item name="detail" label="问题说明">
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
