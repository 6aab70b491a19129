// 审核: the reviewer of the current step confirms the checklist and approves, or writes a reason and
// returns the document to an earlier step or to the author.
import { useState } from "react";
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Modal, Radio, Space, Typography } from "antd";
import { CheckOutlined, RollbackOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import type { ContentMeta, InboxItem, Revision } from "./types";
import { contentKeys } from "./queries";
import { DueCountdown } from "./due";
import { categoryLabels } from "./labels";

export function ReviewPanel({ task, meta, revision, documentId }: { task: InboxItem; meta: ContentMeta; revision: Revision | null; documentId: string }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [checked, setChecked] = useState<string[]>([]);
  const [opinion, setOpinion] = useState("");
  const [rejectOpen, setRejectOpen] = useState(false);
  const [returnTo, setReturnTo] = useState("author");
  const gates = meta.checklist.filter((c) => c.kind === "gate");
  const others = meta.checklist.filter((c) => c.kind !== "gate");
  const index = task.steps.findIndex((s) => s.key === task.step.key);
  const earlier = task.steps.slice(0, Math.max(0, index)).filter((s) => s.role !== "editor");
  const blocking = (revision?.findings ?? []).filter((f) => f.severity === "block");
  const warnings = (revision?.findings ?? []).filter((f) => f.severity !== "block");

  const decide = useMutation({
    mutationFn: (body: { decision: "approve" | "reject"; opinion: string; checklist: string[]; returnTo?: string }) =>
      api.post<{ status: string; publication?: { state: string; indexNo?: string | null; at?: string } }>(`/api/reviews/${task.reviewId}/decide`, body),
    onSuccess: (r, body) => {
      if (body.decision === "reject") message.success(returnTo === "author" ? "已退回撰稿人" : "已退回到所选环节");
      else if (r.status === "approved")
        message.success(r.publication?.state === "scheduled" ? `已签发，将于 ${fmtDateTime(r.publication.at ?? null)} 定时发布` : "已签发并发布");
      else message.success("审核通过，已转下一环节");
      setRejectOpen(false);
      void qc.invalidateQueries({ queryKey: contentKeys.inbox });
      void qc.invalidateQueries({ queryKey: contentKeys.documents });
      void qc.invalidateQueries({ queryKey: contentKeys.document(documentId) });
      void qc.invalidateQueries({ queryKey: ["notifications"] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const allChecked = gates.every((g) => checked.includes(g.key));

  return (
    <Card
      size="small"
      data-testid="review-panel"
      title={
        <Flex align="center" gap={12} wrap>
          <span>待我审核：{task.step.name}</span>
          <DueCountdown dueAt={task.dueAt} overdue={task.overdue} />
        </Flex>
      }
      style={{ borderColor: task.overdue ? "#ffa39e" : "#b8232f" }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        送审人：{task.submittedBy}（{task.unitName}），{fmtDateTime(task.submittedAt)} 送审。请审阅下方稿件内容、自动检查结果和与在线版本的差异。
      </Typography.Paragraph>
      {blocking.length ? (
        <Alert
          type={revision?.checksOverride ? "warning" : "error"}
          showIcon
          style={{ marginBottom: 8 }}
          title={`送审时自动检查发现 ${blocking.length} 处必须修改的问题${revision?.checksOverride ? "，签发领导已书面确认保留" : ""}`}
          description={blocking.map((f) => `${categoryLabels[f.category] ?? f.category}“${f.text}”：${f.message}`).join("；")}
        />
      ) : warnings.length ? (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={`自动检查有 ${warnings.length} 处需要核实，已在正文中标出。`} />
      ) : (
        <Alert type="success" showIcon style={{ marginBottom: 8 }} title="送审时自动检查未发现问题。" />
      )}
      <Form layout="vertical">
        <Form.Item label="审核要点（逐项确认后方可通过）" required style={{ marginBottom: 8 }}>
          <Checkbox.Group value={checked} onChange={(v) => setChecked(v as string[])} data-testid="review-checklist">
            <Flex gap={16} wrap>
              {[...gates, ...others].map((c) => (
                <Checkbox key={c.key} value={c.key}>
                  {c.text}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item label="审核意见" style={{ marginBottom: 12 }} extra="通过时可不填；退回时须写明理由。">
          <Input.TextArea value={opinion} onChange={(e) => setOpinion(e.target.value)} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount data-testid="review-opinion" />
        </Form.Item>
        <Space>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            disabled={!allChecked}
            loading={decide.isPending && decide.variables?.decision === "approve"}
            onClick={() => decide.mutate({ decision: "approve", opinion: opinion.trim(), checklist: checked })}
            data-testid="review-approve"
          >
            {task.step.signOff || index === task.steps.length - 1 ? "同意签发" : "审核通过"}
          </Button>
          <Button danger icon={<RollbackOutlined />} onClick={() => setRejectOpen(true)} data-testid="review-reject">
            退回
          </Button>
          {!allChecked ? <Typography.Text type="secondary">请先逐项确认审核要点</Typography.Text> : null}
        </Space>
      </Form>
      <Modal
        title="退回稿件"
        open={rejectOpen}
        onCancel={() => setRejectOpen(false)}
        okText="确认退回"
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: !opinion.trim(), loading: decide.isPending, "data-testid": "review-reject-confirm" }}
        onOk={() => decide.mutate({ decision: "reject", opinion: opinion.trim(), checklist: checked, returnTo })}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label="退回到">
            <Radio.Group value={returnTo} onChange={(e) => setReturnTo(e.target.value as string)} data-testid="review-return-to">
              <Space orientation="vertical">
                <Radio value="author">撰稿人（修改后重新送审）</Radio>
                {earlier.map((s) => (
                  <Radio key={s.key} value={s.key}>
                    {s.name}（重新审核）
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item label="退回理由" required validateStatus={opinion.trim() ? undefined : "error"} help={opinion.trim() ? undefined : "请写明退回理由"}>
            <Input.TextArea value={opinion} onChange={(e) => setOpinion(e.target.value)} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
