// 报送采用: documents offered to a site's columns. The receiving site's signing leader adopts
// (the document is published there) or declines, with a note; the sender sees the outcome.
import { useState } from "react";
import { Link } from "react-router-dom";
import { Alert, App, Button, Card, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import type { Submission } from "./types";
import { contentKeys, useContentMeta, useContentRoles } from "./queries";
import { submissionStatusLabels } from "./labels";

export default function SubmissionsPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const roles = useContentRoles();
  const meta = useContentMeta();
  const [status, setStatus] = useState<string>("pending");
  const [deciding, setDeciding] = useState<{ s: Submission; adopt: boolean } | null>(null);
  const [note, setNote] = useState("");
  const list = useQuery({
    queryKey: [...contentKeys.submissions, status],
    queryFn: () => api.get<{ items: Submission[] }>("/api/submissions", { status: status === "all" ? undefined : status }).then((r) => r.items),
  });
  const topLevel = Math.max(1, ...(meta.data?.steps ?? []).filter((s) => s.role === "reviewer").map((s) => s.level ?? 0));
  const mayDecide = (s: Submission) => s.status === "pending" && s.submittedBy !== roles.userId && roles.reviewLevel(s.targetSiteId) >= topLevel;

  const decide = useMutation({
    mutationFn: ({ s, adopt }: { s: Submission; adopt: boolean }) =>
      api.post<{ adoptedDocumentId: string | null }>(`/api/submissions/${s.id}/${adopt ? "adopt" : "decline"}`, { note: note.trim() }),
    onSuccess: (_r, v) => {
      message.success(v.adopt ? "已采用并在本站发布" : "已标记为不采用");
      setDeciding(null);
      void qc.invalidateQueries({ queryKey: contentKeys.submissions });
      void qc.invalidateQueries({ queryKey: contentKeys.documents });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  return (
    <>
      <PageHeader title="报送采用" description="各单位将已发布的信息报送到门户网站等栏目，经接收网站签发领导审核后采用发布；采用情况计入单位考核。" />
      <Card>
        <Segmented
          value={status}
          onChange={(v) => setStatus(String(v))}
          style={{ marginBottom: 12 }}
          options={[
            { value: "pending", label: "待采用" },
            { value: "adopted", label: "已采用" },
            { value: "declined", label: "未采用" },
            { value: "all", label: "全部" },
          ]}
        />
        {list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Submission>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data ?? []}
            data-testid="submission-list"
            locale={{ emptyText: "暂无报送信息" }}
            columns={[
              { title: "标题", dataIndex: "title", render: (t: string | null, r) => <Link to={`/content/${r.documentId}`}>{t ?? "（无标题）"}</Link> },
              { title: "报送单位", dataIndex: "fromUnitName", width: 180, ellipsis: true },
              { title: "接收栏目", key: "target", width: 240, render: (_v, r) => `${r.targetSiteName} / ${r.targetColumnName}` },
              { title: "说明", dataIndex: "note", ellipsis: true, width: 200 },
              { title: "报送时间", dataIndex: "createdAt", width: 150, render: (v: string) => fmtDateTime(v) },
              {
                title: "状态",
                dataIndex: "status",
                width: 120,
                render: (s: string, r) => (
                  <Space size={4}>
                    <Tag color={submissionStatusLabels[s]?.color}>{submissionStatusLabels[s]?.text ?? s}</Tag>
                    {r.adoptedDocumentId ? <Link to={`/content/${r.adoptedDocumentId}`}>查看</Link> : null}
                  </Space>
                ),
              },
              {
                title: "操作",
                key: "ops",
                width: 150,
                render: (_v, r) =>
                  mayDecide(r) ? (
                    <Space size={4}>
                      <Button size="small" type="primary" onClick={() => (setNote(""), setDeciding({ s: r, adopt: true }))} data-testid="submission-adopt">
                        采用
                      </Button>
                      <Button size="small" onClick={() => (setNote(""), setDeciding({ s: r, adopt: false }))} data-testid="submission-decline">
                        不采用
                      </Button>
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        title={deciding?.adopt ? "采用报送信息" : "不采用报送信息"}
        open={!!deciding}
        onCancel={() => setDeciding(null)}
        okText={deciding?.adopt ? "采用并发布" : "确认不采用"}
        cancelText="取消"
        okButtonProps={{ loading: decide.isPending, danger: deciding ? !deciding.adopt : false }}
        onOk={() => deciding && decide.mutate(deciding)}
        destroyOnHidden
      >
        {deciding?.adopt ? (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title="采用即由您签发，信息将以报送单位为来源在本站栏目发布。" />
        ) : null}
        <Typography.Paragraph strong>{deciding?.s.title}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={deciding?.adopt ? "采用意见（可选）" : "不采用的原因"}>
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
