// 意见征集, 问卷调查 and 在线访谈 of a site, run by its operating centre.
import { useState } from "react";
import { Alert, App, Button, Card, DatePicker, Drawer, Empty, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { fmtDateTime, fromBeijingWallClock } from "../../lib/format";
import { useFormSubmit } from "../../lib/forms";
import { useProfileValue, useUnits } from "../../lib/lookups";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { ikeys, useInteractionMeta } from "./api";
import { SitePicker } from "./SitePicker";
import { useAction } from "./useAction";
import { FormModal } from "../../components/FormModal";
import { SurveyBuilder, toSurveyQuestions, type BuilderQuestion } from "./SurveyBuilder";
import { EChart } from "../../components/EChart";

interface Participation {
  solicitations: Array<{ id: string; title: string; status: string; opensAt: string; closesAt: string; paragraphs: number; comments: number; reportPublishedAt: string | null }>;
  surveys: Array<{ id: string; title: string; status: string; opensAt: string; closesAt: string; questions: number; responses: number; resultsPublishedAt: string | null }>;
  interviews: Array<{ id: string; title: string; guests: string; status: string; startsAt: string; endsAt: string; announcedAt: string | null; questions: number; transcriptPublishedAt: string | null }>;
}

const STATUS: Record<string, { text: string; color: string }> = {
  draft: { text: "未发布", color: "default" },
  published: { text: "已发布", color: "green" },
  reported: { text: "已发布反馈", color: "blue" },
  announced: { text: "已预告", color: "green" },
  ended: { text: "已结束", color: "default" },
};
const statusTag = (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.text ?? s}</Tag>;
const iso = (d: Dayjs) => fromBeijingWallClock(d).toISOString();
const period = (a: string, b: string) => `${fmtDateTime(a)} 至 ${fmtDateTime(b)}`;

export default function ParticipationPage() {
  const meta = useInteractionMeta();
  const sites = (meta.data?.sites ?? []).filter((s) => s.intake || meta.data?.scope.supervisor);
  const [siteId, setSiteId] = useState<string | undefined>();
  const [create, setCreate] = useState<null | "solicitation" | "survey" | "interview">(null);
  const [comments, setComments] = useState<string | null>(null);
  const [results, setResults] = useState<string | null>(null);
  const [questions, setQuestions] = useState<string | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [transcript, setTranscript] = useState<string | null>(null);
  const key = ikeys.participation(siteId ?? "");
  const q = useQuery({ queryKey: key, queryFn: () => api.get<Participation>(`/api/sites/${siteId}/participation`), enabled: !!siteId });
  const act = useAction([key]);
  const { message } = App.useApp();
  const run = (path: string, ok: string, body?: unknown) => act.mutateAsync({ path, body }).then(() => message.success(ok), (e: Error) => message.error(e.message));
  const d = q.data;

  return (
    <>
      <PageHeader
        title="征集·调查·访谈"
        description="意见征集按段落收集意见并审核后显示，截止后发布反馈报告；问卷调查支持单选、多选、填空、评分和按条件显示的题目；在线访谈须提前发布预告，访谈中审核网友提问并录入回答，结束后发布文字实录。"
        extra={<SitePicker sites={sites} value={siteId} onChange={setSiteId} />}
      />
      {meta.data && !sites.length ? <Alert type="info" showIcon title="征集、调查和访谈由站点运维中心管理；您不是任何站点运维中心的人员。" /> : null}
      {q.isError ? <PageError error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Card size="small">
        <Tabs
          items={[
            {
              key: "solicitation",
              label: `意见征集（${d?.solicitations.length ?? 0}）`,
              children: (
                <>
                  <Button icon={<PlusOutlined />} type="primary" style={{ marginBottom: 12 }} disabled={!siteId} onClick={() => setCreate("solicitation")} data-testid="solicitation-new">
                    新建意见征集
                  </Button>
                  <Table
                    rowKey="id"
                    size="small"
                    loading={q.isLoading}
                    dataSource={d?.solicitations ?? []}
                    data-testid="solicitation-list"
                    locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无意见征集" /> }}
                    columns={[
                      { title: "标题", dataIndex: "title" },
                      { title: "征集时间", key: "p", width: 300, render: (_: unknown, r: Participation["solicitations"][number]) => period(r.opensAt, r.closesAt) },
                      { title: "状态", dataIndex: "status", width: 110, render: statusTag },
                      { title: "意见", dataIndex: "comments", width: 70 },
                      {
                        title: "操作",
                        key: "op",
                        width: 260,
                        render: (_: unknown, r: Participation["solicitations"][number]) => (
                          <Space size={4} wrap>
                            {r.status === "draft" ? <Button size="small" type="link" onClick={() => void run(`/api/solicitations/${r.id}/publish`, "已发布")}>发布</Button> : null}
                            <Button size="small" type="link" onClick={() => setComments(r.id)}>审核意见</Button>
                            {r.status !== "draft" ? <Button size="small" type="link" onClick={() => setReport(r.id)}>{r.reportPublishedAt ? "更新反馈报告" : "发布反馈报告"}</Button> : null}
                          </Space>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: "survey",
              label: `问卷调查（${d?.surveys.length ?? 0}）`,
              children: (
                <>
                  <Button icon={<PlusOutlined />} type="primary" style={{ marginBottom: 12 }} disabled={!siteId} onClick={() => setCreate("survey")} data-testid="survey-new">
                    新建问卷
                  </Button>
                  <Table
                    rowKey="id"
                    size="small"
                    loading={q.isLoading}
                    dataSource={d?.surveys ?? []}
                    data-testid="survey-list"
                    locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无问卷调查" /> }}
                    columns={[
                      { title: "标题", dataIndex: "title" },
                      { title: "调查时间", key: "p", width: 300, render: (_: unknown, r: Participation["surveys"][number]) => period(r.opensAt, r.closesAt) },
                      { title: "状态", dataIndex: "status", width: 110, render: (s: string, r: Participation["surveys"][number]) => (<>{statusTag(s)}{r.resultsPublishedAt ? <Tag color="blue">结果已公布</Tag> : null}</>) },
                      { title: "题目", dataIndex: "questions", width: 60 },
                      { title: "答卷", dataIndex: "responses", width: 60 },
                      {
                        title: "操作",
                        key: "op",
                        width: 240,
                        render: (_: unknown, r: Participation["surveys"][number]) => (
                          <Space size={4} wrap>
                            {r.status === "draft" ? <Button size="small" type="link" onClick={() => void run(`/api/surveys/${r.id}/publish`, "问卷已发布")}>发布</Button> : null}
                            <Button size="small" type="link" onClick={() => setResults(r.id)}>统计结果</Button>
                            {r.status === "published" && !r.resultsPublishedAt ? <Button size="small" type="link" onClick={() => void run(`/api/surveys/${r.id}/publish`, "结果已公布", { results: true })}>公布结果</Button> : null}
                          </Space>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: "interview",
              label: `在线访谈（${d?.interviews.length ?? 0}）`,
              children: (
                <>
                  <Button icon={<PlusOutlined />} type="primary" style={{ marginBottom: 12 }} disabled={!siteId} onClick={() => setCreate("interview")} data-testid="interview-new">
                    新建访谈
                  </Button>
                  <Table
                    rowKey="id"
                    size="small"
                    loading={q.isLoading}
                    dataSource={d?.interviews ?? []}
                    data-testid="interview-list"
                    locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无在线访谈" /> }}
                    columns={[
                      { title: "主题", dataIndex: "title" },
                      { title: "嘉宾", dataIndex: "guests", width: 200, ellipsis: true },
                      { title: "访谈时间", key: "p", width: 300, render: (_: unknown, r: Participation["interviews"][number]) => period(r.startsAt, r.endsAt) },
                      { title: "状态", dataIndex: "status", width: 110, render: statusTag },
                      { title: "提问", dataIndex: "questions", width: 60 },
                      {
                        title: "操作",
                        key: "op",
                        width: 260,
                        render: (_: unknown, r: Participation["interviews"][number]) => (
                          <Space size={4} wrap>
                            {r.status === "draft" ? <Button size="small" type="link" onClick={() => void run(`/api/interviews/${r.id}/announce`, "已发布访谈预告")}>发布预告</Button> : null}
                            <Button size="small" type="link" onClick={() => setQuestions(r.id)}>问题管理</Button>
                            {r.status !== "draft" ? <Button size="small" type="link" onClick={() => setTranscript(r.id)}>{r.transcriptPublishedAt ? "更新文字实录" : "发布文字实录"}</Button> : null}
                          </Space>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      </Card>
      {create && siteId ? <CreateModal kind={create} siteId={siteId} onClose={() => setCreate(null)} /> : null}
      {comments ? <CommentsDrawer id={comments} onClose={() => setComments(null)} /> : null}
      {results ? <ResultsDrawer id={results} onClose={() => setResults(null)} /> : null}
      {questions ? <QuestionsDrawer id={questions} onClose={() => setQuestions(null)} /> : null}
      <FormModal open={!!report} title="发布意见征集反馈报告" okText="发布" testId="feedback-form" fields={["report"]} onClose={() => setReport(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/solicitations/${report}/feedback`, body: { report: v.report } })}>
        <Typography.Paragraph type="secondary">写明收到意见的总体情况、采纳情况及未采纳的理由。报告中的个人信息将自动遮盖。</Typography.Paragraph>
        <Form.Item name="report" label="反馈报告" rules={[{ required: true, min: 20, message: "反馈报告不少于 20 个字" }]}>
          <Input.TextArea rows={10} maxLength={50000} />
        </Form.Item>
      </FormModal>
      <FormModal open={!!transcript} title="发布文字实录" okText="发布" testId="transcript-form" fields={["transcript"]} onClose={() => setTranscript(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/interviews/${transcript}/transcript`, body: { transcript: (v.transcript as string | undefined)?.trim() || undefined } })}>
        <Typography.Paragraph type="secondary">不填写时，按已回答的网友提问自动生成实录（网友个人信息自动遮盖）。访谈结束后才能发布。</Typography.Paragraph>
        <Form.Item name="transcript" label="文字实录（可选）">
          <Input.TextArea rows={10} maxLength={200000} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function CreateModal({ kind, siteId, onClose }: { kind: "solicitation" | "survey" | "interview"; siteId: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const units = useUnits();
  const noticeDays = useProfileValue<number>("interaction.interviewNoticeDays");
  const save = useAction([ikeys.participation(siteId)], "已保存，发布后在网站显示");
  const { error, submit: send } = useFormSubmit(form, ["title", "summary", "text", "guests", "description", "unitId"]);
  const title = { solicitation: "新建意见征集", survey: "新建问卷调查", interview: "新建在线访谈" }[kind];
  const submit = () =>
    send(async (v: Record<string, unknown>) => {
      const [a, b] = v.range as [Dayjs, Dayjs];
      if (kind === "solicitation") await save.mutateAsync({ path: `/api/sites/${siteId}/solicitations`, body: { title: v.title, summary: v.summary || undefined, text: v.text, unitId: v.unitId, opensAt: iso(a), closesAt: iso(b) } });
      else if (kind === "interview") await save.mutateAsync({ path: `/api/sites/${siteId}/interviews`, body: { title: v.title, guests: v.guests, description: v.description || undefined, unitId: v.unitId, startsAt: iso(a), endsAt: iso(b) } });
      else await save.mutateAsync({ path: `/api/sites/${siteId}/surveys`, body: { title: v.title, description: v.description || undefined, unitId: v.unitId, opensAt: iso(a), closesAt: iso(b), questions: toSurveyQuestions((v.questions as BuilderQuestion[]) ?? []) } });
      onClose();
    });
  return (
    <Modal open width={kind === "survey" ? 900 : 720} title={title} onCancel={onClose} onOk={() => void submit()} okText="保存" cancelText="取消" okButtonProps={{ loading: save.isPending, "data-testid": "participation-save" }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="participation-error" /> : null}
      <Form form={form} layout="vertical" initialValues={kind === "survey" ? { questions: [{ type: "single", title: "", options: [{ label: "" }, { label: "" }], required: true }] } : undefined}>
        <Form.Item name="title" label={kind === "interview" ? "访谈主题" : "标题"} rules={[{ required: true, min: 4, message: "标题不少于 4 个字" }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="unitId" label={kind === "solicitation" ? "起草单位" : "主办单位"} rules={[{ required: true, message: "请选择单位" }]}>
          <Select showSearch={{ optionFilterProp: "label" }} options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="range" label={kind === "interview" ? (noticeDays ? `访谈时间（须至少提前 ${noticeDays} 天发布预告）` : "访谈时间") : "起止时间"} rules={[{ required: true, message: "请选择起止时间" }]}>
          <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        {kind === "interview" ? (
          <Form.Item name="guests" label="访谈嘉宾" rules={[{ required: true, min: 2, message: "请填写访谈嘉宾" }]}>
            <Input maxLength={500} placeholder="如：县教委主任 谭丽萍" />
          </Form.Item>
        ) : null}
        {kind === "solicitation" ? (
          <>
            <Form.Item name="summary" label="起草说明（可选）">
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Form.Item name="text" label="征求意见稿正文（每段一行，意见按段落定位）" rules={[{ required: true, min: 10, message: "请粘贴征求意见稿正文" }]}>
              <Input.TextArea rows={10} maxLength={200000} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="description" label="说明（可选）">
            <Input.TextArea rows={2} maxLength={kind === "interview" ? 5000 : 2000} />
          </Form.Item>
        )}
        {kind === "survey" ? <SurveyBuilder form={form} /> : null}
      </Form>
    </Modal>
  );
}

interface Comment {
  id: string;
  paragraph: number | null;
  quote: string;
  content: string;
  authorName: string;
  status: string;
  adoption: string | null;
  findings: Array<{ message: string }>;
  createdAt: string;
}

const ADOPTION = { adopted: "采纳", partly: "部分采纳", not_adopted: "未采纳" } as const;
const COMMENT_STATUS: Record<string, { text: string; color: string }> = { pending: { text: "待审核", color: "orange" }, held: { text: "疑似违规", color: "red" }, approved: { text: "已显示", color: "green" }, rejected: { text: "不予显示", color: "default" } };

function CommentsDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const key = ["interaction", "solicitation-comments", id];
  const q = useQuery({ queryKey: key, queryFn: () => api.get<{ solicitation: { title: string; paragraphs: string[] }; comments: Comment[] }>(`/api/solicitations/${id}/comments`) });
  const act = useAction([key]);
  const { message } = App.useApp();
  const moderate = (c: Comment, decision: "approve" | "reject", adoption?: string) =>
    act.mutateAsync({ path: `/api/solicitation-comments/${c.id}/moderate`, body: { decision, adoption } }).catch((e: Error) => message.error(e.message));
  return (
    <Drawer open width={760} title={q.data ? `意见审核：${q.data.solicitation.title}` : "意见审核"} onClose={onClose}>
      {q.isError ? <PageError error={q.error} /> : null}
      <Table<Comment>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data?.comments ?? []}
        pagination={false}
        locale={{ emptyText: "暂无意见" }}
        columns={[
          { title: "段落", dataIndex: "paragraph", width: 60, render: (p: number | null) => (p === null ? "全文" : `第${p + 1}段`) },
          { title: "意见", dataIndex: "content", render: (v: string, r) => (<><div>{r.quote ? <Typography.Text type="secondary">“{r.quote}”</Typography.Text> : null}</div>{v}{r.findings.length ? <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{r.findings.map((f) => f.message).join("；")}</Typography.Text></div> : null}</>) },
          { title: "状态", dataIndex: "status", width: 90, render: (s: string) => <Tag color={COMMENT_STATUS[s]?.color}>{COMMENT_STATUS[s]?.text ?? s}</Tag> },
          {
            title: "采纳情况",
            dataIndex: "adoption",
            width: 190,
            render: (a: string | null, r) => (
              <Space size={4} wrap>
                <Select size="small" style={{ width: 100 }} placeholder="采纳情况" value={a ?? undefined} options={Object.entries(ADOPTION).map(([value, label]) => ({ value, label }))} onChange={(v: string) => void moderate(r, r.status === "rejected" ? "reject" : "approve", v)} />
                {r.status !== "approved" ? <Button size="small" type="link" onClick={() => void moderate(r, "approve")}>显示</Button> : null}
                {r.status !== "rejected" ? <Button size="small" type="link" danger onClick={() => void moderate(r, "reject")}>不予显示</Button> : null}
              </Space>
            ),
          },
        ]}
      />
    </Drawer>
  );
}

interface SurveyResults {
  title: string;
  responses: number;
  questions: Array<{ key: string; title: string; type: string; answered: number; options?: Array<{ key: string; label: string; count: number }>; average?: number | null; max?: number }>;
}

function ResultsDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const q = useQuery({ queryKey: ["interaction", "survey-results", id], queryFn: () => api.get<SurveyResults>(`/api/surveys/${id}/results`) });
  return (
    <Drawer open width={760} title={q.data ? `统计结果：${q.data.title}（${q.data.responses} 份答卷）` : "统计结果"} onClose={onClose}>
      {q.isError ? <PageError error={q.error} /> : null}
      {q.data?.questions.map((x, i) => (
        <Card key={x.key} size="small" title={`${i + 1}. ${x.title}`} style={{ marginBottom: 12 }} extra={`${x.answered} 人作答`}>
          {x.options ? (
            <EChart
              height={Math.max(120, x.options.length * 36)}
              option={{ grid: { left: 140, right: 32, top: 8, bottom: 24 }, tooltip: {}, xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: x.options.map((o) => o.label), inverse: true }, series: [{ type: "bar", data: x.options.map((o) => o.count), label: { show: true, position: "right" } }] }}
            />
          ) : x.type === "rating" ? (
            <Typography.Text>平均分：{x.average ?? "—"} / {x.max}</Typography.Text>
          ) : (
            <Typography.Text type="secondary">填空题不公布具体内容，只统计作答人数。</Typography.Text>
          )}
        </Card>
      ))}
    </Drawer>
  );
}

interface Question {
  id: string;
  content: string;
  askerName: string;
  status: string;
  answer: string | null;
  answeredBy: string | null;
  findings: Array<{ message: string }>;
  createdAt: string;
}

const Q_STATUS: Record<string, { text: string; color: string }> = { pending: { text: "待审核", color: "orange" }, held: { text: "疑似违规", color: "red" }, approved: { text: "已通过", color: "blue" }, rejected: { text: "不予显示", color: "default" }, answered: { text: "已回答", color: "green" } };

function QuestionsDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const key = ["interaction", "interview-questions", id];
  // Questions arrive during the interview: refresh while the drawer is open.
  const q = useQuery({ queryKey: key, queryFn: () => api.get<{ interview: { title: string; guests: string }; questions: Question[] }>(`/api/interviews/${id}/questions`), refetchInterval: 10_000 });
  const act = useAction([key]);
  const { message } = App.useApp();
  const [answering, setAnswering] = useState<Question | null>(null);
  const moderate = (x: Question, decision: "approve" | "reject") => act.mutateAsync({ path: `/api/interview-questions/${x.id}/moderate`, body: { decision } }).catch((e: Error) => message.error(e.message));
  return (
    <Drawer open width={760} title={q.data ? `网友提问：${q.data.interview.title}` : "网友提问"} onClose={onClose}>
      {q.isError ? <PageError error={q.error} /> : null}
      <Table<Question>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data?.questions ?? []}
        pagination={false}
        locale={{ emptyText: "暂无提问" }}
        columns={[
          { title: "提问", dataIndex: "content", render: (v: string, r) => (<><div>{v}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.askerName || "网友"} · {fmtDateTime(r.createdAt)}</Typography.Text>{r.answer ? <Typography.Paragraph style={{ marginTop: 4, marginBottom: 0 }}><Typography.Text strong>{r.answeredBy}：</Typography.Text>{r.answer}</Typography.Paragraph> : null}</>) },
          { title: "状态", dataIndex: "status", width: 90, render: (s: string) => <Tag color={Q_STATUS[s]?.color}>{Q_STATUS[s]?.text ?? s}</Tag> },
          {
            title: "操作",
            key: "op",
            width: 190,
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                {["pending", "held", "rejected"].includes(r.status) ? <Button size="small" type="link" onClick={() => void moderate(r, "approve")}>通过</Button> : null}
                {r.status !== "rejected" && r.status !== "answered" ? <Button size="small" type="link" danger onClick={() => void moderate(r, "reject")}>不予显示</Button> : null}
                <Button size="small" type="link" onClick={() => setAnswering(r)}>{r.answer ? "修改回答" : "录入回答"}</Button>
              </Space>
            ),
          },
        ]}
      />
      <FormModal
        open={!!answering}
        title="录入嘉宾回答"
        okText="保存"
        testId="interview-answer-form"
        fields={["answer", "answeredBy"]}
        initialValues={{ answeredBy: q.data?.interview.guests, answer: answering?.answer ?? "" }}
        onClose={() => setAnswering(null)}
        onSubmit={(v) => act.mutateAsync({ path: `/api/interview-questions/${answering!.id}/moderate`, body: { decision: "answer", answer: v.answer, answeredBy: v.answeredBy } })}
      >
        <Typography.Paragraph>{answering?.content}</Typography.Paragraph>
        <Form.Item name="answeredBy" label="回答人">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="answer" label="回答" rules={[{ required: true, min: 2, message: "请填写嘉宾的回答" }]}>
          <Input.TextArea rows={6} maxLength={10000} />
        </Form.Item>
      </FormModal>
    </Drawer>
  );
}
