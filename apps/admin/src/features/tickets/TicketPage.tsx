// One 整改工单: the problem, who must fix it by when, the unit's answer, the 监管员's verification
// or reopening, and the full history (escalations and recurrences included).
import { useParams } from "react-router-dom";
import { App, Button, Card, Descriptions, Flex, Form, Input, Space, Tag, Timeline, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { formError } from "../../lib/forms";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { EVENT_NAME, SEVERITY_COLOR, STATUS_COLOR, tkeys, type TicketDetail } from "./api";
import { TicketCountdown } from "./countdown";

export default function TicketPage() {
  const { id = "" } = useParams();
  const q = useQuery({ queryKey: tkeys.one(id), queryFn: () => api.get<TicketDetail>(`/api/monitoring/tickets/${id}`) });
  if (q.isError) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  const t = q.data;
  if (!t) return <Card loading />;
  const pages = (t.finding?.data["pages"] as Array<{ url: string; text?: string }> | undefined) ?? [];
  return (
    <>
      <PageHeader title={`整改工单 ${t.number}`} description={t.title} extra={<TicketCountdown t={t} />} />
      <Flex vertical gap={16}>
        <Card title="问题">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="等级">
              <Tag color={SEVERITY_COLOR[t.severity]}>{t.severityName}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLOR[t.status]}>{t.statusName}</Tag>
              {t.escalatedAt ? <Tag color="red">已超期上报</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label="站点">{t.siteName}</Descriptions.Item>
            <Descriptions.Item label="栏目">{t.columnName ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="责任单位">{t.unitName}</Descriptions.Item>
            <Descriptions.Item label="责任人">{t.assigneeName ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="整改时限">{fmtDateTime(t.dueAt)}</Descriptions.Item>
            <Descriptions.Item label="来源">{t.origin === "finding" ? "监测发现" : `${t.createdByName} 手工派单`}</Descriptions.Item>
            {t.url ? (
              <Descriptions.Item label="问题页面" span={2}>
                <Typography.Link href={t.url} target="_blank" rel="noreferrer">
                  {t.url}
                </Typography.Link>
              </Descriptions.Item>
            ) : null}
            {t.detail ? (
              <Descriptions.Item label="说明" span={2}>
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{t.detail}</Typography.Paragraph>
              </Descriptions.Item>
            ) : null}
            {pages.length ? (
              <Descriptions.Item label="所在页面" span={2}>
                <Space direction="vertical" size={2}>
                  {pages.map((p) => (
                    <Typography.Link key={p.url} href={p.url} target="_blank" rel="noreferrer">
                      {p.url}
                      {p.text ? `（${p.text}）` : ""}
                    </Typography.Link>
                  ))}
                </Space>
              </Descriptions.Item>
            ) : null}
            {t.recurrences ? (
              <Descriptions.Item label="再次出现" span={2}>
                {t.recurrences} 次，最近一次 {fmtDateTime(t.lastRecurredAt)}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
        {t.answer ? (
          <Card title="整改情况">
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{t.answer}</Typography.Paragraph>
            <Typography.Text type="secondary">反馈时间：{fmtDateTime(t.answeredAt)}</Typography.Text>
          </Card>
        ) : null}
        {t.canAnswer ? <AnswerForm id={t.id} /> : null}
        {t.canVerify && t.status === "answered" ? <VerifyForm id={t.id} /> : null}
        <Card title="办理记录">
          <Timeline
            items={t.history.map((e) => ({
              color: e.kind === "escalate" || e.kind === "recur" ? "red" : e.kind === "verify" ? "green" : "blue",
              children: (
                <>
                  <Typography.Text strong>{EVENT_NAME[e.kind] ?? e.kind}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {fmtDateTime(e.at)} · {e.actorName}
                  </Typography.Text>
                  {e.note ? <div style={{ whiteSpace: "pre-wrap" }}>{e.note}</div> : null}
                </>
              ),
            }))}
          />
        </Card>
      </Flex>
    </>
  );
}

function useRefresh(id: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: tkeys.one(id) });
    void qc.invalidateQueries({ queryKey: ["tickets", "list"] });
  };
}

function AnswerForm({ id }: { id: string }) {
  const [form] = Form.useForm<{ answer: string }>();
  const { message } = App.useApp();
  const refresh = useRefresh(id);
  const m = useMutation({
    mutationFn: (v: { answer: string }) => api.post(`/api/monitoring/tickets/${id}/answer`, v),
    onSuccess: () => {
      message.success("已反馈整改情况，等待监管员核验");
      form.resetFields();
      refresh();
    },
    onError: (e) => message.error(formError(form, e, ["answer"])),
  });
  return (
    <Card title="反馈整改情况">
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)}>
        <Form.Item name="answer" label="采取的措施和整改结果" rules={[{ required: true, message: "请写明整改措施和结果" }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={m.isPending}>
          提交反馈
        </Button>
      </Form>
    </Card>
  );
}

function VerifyForm({ id }: { id: string }) {
  const [form] = Form.useForm<{ note?: string }>();
  const { message } = App.useApp();
  const refresh = useRefresh(id);
  const m = useMutation({
    mutationFn: (v: { decision: "verify" | "reopen"; note: string }) => api.post(`/api/monitoring/tickets/${id}/verify`, v),
    onSuccess: (_, v) => {
      message.success(v.decision === "verify" ? "已核验通过，工单办结" : "已退回责任单位重新整改");
      form.resetFields();
      refresh();
    },
    onError: (e) => message.error(formError(form, e, ["note"])),
  });
  const send = (decision: "verify" | "reopen") => m.mutate({ decision, note: (form.getFieldValue("note") as string | undefined) ?? "" });
  return (
    <Card title="核验整改情况">
      <Form form={form} layout="vertical">
        <Form.Item name="note" label="核验意见（退回时必填）">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Space>
          <Button type="primary" loading={m.isPending} onClick={() => send("verify")}>
            核验通过
          </Button>
          <Button danger loading={m.isPending} onClick={() => send("reopen")}>
            退回重新整改
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
