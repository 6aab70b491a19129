// 依申请公开: the applications addressed to the person's unit (or the centre's sites) with the
// countdown of each open stage, and the register of an application received on paper, by post,
// by fax or at the counter (收到申请之日 by 第三十一条).
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { Alert, Button, Card, DatePicker, Empty, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { bj, fmtDate, fromBeijingWallClock } from "../../lib/format";
import { useFormSubmit } from "../../lib/forms";
import { useUnits } from "../../lib/lookups";
import { useMe } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { useInteractionMeta } from "../interaction/api";
import { Countdowns } from "../interaction/countdown";
import { useAction } from "../interaction/useAction";
import { dkeys, DISCLOSURE_STATUS_COLOR, type ApplicationRow } from "./api";

export default function ApplicationsPage() {
  const meta = useInteractionMeta();
  const [status, setStatus] = useState<string[]>([]);
  const [page, setPage] = useState(1);
  const [registering, setRegistering] = useState(false);
  const filters = { status: status.join(","), page, pageSize: 50 };
  const list = useQuery({ queryKey: dkeys.list(filters), queryFn: () => api.get<{ items: ApplicationRow[] }>("/api/disclosure/applications", filters), refetchInterval: 60_000 });
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="依申请公开"
        description="政府信息公开申请自收到申请之日起 20 个工作日内答复；需补正的在 7 个工作日内一次性告知；征求第三方意见的时间不计入期限；延期须经负责人同意，最长 20 个工作日。"
        extra={
          <>
            <Link to="/disclosure/annual-table">
              <Button>年度报告表三</Button>
            </Link>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="disclosure-register">
              登记申请
            </Button>
          </>
        }
      />
      <Card size="small">
        <Flex gap={12} style={{ marginBottom: 12 }}>
          <Select
            mode="multiple"
            allowClear
            placeholder="办理状态"
            style={{ minWidth: 220 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={Object.entries(meta.data?.disclosureStatus ?? {}).map(([value, label]) => ({ value, label }))}
            data-testid="disclosure-filter-status"
          />
        </Flex>
        {list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<ApplicationRow>
            rowKey="id"
            loading={list.isPending}
            dataSource={items}
            data-testid="disclosure-list"
            rowClassName={(r) => (r.deadlines.some((d) => d.overdue) ? "gs-row-overdue" : "")}
            onRow={(r) => ({ "data-testid": "disclosure-row", "data-case-no": r.caseNo, "data-status": r.status }) as React.HTMLAttributes<HTMLElement>}
            pagination={{ current: page, pageSize: 50, onChange: setPage, total: items.length < 50 ? (page - 1) * 50 + items.length : page * 50 + 1 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无申请" /> }}
            columns={[
              { title: "编号", dataIndex: "caseNo", width: 150, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              {
                title: "申请内容",
                dataIndex: "description",
                render: (v: string, r) => (
                  <Flex vertical gap={2}>
                    <Link to={`/disclosure/${r.id}`} data-testid="disclosure-open">
                      {v}
                    </Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.applicantName}（{r.applicantType}）· 受理机关 {r.unit}
                    </Typography.Text>
                  </Flex>
                ),
              },
              { title: "状态", dataIndex: "status", width: 130, render: (s: string, r) => <Tag color={DISCLOSURE_STATUS_COLOR[s]}>{r.statusName ?? s}</Tag> },
              { title: "收到申请之日", dataIndex: "receivedAt", width: 120, render: (v: string) => fmtDate(v) },
              { title: "办理期限", dataIndex: "deadlines", width: 260, render: (d: ApplicationRow["deadlines"]) => <Countdowns items={d} /> },
            ]}
          />
        )}
      </Card>
      {registering ? <RegisterModal onClose={() => setRegistering(false)} /> : null}
    </>
  );
}

interface RegisterValues {
  siteId: string;
  unitId: string;
  channel: string;
  submittedAt: Dayjs;
  signedAt?: Dayjs;
  confirmedAt?: Dayjs;
  applicantType: string;
  applicantName: string;
  idNumber?: string;
  orgCode?: string;
  legalRepresentative?: string;
  contactName?: string;
  phone: string;
  email?: string;
  address?: string;
  postcode?: string;
  description: string;
  documentNo?: string;
  form: string;
  delivery: string;
}

const FIELDS = ["siteId", "unitId", "channel", "submittedAt", "signedAt", "confirmedAt", "applicantType", "applicantName", "idNumber", "orgCode", "legalRepresentative", "contactName", "phone", "email", "address", "postcode", "description", "documentNo", "form", "delivery"];

function RegisterModal({ onClose }: { onClose: () => void }) {
  const meta = useInteractionMeta();
  const { data: me } = useMe();
  const units = useUnits();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterValues>();
  const save = useAction([["disclosure", "list"]]);
  const { error, submit: send } = useFormSubmit(form, FIELDS);
  const channel = Form.useWatch("channel", form);
  const type = Form.useWatch("applicantType", form);
  const [token] = useState(() => `reg-${crypto.randomUUID()}`);
  const d = meta.data?.disclosure;
  const sites = meta.data?.allSites ?? [];
  const defaultSite = sites.find((s) => s.own) ?? sites.find((s) => meta.data?.scope.intakeSiteIds.includes(s.id)) ?? sites[0];
  const channels = Object.entries(d?.receiptChannels ?? {}).filter(([k]) => k !== "online");
  const rule = channel ? d?.receiptChannels[channel]?.rule : undefined;
  // A day picked for today means now; an earlier day means that day's office hours.
  const at = (v?: Dayjs) => {
    if (!v) return undefined;
    if (v.format("YYYY-MM-DD") === bj().format("YYYY-MM-DD")) return new Date().toISOString();
    return fromBeijingWallClock(v.startOf("day").add(10, "hour")).toISOString();
  };

  const submit = () =>
    send(async (v) => {
      const { submittedAt, signedAt, confirmedAt, ...rest } = v;
      const body = Object.fromEntries(Object.entries({ ...rest, submittedAt: at(submittedAt), signedAt: at(signedAt), confirmedAt: at(confirmedAt), clientToken: token }).filter(([, x]) => x !== undefined && x !== ""));
      const r = (await save.mutateAsync({ path: "/api/disclosure/applications", body })) as { caseNo: string };
      const list = await api.get<{ items: ApplicationRow[] }>("/api/disclosure/applications", { pageSize: 200 });
      const created = list.items.find((x) => x.caseNo === r.caseNo);
      onClose();
      if (created) navigate(`/disclosure/${created.id}`);
    });

  return (
    <Modal open width={820} title="登记政府信息公开申请" onCancel={onClose} onOk={() => void submit()} okText="登记" cancelText="取消" okButtonProps={{ loading: save.isPending, "data-testid": "disclosure-register-submit" }}>
      <Typography.Paragraph type="secondary">用于当面提交、邮寄、平常信函和传真提交的申请。网上提交的申请由申请人在网站填写，无需登记。</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="disclosure-register-error" /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ siteId: defaultSite?.id, unitId: me?.user.unitId, channel: "in_person", applicantType: "natural", form: "paper", delivery: "post" }}
      >
        <Flex gap={12} wrap>
          <Form.Item name="unitId" label="受理机关" style={{ minWidth: 280, flex: 1 }} rules={[{ required: true, message: "请选择受理机关" }]}>
            <Select showSearch={{ optionFilterProp: "label" }} options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="siteId" label="所属网站" style={{ minWidth: 240, flex: 1 }} rules={[{ required: true, message: "请选择网站" }]}>
            <Select showSearch={{ optionFilterProp: "label" }} options={sites.map((s) => ({ value: s.id, label: s.name }))} data-testid="disclosure-site" />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="channel" label="提交渠道" style={{ width: 180 }} rules={[{ required: true, message: "请选择提交渠道" }]}>
            <Select options={channels.map(([value, c]) => ({ value, label: c.name }))} data-testid="disclosure-channel" />
          </Form.Item>
          <Form.Item name="submittedAt" label="提交日期" rules={[{ required: true, message: "请填写提交日期" }]}>
            <DatePicker />
          </Form.Item>
          {channel === "mail_signed" ? (
            <Form.Item name="signedAt" label="签收日期" rules={[{ required: true, message: "请填写签收日期" }]}>
              <DatePicker />
            </Form.Item>
          ) : channel && channel !== "in_person" ? (
            <Form.Item name="confirmedAt" label="与申请人确认日期" rules={[{ required: true, message: "请填写确认日期" }]}>
              <DatePicker />
            </Form.Item>
          ) : null}
        </Flex>
        {rule ? <Alert type="info" showIcon title={`收到申请之日：${rule}`} style={{ marginBottom: 12 }} data-testid="disclosure-receipt-rule" /> : null}
        <Flex gap={12} wrap>
          <Form.Item name="applicantType" label="申请人类型" style={{ width: 180 }} rules={[{ required: true }]}>
            <Select options={Object.entries(d?.applicantTypes ?? {}).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="applicantName" label={type === "natural" ? "姓名" : "名称"} style={{ flex: 1, minWidth: 200 }} rules={[{ required: true, message: "请填写申请人姓名或名称" }]}>
            <Input maxLength={100} />
          </Form.Item>
          {type === "natural" ? (
            <Form.Item name="idNumber" label="身份证件号码" style={{ width: 240 }} rules={[{ required: true, message: "公民申请请填写身份证件号码" }]}>
              <Input maxLength={40} />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="orgCode" label="统一社会信用代码" style={{ width: 240 }} rules={[{ required: true, message: "请填写统一社会信用代码" }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="legalRepresentative" label="法定代表人" style={{ width: 160 }}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="contactName" label="联系人" style={{ width: 160 }}>
                <Input maxLength={40} />
              </Form.Item>
            </>
          )}
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="phone" label="联系电话" style={{ width: 200 }} rules={[{ required: true, message: "请填写联系电话" }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="email" label="电子邮箱" style={{ width: 240 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="address" label="通信地址" style={{ flex: 1, minWidth: 240 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="postcode" label="邮政编码" style={{ width: 120 }}>
            <Input maxLength={6} />
          </Form.Item>
        </Flex>
        <Form.Item name="description" label="所需信息的名称、文号或者便于查询的其他特征性描述" rules={[{ required: true, min: 5, message: "请描述所需政府信息" }]}>
          <Input.TextArea rows={3} maxLength={3000} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="documentNo" label="文号（如有）" style={{ width: 240 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="form" label="信息形式" style={{ width: 140 }} rules={[{ required: true }]}>
            <Select options={Object.entries(d?.forms ?? {}).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="delivery" label="获取方式" style={{ width: 160 }} rules={[{ required: true }]}>
            <Select options={Object.entries(d?.deliveries ?? {}).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
