// 送审: the author's own first review. The author confirms the profile's checklist; the server runs
// the checks once more and refuses while blocking findings remain (unless the final signer has
// confirmed them in writing).
import { useEffect, useState } from "react";
import { Alert, App, Checkbox, Flex, Modal, Steps, Tag, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, errorMessage } from "../../lib/api";
import { roleLabels } from "../../lib/labels";
import type { ContentMeta, Finding } from "./types";
import { categoryLabels, severityLabels } from "./labels";
import { contentKeys } from "./queries";

export function SubmitDialog({
  open,
  documentId,
  revisionId,
  meta,
  findings,
  onClose,
  onSubmitted,
  onIssues,
}: {
  open: boolean;
  documentId: string;
  revisionId: string;
  meta: ContentMeta;
  /** The live check's findings of the current body, shown before the author confirms. */
  findings?: Finding[];
  onClose: () => void;
  onSubmitted: () => void;
  /** Field problems the server found (missing source, alt text …): the form shows them. */
  onIssues?: (err: ApiError) => void;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [checked, setChecked] = useState<string[]>([]);
  const [refused, setRefused] = useState<{ message: string; findings: Finding[] } | null>(null);
  const gates = meta.checklist.filter((c) => c.kind === "gate");
  const own = meta.steps.filter((s, i) => s.role === "editor" && meta.steps.slice(0, i).every((x) => x.role === "editor"));
  const ownName = own.map((s) => s.name).join("、") || "自审";

  useEffect(() => {
    if (open) {
      setChecked([]);
      setRefused(null);
    }
  }, [open]);

  const submit = useMutation({
    mutationFn: () => api.post(`/api/documents/${documentId}/submit`, { revisionId, checklist: checked }),
    onSuccess: () => {
      message.success("已送审，审核人会收到待办通知");
      void qc.invalidateQueries({ queryKey: contentKeys.documents });
      void qc.invalidateQueries({ queryKey: contentKeys.inbox });
      onSubmitted();
    },
    onError: (e) => {
      const blocking = e instanceof ApiError ? (e.detail("findings") as Finding[] | undefined) : undefined;
      if (blocking?.length) {
        setRefused({ message: e.message, findings: blocking });
        return;
      }
      if (e instanceof ApiError && e.issues.some((i) => !i.path.startsWith("checklist"))) {
        onIssues?.(e);
        onClose();
        message.error(e.issues.map((i) => i.message).join("；") || e.message);
        return;
      }
      message.error(errorMessage(e));
    },
  });

  const blockingNow = (findings ?? []).filter((f) => f.severity === "block");
  const allChecked = gates.every((g) => checked.includes(g.key));

  return (
    <Modal
      title="送审"
      open={open}
      onCancel={onClose}
      width={640}
      okText="确认送审"
      cancelText="取消"
      okButtonProps={{ disabled: !allChecked, loading: submit.isPending, "data-testid": "submit-confirm" }}
      onOk={() => submit.mutate()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        送审即完成<Typography.Text strong>{ownName}</Typography.Text>
        （撰稿人自审）。请对照下列审核要点逐项核对稿件，确认无误后送审。
      </Typography.Paragraph>
      <Checkbox.Group value={checked} onChange={(v) => setChecked(v as string[])} data-testid="submit-checklist" style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap>
          {gates.map((g) => (
            <Checkbox key={g.key} value={g.key}>
              {g.text}
            </Checkbox>
          ))}
        </Flex>
      </Checkbox.Group>
      <Typography.Text type="secondary" style={{ display: "block" }}>
        审核流程
      </Typography.Text>
      <Steps
        size="small"
        orientation="vertical"
        style={{ marginTop: 8 }}
        current={own.length}
        items={meta.steps.map((s) => ({
          title: s.name,
          content: s.role === "editor" ? "撰稿人本人（送审即签署）" : `${s.performer ?? roleLabels[s.role] ?? s.role}${s.duty ? `：${s.duty}` : ""}`,
        }))}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        稿件涉及舆情风险、保密存疑、申请首页、会签单位或转载非权威来源的，系统会自动增加相应审批环节。
      </Typography.Paragraph>
      {blockingNow.length && !refused ? (
        <Alert
          type="warning"
          showIcon
          title={`正文中还有 ${blockingNow.length} 处必须修改的问题`}
          description="送审时系统会再次检查。未修改的，须由签发领导在稿件页面书面确认理由后才能送审。"
        />
      ) : null}
      {refused ? (
        <Alert
          type="error"
          showIcon
          data-testid="submit-blocked"
          title={refused.message}
          description={
            <>
              <ul style={{ margin: "4px 0", paddingLeft: 18 }}>
                {refused.findings.map((f, i) => (
                  <li key={i}>
                    <Tag color={severityLabels[f.severity].color}>{categoryLabels[f.category] ?? f.category}</Tag>
                    <span className="gs-finding-quote gs-finding-quote-block">{f.text}</span>
                    ：{f.message}
                  </li>
                ))}
              </ul>
              <Typography.Text>
                请在正文中修改标红的内容后重新送审。确需保留的，请报签发领导在稿件页面“书面确认”并写明理由，确认后即可送审。
              </Typography.Text>
            </>
          }
        />
      ) : null}
    </Modal>
  );
}
