// 知识库: question-and-answer entries of a site, drafted by the operating centre (or promoted from
// an answered letter, personal data masked), reviewed by a 审核人 (level 2+) and then answered by
// the public question box.
import { useState } from "react";
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { useFormSubmit } from "../../lib/forms";
import { useMe } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { ikeys, useInteractionMeta } from "./api";
import { SitePicker } from "./SitePicker";
import { useAction } from "./useAction";
import { FormModal } from "../../components/FormModal";

interface FaqEntry {
  id: string;
  question: string;
  answer: string;
  status: "draft" | "in_review" | "published" | "archived";
  sourceLetterId: string | null;
  editedBy: string;
  reviewNote: string | null;
  publishedAt: string | null;
  updatedAt: string;
  hits: number;
}

const STATUS: Record<string, { text: string; color: string }> = {
  draft: { text: "草稿", color: "default" },
  in_review: { text: "待审核", color: "orange" },
  published: { text: "已发布", color: "green" },
  archived: { text: "已撤下", color: "default" },
};

export default function FaqPage() {
  const meta = useInteractionMeta();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const sites = (meta.data?.sites ?? []).filter((s) => s.intake);
  const [siteId, setSiteId] = useState<string | undefined>();
  const [status, setStatus] = useState<string>("");
  const [editing, setEditing] = useState<FaqEntry | "new" | null>(null);
  const [rejecting, setRejecting] = useState<FaqEntry | null>(null);
  const key = ikeys.faq(siteId ?? "", status);
  const list = useQuery({
    queryKey: key,
    queryFn: () => api.get<{ items: FaqEntry[] }>(`/api/sites/${siteId}/faq`, { status }).then((r) => r.items),
    enabled: !!siteId,
  });
  const act = useAction([["interaction", "faq"]]);
  const reviewer = !!me?.roles.some((r) => r.role === "reviewer" && (r.level ?? 0) >= 2);
  const run = (path: string, ok: string, body?: unknown) => act.mutateAsync({ path, body }).then(() => message.success(ok), (e: Error) => message.error(e.message));

  return (
    <>
      <PageHeader
        title="知识库"
        description="把已答复的常见问题整理成问答，经审核后发布；网站的智能问答从知识库中检索答案，找不到的引导到留言信箱。"
        extra={
          <>
            <SitePicker sites={sites} value={siteId} onChange={setSiteId} />
            <Button type="primary" icon={<PlusOutlined />} disabled={!siteId} onClick={() => setEditing("new")} data-testid="faq-new">
              新增条目
            </Button>
          </>
        }
      />
      {meta.data && !sites.length ? <Alert type="info" showIcon title="知识库由站点运维中心维护；您不是任何站点运维中心的人员。" /> : null}
      <Card size="small">
        <Segmented
          style={{ marginBottom: 12 }}
          value={status}
          onChange={(v) => setStatus(String(v))}
          options={[
            { label: "全部", value: "" },
            { label: "草稿", value: "draft" },
            { label: "待审核", value: "in_review" },
            { label: "已发布", value: "published" },
            { label: "已撤下", value: "archived" },
          ]}
          data-testid="faq-status"
        />
        {list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<FaqEntry>
            rowKey="id"
            loading={list.isLoading}
            dataSource={list.data ?? []}
            data-testid="faq-list"
            onRow={(r) => ({ "data-testid": "faq-row", "data-status": r.status }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无条目" /> }}
            expandable={{ expandedRowRender: (r) => <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{r.answer}</Typography.Paragraph> }}
            columns={[
              { title: "问题", dataIndex: "question", render: (v: string, r) => (<>{v}{r.sourceLetterId ? <Tag style={{ marginLeft: 6 }}>来自留言</Tag> : null}</>) },
              { title: "状态", dataIndex: "status", width: 100, render: (s: string, r) => (<><Tag color={STATUS[s]?.color}>{STATUS[s]?.text ?? s}</Tag>{r.reviewNote && s === "draft" ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{r.reviewNote}</Typography.Text> : null}</>) },
              { title: "命中", dataIndex: "hits", width: 70 },
              { title: "更新时间", dataIndex: "updatedAt", width: 150, render: (v: string) => fmtDateTime(v) },
              {
                title: "操作",
                key: "op",
                width: 240,
                render: (_: unknown, r) => (
                  <Space size={4} wrap>
                    {r.status !== "archived" ? <Button size="small" type="link" onClick={() => setEditing(r)} data-testid="faq-edit">编辑</Button> : null}
                    {r.status === "draft" ? <Button size="small" type="link" onClick={() => void run(`/api/faq/${r.id}/submit`, "已送审")} data-testid="faq-submit">送审</Button> : null}
                    {r.status === "in_review" && reviewer && r.editedBy !== me?.user.id ? (
                      <>
                        <Button size="small" type="link" onClick={() => void run(`/api/faq/${r.id}/review`, "已审核发布", { approve: true })} data-testid="faq-approve">通过并发布</Button>
                        <Button size="small" type="link" danger onClick={() => setRejecting(r)} data-testid="faq-reject">退回</Button>
                      </>
                    ) : null}
                    {r.status === "published" ? <Button size="small" type="link" danger onClick={() => void run(`/api/faq/${r.id}/archive`, "已撤下")} data-testid="faq-archive">撤下</Button> : null}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {editing && siteId ? <FaqModal siteId={siteId} entry={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
      <FormModal open={!!rejecting} title="退回知识库条目" okText="退回" danger testId="faq-reject-form" fields={["note"]} onClose={() => setRejecting(null)} onSubmit={(v) => act.mutateAsync({ path: `/api/faq/${rejecting!.id}/review`, body: { approve: false, note: v.note } })}>
        <Form.Item name="note" label="退回意见" rules={[{ required: true, message: "请填写退回意见" }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function FaqModal({ siteId, entry, onClose }: { siteId: string; entry: FaqEntry | null; onClose: () => void }) {
  const [form] = Form.useForm<{ question: string; answer: string }>();
  const save = useAction([["interaction", "faq"]], entry ? "已保存，需重新送审" : "已新增草稿");
  const { error, submit: send } = useFormSubmit(form, ["question", "answer"]);
  const submit = async () => {
    if (await send((v) => save.mutateAsync(entry ? { path: `/api/faq/${entry.id}`, method: "PATCH", body: v } : { path: `/api/sites/${siteId}/faq`, body: v }))) onClose();
  };
  return (
    <Modal open width={720} title={entry ? "编辑知识库条目" : "新增知识库条目"} onCancel={onClose} onOk={() => void submit()} okText="保存" cancelText="取消" okButtonProps={{ loading: save.isPending, "data-testid": "faq-save" }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {entry?.status === "published" ? <Alert type="warning" showIcon title="修改已发布的条目后，需要重新送审，审核通过前网站不再显示该条目。" style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={entry ?? undefined}>
        <Form.Item name="question" label="问题" rules={[{ required: true, min: 4, message: "问题不少于 4 个字" }]}>
          <Input maxLength={300} data-testid="faq-question" />
        </Form.Item>
        <Form.Item name="answer" label="答复" rules={[{ required: true, min: 10, message: "答复不少于 10 个字" }]}>
          <Input.TextArea rows={8} maxLength={10000} data-testid="faq-answer" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
