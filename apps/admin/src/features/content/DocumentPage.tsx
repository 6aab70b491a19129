// One document: its live version and working draft side by side, the review in progress (and the
// decision form when the current step is the reader's), the trail of signatures, the version
// history, and what can be done to it (edit, 送审, 撤回送审, 撤下, 报送, 紧急撤稿).
import { useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { Alert, App, Button, Card, Descriptions, Flex, Space, Tabs, Tag, Typography } from "antd";
import {
  AlertOutlined,
  EditOutlined,
  ExclamationCircleOutlined,
  RollbackOutlined,
  SendOutlined,
  ShareAltOutlined,
  StopOutlined,
} from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { useSites, useUnits } from "../../lib/lookups";
import { useMe } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import type { Comparison, DocumentDetail, TakedownNotice } from "./types";
import { contentKeys, useContentMeta, useContentRoles, useDocument, useInbox } from "./queries";
import { stateColors, takedownStatusLabels, unpublishModes } from "./labels";
import { RevisionView } from "./RevisionView";
import { WorkflowPanel, WorkflowSteps } from "./WorkflowPanel";
import { HistoryPanel } from "./HistoryPanel";
import { ReviewPanel } from "./ReviewPanel";
import { DiffView } from "./DiffView";
import { SubmitDialog } from "./SubmitDialog";
import { OverrideDialog, ShareDialog, TakedownDialog, UnpublishDialog } from "./ActionDialogs";
import { DueCountdown } from "./due";

export default function DocumentPage() {
  const { id } = useParams<{ id: string }>();
  const doc = useDocument(id);
  const meta = useContentMeta();
  if (doc.isError) return <PageError error={doc.error} onRetry={() => void doc.refetch()} />;
  if (meta.isError) return <PageError error={meta.error} onRetry={() => void meta.refetch()} />;
  if (!doc.data || !meta.data) return <Card loading />;
  return <DocumentView detail={doc.data} />;
}

type Dialog = null | "submit" | "unpublish" | "takedown" | "share" | "override";

function DocumentView({ detail }: { detail: DocumentDetail }) {
  const { data: meta } = useContentMeta();
  const roles = useContentRoles();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { data: me } = useMe();
  const sites = useSites();
  const units = useUnits();
  const d = detail.document;
  // GET /documents/:id carries ids only; the names come from the shared lookups.
  const siteName = d.siteName ?? sites.data?.find((s) => s.id === d.siteId)?.name ?? me?.roles.find((r) => r.siteId === d.siteId)?.siteName ?? "";
  const unitName = d.unitName ?? units.data?.find((u) => u.id === d.ownerUnitId)?.name ?? "";
  const { draft, live, review, trail } = detail;
  const current = draft ?? live;
  const inReview = review?.status === "in_progress";
  const inbox = useInbox(roles.reviewer);
  const task = inbox.data?.find((t) => t.documentId === d.id);
  const takedowns = useQuery({
    queryKey: [...contentKeys.takedowns, "open"],
    queryFn: () => api.get<{ items: TakedownNotice[] }>("/api/takedowns", { status: "open,escalated" }).then((r) => r.items),
  });
  const notices = (takedowns.data ?? []).filter((t) => t.documentId === d.id);
  const escalated = notices.some((t) => t.status === "escalated");

  const withdraw = useMutation({
    mutationFn: () => api.post(`/api/documents/${d.id}/withdraw-submission`),
    onSuccess: () => {
      message.success("已撤回送审，可以继续修改");
      void qc.invalidateQueries({ queryKey: contentKeys.document(d.id) });
      void qc.invalidateQueries({ queryKey: contentKeys.documents });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  if (!meta || !current) return null;
  const type = meta.types.find((t) => t.key === d.type);
  const topLevel = Math.max(1, ...meta.steps.filter((s) => s.role === "reviewer").map((s) => s.level ?? 0));
  const isSigner = roles.reviewLevel(d.siteId) >= topLevel;
  const mayEdit = roles.editsSite(d.siteId) && !inReview && d.state !== "removed";
  const publicNow = !!live && ["published", "withdrawn"].includes(d.state);
  const blocking = (draft?.findings ?? []).filter((f) => f.severity === "block");

  const actions = (
    <>
      {mayEdit ? (
        <Button icon={<EditOutlined />} onClick={() => navigate(`/content/${d.id}/edit`)} data-testid="doc-edit">
          {live && !draft ? "修改（生成新草稿）" : "编辑"}
        </Button>
      ) : null}
      {mayEdit && draft ? (
        <Button type="primary" icon={<SendOutlined />} onClick={() => setDialog("submit")} data-testid="doc-submit">
          送审
        </Button>
      ) : null}
      {inReview && review?.submittedBy === roles.userId ? (
        <Button
          icon={<RollbackOutlined />}
          loading={withdraw.isPending}
          data-testid="doc-withdraw-submission"
          onClick={() =>
            modal.confirm({
              title: "撤回送审？",
              content: "撤回后本次审核作废，修改后须重新送审，从第一个审核环节开始。",
              okText: "撤回送审",
              cancelText: "取消",
              onOk: () => withdraw.mutateAsync(),
            })
          }
        >
          撤回送审
        </Button>
      ) : null}
      {isSigner && draft && !inReview && blocking.length && !draft.checksOverride ? (
        <Button danger icon={<ExclamationCircleOutlined />} onClick={() => setDialog("override")} data-testid="doc-override">
          书面确认检查结果
        </Button>
      ) : null}
      {publicNow && d.state === "published" && roles.editsSite(d.siteId) ? (
        <Button icon={<ShareAltOutlined />} onClick={() => setDialog("share")} data-testid="doc-share">
          报送
        </Button>
      ) : null}
      {publicNow && (isSigner || (roles.supervisor && escalated)) ? (
        <Button danger icon={<StopOutlined />} onClick={() => setDialog("unpublish")} data-testid="doc-unpublish">
          撤下
        </Button>
      ) : null}
      {d.state === "published" && roles.supervisor && notices.length === 0 ? (
        <Button danger type="primary" icon={<AlertOutlined />} onClick={() => setDialog("takedown")} data-testid="doc-takedown">
          紧急撤稿
        </Button>
      ) : null}
    </>
  );

  const tabs = [
    ...(draft
      ? [
          {
            key: "draft",
            label: `草稿（第 ${draft.number} 版）`,
            children: <RevisionView revision={draft} siteId={d.siteId} type={type} indexNo={d.indexNo} />,
          },
        ]
      : []),
    ...(live
      ? [
          {
            key: "live",
            label: `在线版本（第 ${live.number} 版）`,
            children: <RevisionView revision={live} siteId={d.siteId} type={type} indexNo={d.indexNo} />,
          },
        ]
      : []),
    ...(draft && live ? [{ key: "diff", label: "与在线版本的差异", children: <LiveDiff documentId={d.id} from={live.id} to={draft.id} siteId={d.siteId} /> }] : []),
    { key: "workflow", label: "审核流程", children: <WorkflowPanel review={review} trail={trail} meta={meta} /> },
    {
      key: "history",
      label: "版本历史",
      children: <HistoryPanel documentId={d.id} siteId={d.siteId} liveRevisionId={d.liveRevisionId} draftRevisionId={d.draftRevisionId} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={current.fields.title || "（无标题）"}
        description={
          <Space size={8} wrap>
            <Tag color={stateColors[d.state]} data-testid="doc-state">
              {d.stateName}
            </Tag>
            {live && draft ? <Tag color={inReview ? "processing" : "default"}>{inReview ? "新版本审核中" : "有未送审的修改"}</Tag> : null}
            {[siteName, d.typeName, unitName, d.indexNo ? `索引号 ${d.indexNo}` : ""].filter(Boolean).join(" · ")}
          </Space>
        }
        extra={actions}
      />
      <Flex vertical gap={16}>
        {d.state === "publish_failed" ? <Alert type="error" showIcon title="发布失败" description={d.publishError ?? "原因不明，请联系系统管理员。"} /> : null}
        {d.scheduledAt ? <Alert type="info" showIcon title={`已签发，将于 ${fmtDateTime(d.scheduledAt)} 定时发布`} /> : null}
        {d.takedown ? (
          <Alert
            type="warning"
            showIcon
            title={`已${unpublishModes[d.takedown.mode]?.text ?? "撤下"}（${d.takedown.by}，${fmtDateTime(d.takedown.at)}）`}
            description={
              <>
                原因：{d.takedown.reason}
                {d.takedown.notice ? <div>公告：{d.takedown.notice}</div> : null}
                {d.takedown.redirectUrl ? <div>转到：{d.takedown.redirectUrl}</div> : null}
              </>
            }
          />
        ) : null}
        {notices.map((t) => (
          <Alert
            key={t.id}
            type="error"
            showIcon
            data-testid="takedown-notice"
            title={
              <Space wrap>
                <span>紧急撤稿通知</span>
                <Tag color={takedownStatusLabels[t.status]?.color}>{takedownStatusLabels[t.status]?.text ?? t.status}</Tag>
                <DueCountdown dueAt={t.dueAt} overdue={t.status === "escalated"} prefix="处置时限：" />
              </Space>
            }
            description={`原因：${t.reason.replace(/[。.；;]+$/, "")}。请本站点签发领导立即撤下；逾期未处置的，监管员可直接撤下。`}
          />
        ))}

        <Card size="small" title="版本状态" data-testid="doc-versions">
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label="网站上的版本">
              {live ? (
                <span data-testid="doc-live" data-revision={live.number}>
                  第 {live.number} 版：<Typography.Text strong data-testid="doc-live-title">{live.fields.title}</Typography.Text>
                  {d.state !== "published" ? <Tag style={{ marginLeft: 8 }}>{d.stateName}</Tag> : null}
                </span>
              ) : (
                <Typography.Text type="secondary" data-testid="doc-live">
                  尚未发布
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="工作草稿">
              {draft ? (
                <span data-testid="doc-draft" data-revision={draft.number}>
                  第 {draft.number} 版：<Typography.Text strong data-testid="doc-draft-title">{draft.fields.title}</Typography.Text>
                  <Tag style={{ marginLeft: 8 }} color={inReview ? "processing" : d.state === "scheduled" || d.state === "approved" ? "cyan" : "default"}>
                    {inReview ? "审核中" : d.state === "scheduled" ? "已签发待发布" : "待送审"}
                  </Tag>
                </span>
              ) : (
                <Typography.Text type="secondary" data-testid="doc-draft">
                  无（网站上的版本即最新版本）
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="首次发布">{fmtDateTime(d.firstPublishedAt)}</Descriptions.Item>
            <Descriptions.Item label="最近更新">{fmtDateTime(d.updatedAt)}</Descriptions.Item>
          </Descriptions>
          {review && inReview ? (
            <div style={{ marginTop: 16 }}>
              <WorkflowSteps review={review} trail={trail} />
            </div>
          ) : null}
        </Card>

        {task ? <ReviewPanel task={task} meta={meta} revision={draft} documentId={d.id} /> : null}

        <Card size="small" styles={{ body: { paddingTop: 4 } }}>
          <Tabs defaultActiveKey={draft ? "draft" : "live"} items={tabs} destroyOnHidden />
        </Card>
      </Flex>

      {draft ? (
        <SubmitDialog
          open={dialog === "submit"}
          documentId={d.id}
          revisionId={draft.id}
          meta={meta}
          onClose={() => setDialog(null)}
          onSubmitted={() => {
            setDialog(null);
            void qc.invalidateQueries({ queryKey: contentKeys.document(d.id) });
          }}
          onIssues={(e) => message.error(e.issues.map((i) => i.message).join("；"))}
        />
      ) : null}
      <UnpublishDialog open={dialog === "unpublish"} documentId={d.id} onClose={() => setDialog(null)} />
      <TakedownDialog open={dialog === "takedown"} documentId={d.id} onClose={() => setDialog(null)} />
      <ShareDialog open={dialog === "share"} documentId={d.id} siteId={d.siteId} onClose={() => setDialog(null)} />
      <OverrideDialog open={dialog === "override"} documentId={d.id} count={blocking.length} onClose={() => setDialog(null)} />
    </>
  );
}

function LiveDiff({ documentId, from, to, siteId }: { documentId: string; from: string; to: string; siteId: string }) {
  const cmp = useQuery({
    queryKey: ["documents", documentId, "compare", from, to],
    queryFn: () => api.get<Comparison>(`/api/documents/${documentId}/compare`, { from, to }),
  });
  if (cmp.isError) return <PageError error={cmp.error} onRetry={() => void cmp.refetch()} />;
  if (!cmp.data) return <Card loading size="small" />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        在线第 {cmp.data.from.number} 版 → 草稿第 {cmp.data.to.number} 版。新增的文字以绿色标出，删除的文字以红色删除线标出。
      </Typography.Paragraph>
      <DiffView changes={cmp.data.changes} siteId={siteId} />
    </>
  );
}
