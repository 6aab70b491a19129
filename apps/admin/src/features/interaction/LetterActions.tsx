// The actions of the letter case page: intake (moderation, rejection, 转办), each unit's part
// (draft with templates, return, leader review, re-routing), extensions, and the public version.
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Tag, Typography } from "antd";
import { useFormSubmit } from "../../lib/forms";
import { fmtDateTime } from "../../lib/format";
import { useUnits } from "../../lib/lookups";
import { ASSIGNMENT_STATUS, ikeys, useTemplates, type Assignment, type LetterCase, type Publication } from "./api";
import { useAction } from "./useAction";
import { FormModal } from "../../components/FormModal";

const listKey = ["interaction", "letters"] as const;

function useLetterAction(id: string, done?: string) {
  return useAction([ikeys.letter(id), listKey], done);
}

// ------------------------------------------------------------------ intake

export function IntakePanel({ c }: { c: LetterCase }) {
  const l = c.letter;
  const act = useLetterAction(l.id);
  const units = useUnits();
  const { message } = App.useApp();
  const [modal, setModal] = useState<null | "reject" | "moderate-reject">(null);
  const [form] = Form.useForm<{ lead?: string[]; assist?: string[]; instruction?: string }>();
  const { error, submit } = useFormSubmit(form, ["lead", "assist", "instruction"]);
  const active = c.assignments.filter((a) => ["handling", "in_review", "approved"].includes(a.status));
  const unitOptions = (units.data ?? []).filter((u) => !active.some((a) => a.unitId === u.id)).map((u) => ({ value: u.id, label: u.name }));
  const canForward = ["received", "forwarded"].includes(l.status);

  const forward = () =>
    submit(async (v) => {
      const lead = v.lead ?? [];
      const assist = (v.assist ?? []).filter((u) => !lead.includes(u));
      await act.mutateAsync({
        path: `/api/interaction/letters/${l.id}/forward`,
        body: { units: [...lead.map((unitId) => ({ unitId, role: "lead" })), ...assist.map((unitId) => ({ unitId, role: "assist" }))], instruction: v.instruction?.trim() || undefined },
      });
      message.success("已转办");
      form.resetFields();
    });

  return (
    <Card size="small" title="运维中心受理" data-testid="intake-panel">
      {l.status === "held" ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="该留言被内容检查拦截，请人工审核：内容正常的放行进入受理，辱骂、广告等垃圾信息不予受理。"
          action={
            <Space>
              <Button type="primary" size="small" loading={act.isPending} data-testid="moderate-release" onClick={() => void act.mutateAsync({ path: `/api/interaction/letters/${l.id}/moderate`, body: { decision: "release" } }).then(() => message.success("已放行"), (e: Error) => message.error(e.message))}>
                放行
              </Button>
              <Button danger size="small" data-testid="moderate-reject" onClick={() => setModal("moderate-reject")}>
                不予受理
              </Button>
            </Space>
          }
        />
      ) : null}
      {canForward ? (
        <>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="forward-error" /> : null}
          <Form form={form} layout="vertical" data-testid="forward-form">
            <Flex gap={12} wrap>
              <Form.Item name="lead" label="主办单位" style={{ minWidth: 260, flex: 1 }} rules={[{ required: true, message: "请至少选择一个主办单位" }]}>
                <Select mode="multiple" showSearch={{ optionFilterProp: "label" }} options={unitOptions} placeholder="选择承办单位" data-testid="forward-units" />
              </Form.Item>
              <Form.Item name="assist" label="协办单位（可选）" style={{ minWidth: 220, flex: 1 }}>
                <Select mode="multiple" showSearch={{ optionFilterProp: "label" }} options={unitOptions} placeholder="需要协助答复的单位" data-testid="forward-assist" />
              </Form.Item>
            </Flex>
            <Form.Item name="instruction" label="办理要求（可选）">
              <Input.TextArea rows={2} maxLength={1000} placeholder="如：请核实情况后于期限内答复" data-testid="forward-instruction" />
            </Form.Item>
            <Space>
              <Button type="primary" loading={act.isPending} onClick={() => void forward()} data-testid="forward-submit">
                {active.length ? "追加转办" : "转办"}
              </Button>
              {["held", "received"].includes(l.status) ? (
                <Button danger onClick={() => setModal("reject")} data-testid="letter-reject">
                  不予受理
                </Button>
              ) : null}
            </Space>
          </Form>
        </>
      ) : l.status === "held" ? null : (
        <Typography.Text type="secondary">{l.status === "rejected" ? "该留言已不予受理。" : "该留言已答复，转办环节已结束。"}</Typography.Text>
      )}
      <FormModal
        open={modal !== null}
        title="不予受理"
        okText="不予受理"
        danger
        testId="reject-form"
        fields={["reason"]}
        onClose={() => setModal(null)}
        onSubmit={(v) =>
          act.mutateAsync(
            modal === "moderate-reject"
              ? { path: `/api/interaction/letters/${l.id}/moderate`, body: { decision: "reject", reason: v.reason } }
              : { path: `/api/interaction/letters/${l.id}/reject`, body: { reason: v.reason } },
          )
        }
      >
        <Form.Item name="reason" label="理由（来信人可见）" rules={[{ required: true, message: "请填写不予受理的理由" }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如：重复来信；不属于本渠道受理范围，请向……反映" data-testid="reject-reason" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

// ------------------------------------------------------------------ one unit's part

export function AssignmentCard({ c, a, mine, leader }: { c: LetterCase; a: Assignment; mine: boolean; leader: boolean }) {
  const l = c.letter;
  const act = useLetterAction(l.id);
  const units = useUnits(c.can.intake);
  const [modal, setModal] = useState<null | "return" | "reroute" | "reviewReturn">(null);
  const s = ASSIGNMENT_STATUS[a.status] ?? { text: a.status, color: "default" };
  const reroutable = c.can.intake && ["handling", "in_review", "returned"].includes(a.status);

  return (
    <Card
      size="small"
      type="inner"
      data-testid="assignment"
      data-unit={a.unitName}
      data-status={a.status}
      title={
        <Space>
          <span>{a.unitName}</span>
          <Tag>{a.role === "lead" ? "主办" : "协办"}</Tag>
          <Tag color={s.color} data-testid="assignment-status">
            {s.text}
          </Tag>
        </Space>
      }
      extra={
        <Space>
          {mine && ["handling", "in_review"].includes(a.status) ? (
            <Button size="small" onClick={() => setModal("return")} data-testid="assignment-return">
              退回运维中心
            </Button>
          ) : null}
          {reroutable ? (
            <Button size="small" onClick={() => setModal("reroute")} data-testid="assignment-reroute">
              改派
            </Button>
          ) : null}
        </Space>
      }
    >
      <Descriptions size="small" column={2}>
        <Descriptions.Item label="转办时间">{fmtDateTime(a.forwardedAt)}</Descriptions.Item>
        <Descriptions.Item label="起草时间">{fmtDateTime(a.draftedAt)}</Descriptions.Item>
        <Descriptions.Item label="审定时间">{fmtDateTime(a.approvedAt)}</Descriptions.Item>
        {a.endedAt ? <Descriptions.Item label="结束时间">{fmtDateTime(a.endedAt)}</Descriptions.Item> : null}
        {a.instruction ? (
          <Descriptions.Item label="办理要求" span={2}>
            {a.instruction}
          </Descriptions.Item>
        ) : null}
        {a.returnReason ? (
          <Descriptions.Item label={a.status === "withdrawn" ? "改派理由" : "退回理由"} span={2}>
            {a.returnReason}
          </Descriptions.Item>
        ) : null}
        {a.reviewNote ? (
          <Descriptions.Item label="领导意见" span={2}>
            {a.reviewNote}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {mine && a.status === "handling" ? (
        <DraftForm c={c} a={a} />
      ) : a.draft ? (
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", background: "#fafafa", padding: 8, marginTop: 8 }} data-testid="assignment-draft">
          {a.draft}
        </Typography.Paragraph>
      ) : null}
      {mine && leader && a.status === "in_review" ? <ReviewForm c={c} a={a} onReturn={() => setModal("reviewReturn")} /> : null}

      <FormModal open={modal === "return"} title="退回运维中心" okText="退回" danger testId="return-form" fields={["reason"]} onClose={() => setModal(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/interaction/assignments/${a.id}/return`, body: { reason: v.reason } })}>
        <Form.Item name="reason" label="退回理由" rules={[{ required: true, message: "请填写退回理由" }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如：不属于本单位职责，建议转县交通局办理" data-testid="return-reason" />
        </Form.Item>
      </FormModal>
      <FormModal
        open={modal === "reroute"}
        title={`改派：${a.unitName}`}
        okText="改派"
        testId="reroute-form"
        fields={["toUnitId", "reason"]}
        onClose={() => setModal(null)}
        onSubmit={(v) => act.mutateAsync({ path: `/api/interaction/letters/${l.id}/reroute`, body: { assignmentId: a.id, toUnitId: v.toUnitId, reason: v.reason } })}
      >
        <Form.Item name="toUnitId" label="改派至" rules={[{ required: true, message: "请选择改派的单位" }]}>
          <Select showSearch={{ optionFilterProp: "label" }} options={(units.data ?? []).filter((u) => u.id !== a.unitId).map((u) => ({ value: u.id, label: u.name }))} data-testid="reroute-unit" />
        </Form.Item>
        <Form.Item name="reason" label="改派理由" rules={[{ required: true, message: "请填写改派理由" }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="reroute-reason" />
        </Form.Item>
      </FormModal>
      <FormModal
        open={modal === "reviewReturn"}
        title="退回修改"
        okText="退回修改"
        danger
        testId="review-return-form"
        fields={["note"]}
        onClose={() => setModal(null)}
        onSubmit={(v) => act.mutateAsync({ path: `/api/interaction/assignments/${a.id}/review`, body: { decision: "return", note: v.note } })}
      >
        <Form.Item name="note" label="修改意见" rules={[{ required: true, message: "请填写退回修改的意见" }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="review-return-note" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

function DraftForm({ c, a }: { c: LetterCase; a: Assignment }) {
  const act = useLetterAction(c.letter.id);
  const templates = useTemplates();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const { error, submit: run } = useFormSubmit(form, ["text"]);
  const send = (submit: boolean) =>
    run(async (v) => {
      await act.mutateAsync({ path: `/api/interaction/assignments/${a.id}/draft`, body: { text: v.text, submit } });
      message.success(submit ? "答复稿已送单位领导审核" : "答复稿已保存");
    });
  return (
    <div style={{ marginTop: 8 }} data-testid="reply-form">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="reply-error" /> : null}
      <Form form={form} layout="vertical" initialValues={{ text: a.draft }}>
        <Form.Item label="常用答复模板">
          <Select
            allowClear
            placeholder="选择模板插入答复"
            options={(templates.data ?? []).map((t) => ({ value: t.id, label: t.title }))}
            onChange={(id?: string) => {
              const t = templates.data?.find((x) => x.id === id);
              if (t) form.setFieldValue("text", [form.getFieldValue("text"), t.body].filter(Boolean).join("\n"));
            }}
            data-testid="reply-template"
          />
        </Form.Item>
        <Form.Item name="text" label="答复内容" rules={[{ required: true, min: 10, message: "答复内容不少于 10 个字" }]}>
          <Input.TextArea rows={6} maxLength={10000} showCount data-testid="reply-text" />
        </Form.Item>
        <Space>
          <Button onClick={() => void send(false)} loading={act.isPending} data-testid="reply-save">
            保存草稿
          </Button>
          <Button type="primary" onClick={() => void send(true)} loading={act.isPending} data-testid="reply-submit">
            送单位领导审核
          </Button>
        </Space>
      </Form>
    </div>
  );
}

function ReviewForm({ c, a, onReturn }: { c: LetterCase; a: Assignment; onReturn: () => void }) {
  const act = useLetterAction(c.letter.id);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string; note?: string }>();
  const { error, submit } = useFormSubmit(form, ["text", "note"]);
  const approve = () =>
    submit(async (v) => {
      const r = (await act.mutateAsync({ path: `/api/interaction/assignments/${a.id}/review`, body: { decision: "approve", text: v.text !== a.draft ? v.text : undefined, note: v.note?.trim() || undefined } })) as { sent?: boolean };
      message.success(r.sent ? "已审定，答复已发送来信人" : "已审定，待其他承办单位审定后一并答复");
    });
  return (
    <Card size="small" title="单位负责人审定" style={{ marginTop: 8 }} data-testid="reply-review">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ text: a.draft }}>
        <Form.Item name="text" label="答复内容（可直接修改）" rules={[{ required: true, min: 10, message: "答复内容不少于 10 个字" }]}>
          <Input.TextArea rows={6} maxLength={10000} data-testid="review-text" />
        </Form.Item>
        <Form.Item name="note" label="审核意见（可选）">
          <Input maxLength={1000} data-testid="review-note" />
        </Form.Item>
        <Space>
          <Button type="primary" onClick={() => void approve()} loading={act.isPending} data-testid="reply-approve">
            审定通过
          </Button>
          <Button danger onClick={onReturn} data-testid="reply-return">
            退回修改
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

// ------------------------------------------------------------------ extensions

const EXT_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: "待审批", color: "orange" },
  approved: { text: "已批准", color: "green" },
  rejected: { text: "未批准", color: "red" },
};

export function ExtensionsCard({ c, myUnit }: { c: LetterCase; myUnit: string }) {
  const l = c.letter;
  const act = useLetterAction(l.id);
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const handling = c.assignments.some((a) => a.unitId === myUnit && ["handling", "in_review"].includes(a.status));
  const pending = c.extensions.some((e) => e.status === "pending");
  const unitName = (id: string) => c.assignments.find((a) => a.unitId === id)?.unitName ?? "";
  if (!c.extensions.length && !handling) return null;
  const decide = (id: string, approve: boolean) =>
    act.mutateAsync({ path: `/api/interaction/extensions/${id}/decide`, body: { approve } }).then(
      () => message.success(approve ? "已批准延期" : "已驳回延期申请"),
      (e: Error) => message.error(e.message),
    );
  return (
    <Card
      size="small"
      title="延期"
      data-testid="letter-extensions"
      extra={
        handling && !pending && !l.repliedAt ? (
          <Button size="small" onClick={() => setOpen(true)} data-testid="extension-request">
            申请延期
          </Button>
        ) : null
      }
    >
      {c.extensions.length ? (
        <Flex vertical gap={8}>
          {c.extensions.map((e) => (
            <Flex key={e.id} justify="space-between" align="center" gap={8} wrap data-testid="extension-item" data-status={e.status}>
              <div>
                <Tag color={EXT_STATUS[e.status]?.color}>{EXT_STATUS[e.status]?.text ?? e.status}</Tag>
                {unitName(e.unitId)}申请延期 {e.workdays} 个工作日：{e.reason}
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  {fmtDateTime(e.requestedAt)}
                  {e.decidedAt ? ` · 审批于 ${fmtDateTime(e.decidedAt)}` : ""}
                  {e.decisionNote ? ` · ${e.decisionNote}` : ""}
                </Typography.Text>
              </div>
              {e.status === "pending" && c.can.approveExtension ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => void decide(e.id, true)} data-testid="extension-approve">
                    批准
                  </Button>
                  <Popconfirm title="驳回该延期申请？" okText="驳回" cancelText="取消" onConfirm={() => decide(e.id, false)}>
                    <Button size="small" danger data-testid="extension-reject">
                      驳回
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null}
            </Flex>
          ))}
        </Flex>
      ) : (
        <Typography.Text type="secondary">无延期申请。确需延期的，须在答复期限内申请并经批准，批准后来信人可见。</Typography.Text>
      )}
      <FormModal
        open={open}
        title="申请延期"
        okText="提交申请"
        testId="extension-form"
        fields={["workdays", "reason"]}
        initialValues={{ workdays: 5 }}
        onClose={() => setOpen(false)}
        onSubmit={(v) => act.mutateAsync({ path: `/api/interaction/letters/${l.id}/extensions`, body: { workdays: v.workdays, reason: v.reason } })}
      >
        <Form.Item name="workdays" label="延期工作日数" rules={[{ required: true, message: "请填写延期天数" }]}>
          <InputNumber min={1} max={30} addonAfter="个工作日" data-testid="extension-workdays" />
        </Form.Item>
        <Form.Item name="reason" label="延期理由" rules={[{ required: true, message: "请填写延期理由" }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如：需现场核查并协调多个部门" data-testid="extension-reason" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

// ------------------------------------------------------------------ reply and public version

export function PublicationCard({ c }: { c: LetterCase }) {
  const l = c.letter;
  const act = useLetterAction(l.id);
  const promote = useAction([["interaction", "faq"]], "已整理为知识库草稿，请到知识库编辑后送审");
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [unpublish, setUnpublish] = useState(false);
  const [remaining, setRemaining] = useState<string[] | null>(null);
  const [form] = Form.useForm<{ title: string; content: string; reply: string; redactions: string[] }>();
  // A form left invalid shows its own messages (it used to reject unhandled here).
  const { error, submit } = useFormSubmit(form, ["title", "content", "reply", "redactions"]);
  const pub = l.publication;
  const published = !!l.publishedAt;

  const save = () =>
    submit(async (v) => {
      const r = (await act.mutateAsync({ path: `/api/interaction/letters/${l.id}/publication`, body: v })) as { publication: Publication; remaining: string[] };
      setRemaining(r.remaining);
      setEditing(false);
      message.success(r.remaining.length ? "公开版本已保存，但仍检出个人信息" : "公开版本已保存");
    });
  const publish = () =>
    act.mutateAsync({ path: `/api/interaction/letters/${l.id}/publish` }).then(
      () => message.success("已在网站公开"),
      (e: Error & { issues?: Array<{ message: string }> }) => {
        setRemaining(e.issues?.map((i) => i.message) ?? null);
        message.error(e.message);
      },
    );

  return (
    <Card
      size="small"
      title="答复与公开"
      data-testid="letter-reply"
      extra={
        c.can.intake ? (
          <Button size="small" loading={promote.isPending} data-testid="letter-promote" onClick={() => void promote.mutateAsync({ path: `/api/interaction/letters/${l.id}/promote` }).then(() => navigate("/interaction/faq"), (e: Error) => message.error(e.message))}>
            整理为知识库条目
          </Button>
        ) : null
      }
    >
      <Typography.Text type="secondary">答复时间：{fmtDateTime(l.repliedAt)}</Typography.Text>
      {(l.reply ?? []).map((r) => (
        <div key={r.unitId} style={{ marginTop: 8 }}>
          <Typography.Text strong>{r.unitName}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
            审定于 {fmtDateTime(r.approvedAt)}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginTop: 4 }} data-testid="reply-sent">
            {r.text}
          </Typography.Paragraph>
        </div>
      ))}
      {!l.publicAllowed ? (
        <Alert type="info" showIcon title="来信人选择不公开，该留言及答复不在网站公开。" />
      ) : !pub ? (
        <Alert type="info" showIcon title="该渠道设置为不公开答复；如需公开，请先编辑公开版本。" action={c.can.intake ? <Button size="small" onClick={() => setEditing(true)}>编辑公开版本</Button> : null} />
      ) : (
        <Card size="small" type="inner" title="公开版本（已自动遮盖个人信息）" data-testid="publication-preview">
          <Typography.Text strong>{pub.title}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginTop: 4 }} data-testid="publication-content">
            {pub.content}
          </Typography.Paragraph>
          <Typography.Text type="secondary">答复部门：{pub.units.join("、")}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginTop: 4 }} data-testid="publication-reply">
            {pub.reply}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {pub.preparedBy} 于 {fmtDateTime(pub.preparedAt)} 准备{pub.redactions.length ? `；手工遮盖：${pub.redactions.join("、")}` : ""}
          </Typography.Text>
        </Card>
      )}
      {remaining?.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title="公开版本中仍检出个人信息，请手工遮盖后再公开"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {remaining.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          }
          data-testid="publication-remaining"
        />
      ) : null}
      {c.can.intake && l.publicAllowed ? (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={() => setEditing(true)} data-testid="publication-edit">
            编辑公开版本 / 手工遮盖
          </Button>
          {published ? (
            <Button danger onClick={() => setUnpublish(true)} data-testid="letter-unpublish">
              撤下公开
            </Button>
          ) : pub ? (
            <Popconfirm title="确认在网站公开该留言及答复？" okText="公开" cancelText="取消" onConfirm={publish} okButtonProps={{ "data-testid": "letter-publish-confirm" }}>
              <Button type="primary" loading={act.isPending} data-testid="letter-publish">
                公开
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ) : null}
      <Modal
        title="编辑公开版本"
        open={editing}
        width={760}
        onCancel={() => setEditing(false)}
        onOk={() => void save()}
        okText="保存并检查"
        cancelText="取消"
        destroyOnHidden
        okButtonProps={{ loading: act.isPending, "data-testid": "publication-save" }}
      >
        <Typography.Paragraph type="secondary">系统已自动遮盖姓名、电话、身份证号码、地址等个人信息。请核对全文，把其他需要遮盖的词语（如第三方姓名、门牌号）加入“手工遮盖”。</Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} /> : null}
        <Form form={form} layout="vertical" initialValues={{ title: pub?.title ?? l.title, content: pub?.content ?? l.content, reply: pub?.reply ?? (l.reply ?? []).map((r) => r.text).join("\n\n"), redactions: pub?.redactions ?? [] }}>
          <Form.Item name="title" label="标题" rules={[{ required: true, min: 2, message: "请填写标题" }]}>
            <Input maxLength={100} data-testid="publication-title" />
          </Form.Item>
          <Form.Item name="content" label="留言内容" rules={[{ required: true, min: 2, message: "请填写留言内容" }]}>
            <Input.TextArea rows={5} maxLength={5000} data-testid="publication-content-input" />
          </Form.Item>
          <Form.Item name="reply" label="答复内容" rules={[{ required: true, min: 2, message: "请填写答复内容" }]}>
            <Input.TextArea rows={5} maxLength={20000} data-testid="publication-reply-input" />
          </Form.Item>
          <Form.Item name="redactions" label="手工遮盖（输入后回车）">
            <Select mode="tags" open={false} tokenSeparators={["，", ","]} placeholder="如：张某某、3栋2单元" data-testid="publication-redactions" />
          </Form.Item>
        </Form>
      </Modal>
      <FormModal open={unpublish} title="撤下公开" okText="撤下" danger testId="unpublish-letter-form" fields={["reason"]} onClose={() => setUnpublish(false)} onSubmit={(v) => act.mutateAsync({ path: `/api/interaction/letters/${l.id}/unpublish`, body: { reason: v.reason } })}>
        <Form.Item name="reason" label="撤下理由" rules={[{ required: true, message: "请填写撤下理由" }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="unpublish-letter-reason" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
