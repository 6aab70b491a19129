// 审核流程: the steps of the review in progress (or the last one) and every signature on record.
import { Card, Empty, Steps, Tag, Timeline, Typography } from "antd";
import { fmtDateTime } from "../../lib/format";
import type { ContentMeta, Review, TrailEntry } from "./types";
import { decisionLabels } from "./labels";

const reviewStatus: Record<Review["status"], { text: string; color: string }> = {
  in_progress: { text: "审核中", color: "processing" },
  approved: { text: "已签发", color: "success" },
  rejected: { text: "已退回撰稿人", color: "error" },
  cancelled: { text: "已撤回送审", color: "default" },
};

export function WorkflowSteps({ review, trail }: { review: Review; trail: TrailEntry[] }) {
  const mine = trail.filter((t) => !t.reviewId || t.reviewId === review.id);
  // A step at or after the current one was sent back: only a signature after the last return counts.
  const lastReturn = mine.filter((t) => t.decision === "reject").map((t) => t.at).sort().pop() ?? "";
  const signedBy = (key: string, index: number) =>
    [...mine].reverse().find((t) => t.stepKey === key && t.decision === "approve" && (index < review.current || t.at > lastReturn));
  const rejectedAt = review.status === "rejected" ? review.current : -1;
  return (
    <Steps
      size="small"
      data-testid="review-steps"
      current={Math.min(review.current, review.steps.length - 1)}
      status={review.status === "rejected" ? "error" : review.status === "approved" ? "finish" : "process"}
      items={review.steps.map((s, i) => {
        const who = signedBy(s.key, i);
        const done = review.status === "approved" || i < review.current;
        return {
          title: s.name,
          status: i === rejectedAt ? "error" : done ? "finish" : i === review.current && review.status === "in_progress" ? "process" : "wait",
          content: who ? (
            <span style={{ fontSize: 12 }}>
              {who.actorName}
              <br />
              {fmtDateTime(who.at)}
            </span>
          ) : i === review.current && review.status === "in_progress" ? (
            <span style={{ fontSize: 12 }}>待办理</span>
          ) : null,
        };
      })}
    />
  );
}

export function WorkflowPanel({ review, trail, meta }: { review: Review | null; trail: TrailEntry[]; meta: ContentMeta }) {
  const checklistText = (keys: string[] | null) =>
    (keys ?? []).map((k) => meta.checklist.find((c) => c.key === k)?.text ?? k).join("、");
  const stepName = (key: string | null) => {
    if (!key) return "";
    if (key === "author") return "撰稿人";
    return review?.steps.find((s) => s.key === key)?.name ?? key;
  };
  return (
    <Card size="small" title="审核流程与签署记录" data-testid="workflow">
      {review ? (
        <>
          <div style={{ marginBottom: 12 }}>
            <Tag color={reviewStatus[review.status].color} style={{ marginInlineEnd: 8 }}>
              {reviewStatus[review.status].text}
            </Tag>
            <Typography.Text type="secondary">送审时间：{fmtDateTime(review.submittedAt)}</Typography.Text>
          </div>
          <WorkflowSteps review={review} trail={trail} />
        </>
      ) : (
        <Typography.Text type="secondary">尚未送审。</Typography.Text>
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        签署记录
      </Typography.Title>
      {trail.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无签署记录" />
      ) : (
        <Timeline
          data-testid="review-trail"
          items={trail.map((t, i) => {
            const d = decisionLabels[t.decision] ?? { text: t.decision, color: "default" };
            return {
              key: t.id ?? i,
              color: d.color === "default" ? "gray" : d.color,
              content: (
                <div data-testid="trail-entry" data-decision={t.decision}>
                  <div>
                    <Typography.Text strong>{t.stepName}</Typography.Text> <Tag color={d.color}>{d.text}</Tag>
                    {t.actorName}
                    <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                      {fmtDateTime(t.at)}
                    </Typography.Text>
                  </div>
                  {t.opinion ? <div>意见：{t.opinion}</div> : null}
                  {t.checklist?.length ? <div style={{ fontSize: 12, color: "#6b7280" }}>已确认：{checklistText(t.checklist)}</div> : null}
                  {t.decision === "reject" ? <div style={{ fontSize: 12, color: "#cf1322" }}>退回至：{stepName(t.returnTo ?? "author")}</div> : null}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
