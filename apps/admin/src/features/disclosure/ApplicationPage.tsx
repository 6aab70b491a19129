// 依申请公开案件页: the application, its receipt date and basis, deadlines (with pauses for third-
// party consultation and 补正), the 补正 notice and the corrected application, consultations,
// the one extension, the answer with its annual-table result type, approval and delivery.
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Table, Tag, Typography } from "antd";
import { ArrowLeftOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { fmtDate, fmtDateTime, fromBeijingWallClock } from "../../lib/format";
import { useFormSubmit } from "../../lib/forms";
import { PageError } from "../../components/PageError";
import { FullPageSpin } from "../../components/FullPageSpin";
import { useInteractionMeta } from "../interaction/api";
import { FormModal } from "../../components/FormModal";
import { useAction } from "../interaction/useAction";
import { CaseHistory } from "../interaction/CaseHistory";
import { dkeys, DISCLOSURE_STATUS_COLOR, type ApplicationCase, type DisclosureDeadline } from "./api";

const CONSULT_RESULT: Record<string, string> = { agree: "同意公开", disagree: "不同意公开", no_reply: "逾期未提出意见" };
const at = (d?: Dayjs) => (d ? fromBeijingWallClock(d).toISOString() : undefined);

type Dialog = null | "correction" | "corrected" | "consult" | "extension" | "delivery" | "return";

export default function ApplicationPage() {
  const { id = "" } = useParams();
  const meta = useInteractionMeta();
  const q = useQuery({ queryKey: dkeys.one(id), queryFn: () => api.get<ApplicationCase>(`/api/disclosure/applications/${id}`) });
  const act = useAction([dkeys.one(id), ["disclosure", "list"]]);
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [closing, setClosing] = useState<string | null>(null);
  if (q.isPending) return <FullPageSpin />;
  if (q.isError) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const a = c.application;
  const d = meta.data?.disclosure;
  const statusName = meta.data?.disclosureStatus[a.status] ?? a.status;
  const open = ["received", "in_progress", "answer_review", "correction_requested"].includes(a.status);
  const openConsults = c.consultations.filter((x) => !x.repliedAt);
  const pendingExt = c.extensions.find((e) => e.status === "pending");
  const post = (path: string, ok: string, body?: unknown) => act.mutateAsync({ path, body }).then(() => message.success(ok), (e: Error) => message.error(e.message));

  return (
    <>
      <Link to="/disclosure">
        <ArrowLeftOutlined /> 返回依申请公开
      </Link>
      <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ margin: "12px 0 16px" }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {a.applicantName}的政府信息公开申请
          </Typography.Title>
          <Space style={{ marginTop: 6 }} wrap>
            <Typography.Text code data-testid="disclosure-case-no">{a.caseNo}</Typography.Text>
            <Tag color={DISCLOSURE_STATUS_COLOR[a.status]} data-testid="disclosure-status" data-status={a.status}>
              {statusName}
            </Tag>
            <Tag>{a.channelName}</Tag>
            <Tag>受理机关：{a.unit}</Tag>
            {a.extension ? <Tag color="orange">已延期 {a.extension.workdays} 个工作日</Tag> : null}
          </Space>
        </div>
        {c.can.handle && open ? (
          <Space wrap>
            {a.status === "received" ? (
              <>
                <Button type="primary" onClick={() => void post(`/api/disclosure/applications/${a.id}/accept`, "已受理，进入办理")} data-testid="disclosure-accept">
                  内容明确，受理
                </Button>
                {!a.correction ? (
                  <Button onClick={() => setDialog("correction")} data-testid="disclosure-correction">
                    告知补正
                  </Button>
                ) : null}
              </>
            ) : null}
            {a.status === "correction_requested" ? (
              <Button type="primary" onClick={() => setDialog("corrected")} data-testid="disclosure-corrected">
                登记收到补正
              </Button>
            ) : null}
            {["received", "in_progress"].includes(a.status) ? (
              <Button onClick={() => setDialog("consult")} data-testid="disclosure-consult">
                征求意见
              </Button>
            ) : null}
            {!a.extension && !pendingExt && ["received", "in_progress", "answer_review"].includes(a.status) ? (
              <Button onClick={() => setDialog("extension")} data-testid="disclosure-extension">
                申请延期
              </Button>
            ) : null}
          </Space>
        ) : null}
      </Flex>

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <Card size="small" title="申请内容">
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label="申请人">{a.applicantName}（{a.applicantTypeName}）</Descriptions.Item>
                <Descriptions.Item label={a.applicantType === "natural" ? "身份证件" : "统一社会信用代码"}>{a.applicantType === "natural" ? `${a.idType} ${a.idNumber}` : a.orgCode}</Descriptions.Item>
                {a.legalRepresentative ? <Descriptions.Item label="法定代表人">{a.legalRepresentative}</Descriptions.Item> : null}
                {a.contactName ? <Descriptions.Item label="联系人">{a.contactName}</Descriptions.Item> : null}
                <Descriptions.Item label="联系电话">{a.phone}</Descriptions.Item>
                <Descriptions.Item label="电子邮箱">{a.email || "—"}</Descriptions.Item>
                <Descriptions.Item label="通信地址" span={2}>{a.address || "—"} {a.postcode}</Descriptions.Item>
                <Descriptions.Item label="信息形式">{d?.forms[a.form] ?? a.form}</Descriptions.Item>
                <Descriptions.Item label="获取方式">{d?.deliveries[a.delivery] ?? a.delivery}</Descriptions.Item>
                <Descriptions.Item label="提交时间">{fmtDateTime(a.submittedAt)}</Descriptions.Item>
                <Descriptions.Item label="收到申请之日">
                  <span data-testid="disclosure-received">{fmtDate(a.receivedAt)}</span>
                </Descriptions.Item>
                <Descriptions.Item label="认定依据" span={2}>{a.receiptBasis}</Descriptions.Item>
                {a.documentNo ? <Descriptions.Item label="文号" span={2}>{a.documentNo}</Descriptions.Item> : null}
              </Descriptions>
              <Typography.Paragraph style={{ marginTop: 12, whiteSpace: "pre-wrap" }}>{a.description}</Typography.Paragraph>
            </Card>

            {a.correction ? (
              <Card size="small" title="补正" data-testid="disclosure-correction-card">
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label="告知时间">{fmtDateTime(a.correction.noticeAt)}（{a.correction.by}）</Descriptions.Item>
                  <Descriptions.Item label="补正事项">{a.correction.items}</Descriptions.Item>
                  <Descriptions.Item label="补正期限">{a.correction.periodWorkdays} 个工作日</Descriptions.Item>
                  {a.correction.correctedAt ? <Descriptions.Item label="收到补正">{fmtDateTime(a.correction.correctedAt)}：{a.correction.correctedText}</Descriptions.Item> : null}
                </Descriptions>
              </Card>
            ) : null}

            {c.consultations.length ? (
              <Card size="small" title="征求意见" data-testid="disclosure-consultations">
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={c.consultations}
                  columns={[
                    { title: "对象", dataIndex: "party", render: (v: string, r) => `${v}（${r.kind === "third_party" ? "第三方" : "其他机关"}）` },
                    { title: "发出", dataIndex: "sentAt", width: 150, render: (v: string) => fmtDateTime(v) },
                    { title: "结果", dataIndex: "result", width: 200, render: (v: string | null, r) => (v ? `${CONSULT_RESULT[v]}（${fmtDate(r.repliedAt)}）${r.opinion ? `：${r.opinion}` : ""}` : <Tag color="orange">等待意见，期间不计入答复期限</Tag>) },
                    {
                      title: "",
                      key: "op",
                      width: 110,
                      render: (_: unknown, r) =>
                        !r.repliedAt && c.can.handle ? (
                          <Button size="small" onClick={() => setClosing(r.id)} data-testid="consultation-close">
                            登记意见
                          </Button>
                        ) : null,
                    },
                  ]}
                />
              </Card>
            ) : null}

            <AnswerCard c={c} openConsults={openConsults.length} onReturn={() => setDialog("return")} onDelivery={() => setDialog("delivery")} />
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <Card size="small" title="期限" data-testid="disclosure-deadlines">
              <Table<DisclosureDeadline>
                rowKey="stage"
                size="small"
                pagination={false}
                dataSource={c.deadlines}
                columns={[
                  { title: "环节", dataIndex: "stageName" },
                  { title: "时限", dataIndex: "workdays", width: 70, render: (v: number) => `${v} 日` },
                  {
                    title: "到期",
                    dataIndex: "dueAt",
                    render: (v: string | null, r) => {
                      const paused = r.pauses.some((p) => !p.to);
                      const late = !r.closedAt && v && new Date(v).getTime() < Date.now();
                      return (
                        <span data-testid="disclosure-deadline" data-stage={r.stage} data-overdue={late ? "true" : "false"}>
                          {r.closedAt ? <Tag>已结束</Tag> : paused ? <Tag>暂停计时</Tag> : late ? <Tag color="red">已超期</Tag> : null}
                          {fmtDate(v)}
                          {r.restartAt ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>（自 {fmtDate(r.restartAt)} 重新计算）</Typography.Text> : null}
                        </span>
                      );
                    },
                  },
                ]}
              />
            </Card>
            {c.extensions.length ? (
              <Card size="small" title="延期" data-testid="disclosure-extensions">
                {c.extensions.map((e) => (
                  <Flex key={e.id} justify="space-between" gap={8} wrap style={{ marginBottom: 8 }}>
                    <div>
                      <Tag color={e.status === "approved" ? "green" : e.status === "rejected" ? "red" : "orange"}>{{ pending: "待审批", approved: "已同意", rejected: "未同意" }[e.status]}</Tag>
                      延长 {e.workdays} 个工作日：{e.reason}
                    </div>
                    {e.status === "pending" && c.can.lead ? (
                      <Space>
                        <Button size="small" type="primary" onClick={() => void post(`/api/disclosure/extensions/${e.id}/decide`, "已同意延期", { approve: true })} data-testid="disclosure-extension-approve">
                          同意
                        </Button>
                        <Button size="small" danger onClick={() => void post(`/api/disclosure/extensions/${e.id}/decide`, "未同意延期", { approve: false })} data-testid="disclosure-extension-reject">
                          不同意
                        </Button>
                      </Space>
                    ) : null}
                  </Flex>
                ))}
                {a.extension ? <Alert type="info" showIcon title={a.extension.notice} /> : null}
              </Card>
            ) : null}
            <Card size="small" title="办理记录" data-testid="disclosure-history">
              <CaseHistory entries={c.history} />
            </Card>
          </Flex>
        </Col>
      </Row>

      <FormModal open={dialog === "correction"} title="一次性告知补正" okText="发出补正告知" testId="correction-form" fields={["items", "periodWorkdays"]} initialValues={{ periodWorkdays: 15 }} onClose={() => setDialog(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/disclosure/applications/${a.id}/correction`, body: { items: v.items, periodWorkdays: v.periodWorkdays } })}>
        <Typography.Paragraph type="secondary">第三十条：申请内容不明确的，应当自收到申请之日起 7 个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限。答复期限自收到补正的申请之日起计算。</Typography.Paragraph>
        <Form.Item name="items" label="需要补正的全部事项" rules={[{ required: true, min: 5, message: "请一次性写明需要补正的全部事项" }]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid="correction-items" />
        </Form.Item>
        <Form.Item name="periodWorkdays" label="补正期限（工作日）">
          <InputNumber min={1} max={60} />
        </Form.Item>
      </FormModal>
      <FormModal open={dialog === "corrected"} title="登记收到补正" okText="登记" testId="corrected-form" fields={["text", "at"]} onClose={() => setDialog(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/disclosure/applications/${a.id}/corrected`, body: { text: v.text, at: at(v.at as Dayjs | undefined) } })}>
        <Form.Item name="text" label="补正内容摘录" rules={[{ required: true, min: 2, message: "请摘录补正内容" }]}>
          <Input.TextArea rows={4} maxLength={3000} />
        </Form.Item>
        <Form.Item name="at" label="收到补正时间（不填为现在）">
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </FormModal>
      <FormModal open={dialog === "consult"} title="书面征求意见" okText="登记发出" testId="consult-form" fields={["party", "kind", "at"]} initialValues={{ kind: "third_party" }} onClose={() => setDialog(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/disclosure/applications/${a.id}/consultations`, body: { party: v.party, kind: v.kind, at: at(v.at as Dayjs | undefined) } })}>
        <Typography.Paragraph type="secondary">第三十二条：第三方应当自收到征求意见书之日起 15 个工作日内提出意见；征求意见所需时间不计入答复期限。</Typography.Paragraph>
        <Form.Item name="kind" label="征求对象类型">
          <Select options={[{ value: "third_party", label: "第三方（公民、法人或其他组织）" }, { value: "other_agency", label: "其他行政机关" }]} />
        </Form.Item>
        <Form.Item name="party" label="征求意见的对象" rules={[{ required: true, min: 2, message: "请填写征求意见的对象" }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="at" label="发出时间（不填为现在）">
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </FormModal>
      <FormModal open={!!closing} title="登记征求意见结果" okText="登记" testId="consult-close-form" fields={["result", "opinion", "at"]} onClose={() => setClosing(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/disclosure/consultations/${closing}/close`, body: { result: v.result, opinion: v.opinion || undefined, at: at(v.at as Dayjs | undefined) } })}>
        <Form.Item name="result" label="意见" rules={[{ required: true, message: "请选择第三方意见" }]}>
          <Select options={Object.entries(CONSULT_RESULT).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="opinion" label="意见内容（可选）">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="at" label="收到意见时间（不填为现在）">
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </FormModal>
      <FormModal open={dialog === "extension"} title="申请延长答复期限" okText="提交负责人审批" testId="disclosure-extension-form" fields={["workdays", "reason"]} initialValues={{ workdays: 20 }} onClose={() => setDialog(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/disclosure/applications/${a.id}/extensions`, body: { workdays: v.workdays, reason: v.reason } })}>
        <Typography.Paragraph type="secondary">第三十三条：需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过 20 个工作日。只能延期一次。</Typography.Paragraph>
        <Form.Item name="workdays" label="延长工作日数" rules={[{ required: true, message: "请填写延长天数" }]}>
          <InputNumber min={1} max={20} />
        </Form.Item>
        <Form.Item name="reason" label="延期理由" rules={[{ required: true, min: 2, message: "请填写延期理由" }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </FormModal>
      <FormModal open={dialog === "delivery"} title="登记答复送达" okText="登记" testId="delivery-form" fields={["note", "at"]} onClose={() => setDialog(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/disclosure/applications/${a.id}/delivery`, body: { note: v.note, at: at(v.at as Dayjs | undefined) } })}>
        <Form.Item name="note" label="送达方式和凭证" rules={[{ required: true, min: 2, message: "请填写送达方式和凭证（如邮件回执号）" }]}>
          <Input maxLength={500} placeholder="如：EMS 邮寄，运单号 1234567890123" data-testid="delivery-note" />
        </Form.Item>
        <Form.Item name="at" label="送达时间（不填为现在）">
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </FormModal>
      <FormModal open={dialog === "return"} title="退回答复" okText="退回" danger testId="answer-return-form" fields={["note"]} onClose={() => setDialog(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/disclosure/applications/${a.id}/approve`, body: { approve: false, note: v.note } })}>
        <Form.Item name="note" label="退回意见" rules={[{ required: true, message: "请填写退回意见" }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function AnswerCard({ c, openConsults, onReturn, onDelivery }: { c: ApplicationCase; openConsults: number; onReturn: () => void; onDelivery: () => void }) {
  const a = c.application;
  const meta = useInteractionMeta();
  const outcomes = meta.data?.disclosure.outcomes ?? {};
  const act = useAction([dkeys.one(a.id), ["disclosure", "list"]]);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: string; reason?: string; text: string }>();
  const outcome = Form.useWatch("outcome", form);
  const { error, submit } = useFormSubmit(form, ["outcome", "reason", "text"]);
  const canDraft = c.can.handle && ["received", "in_progress", "answer_review", "correction_requested"].includes(a.status);
  const reasons = outcome ? (outcomes[outcome]?.reasons ?? []) : [];
  const outcomeText = a.outcome ? `${outcomes[a.outcome]?.name ?? a.outcome}${a.outcomeReason ? `（${a.outcomeReason}）` : ""}` : null;

  const draft = () =>
    submit(async (v) => {
      await act.mutateAsync({ path: `/api/disclosure/applications/${a.id}/answer`, body: { outcome: v.outcome, reason: v.reason || undefined, text: v.text } });
      message.success("答复已送负责人审定");
    });

  return (
    <Card size="small" title="答复" data-testid="disclosure-answer">
      {a.answerText && a.status !== "in_progress" ? (
        <>
          <Space style={{ marginBottom: 8 }} wrap>
            <Tag color="blue" data-testid="disclosure-outcome">{outcomeText}</Tag>
            <Typography.Text type="secondary">拟稿 {fmtDateTime(a.answerDraftedAt)}</Typography.Text>
            {a.answeredAt ? <Typography.Text type="secondary">答复 {fmtDateTime(a.answeredAt)}</Typography.Text> : null}
            {a.deliveredAt ? <Typography.Text type="secondary" data-testid="disclosure-delivered">送达 {fmtDateTime(a.deliveredAt)}：{a.deliveryNote}</Typography.Text> : null}
          </Space>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", background: "#fafafa", padding: 8 }}>{a.answerText}</Typography.Paragraph>
        </>
      ) : null}
      {a.status === "answer_review" && c.can.lead ? (
        <Space style={{ marginBottom: 12 }}>
          <Popconfirm title="审定并答复申请人？" okText="审定" cancelText="取消" okButtonProps={{ "data-testid": "disclosure-approve-confirm" }} onConfirm={() => act.mutateAsync({ path: `/api/disclosure/applications/${a.id}/approve`, body: { approve: true } }).then(() => message.success("已审定并答复"), (e: Error) => message.error(e.message))}>
            <Button type="primary" data-testid="disclosure-approve">审定答复</Button>
          </Popconfirm>
          <Button danger onClick={onReturn} data-testid="disclosure-answer-return">退回</Button>
        </Space>
      ) : null}
      {a.status === "answered" && c.can.handle && !a.deliveredAt ? (
        <Button onClick={onDelivery} data-testid="disclosure-delivery">登记送达</Button>
      ) : null}
      {canDraft && a.status !== "answer_review" ? (
        <>
          {openConsults ? <Alert type="warning" showIcon title="尚有征求意见未办结，登记意见结果后才能答复。" style={{ marginBottom: 8 }} /> : null}
          {a.status === "correction_requested" ? <Alert type="info" showIcon title="申请人尚未补正：只能按“申请人无正当理由逾期不补正、行政机关不再处理”办结。" style={{ marginBottom: 8 }} /> : null}
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="disclosure-answer-error" /> : null}
          <Form form={form} layout="vertical" initialValues={{ outcome: a.outcome ?? undefined, reason: a.outcomeReason ?? undefined, text: a.answerText || undefined }}>
            <Flex gap={12} wrap>
              <Form.Item name="outcome" label="办理结果（年报表三口径）" style={{ width: 220 }} rules={[{ required: true, message: "请选择办理结果" }]}>
                <Select options={Object.entries(outcomes).map(([value, o]) => ({ value, label: o.name }))} onChange={() => form.setFieldValue("reason", undefined)} data-testid="disclosure-outcome-select" />
              </Form.Item>
              {reasons.length ? (
                <Form.Item name="reason" label="具体情形" style={{ flex: 1, minWidth: 300 }} rules={[{ required: true, message: "请选择具体情形" }]}>
                  <Select options={reasons.map((r) => ({ value: r, label: r }))} data-testid="disclosure-reason-select" />
                </Form.Item>
              ) : null}
            </Flex>
            <Form.Item name="text" label="答复书内容" rules={[{ required: true, min: 10, message: "答复内容不少于 10 个字" }]}>
              <Input.TextArea rows={6} maxLength={20000} data-testid="disclosure-answer-text" />
            </Form.Item>
            <Button type="primary" onClick={() => void draft()} loading={act.isPending} disabled={openConsults > 0} data-testid="disclosure-answer-submit">
              送负责人审定
            </Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}
