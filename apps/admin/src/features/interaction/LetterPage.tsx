// 留言案件页: the letter, the writer, the units it was forwarded to with their drafts and reviews,
// deadlines, extensions, the reply, the public version and the full history. Every button is what
// the server will probably allow this person; the server decides.
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { Alert, Card, Col, Descriptions, Empty, Flex, Image, Row, Space, Table, Tag, Typography } from "antd";
import { ArrowLeftOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { useMe } from "../../auth/session";
import { PageError } from "../../components/PageError";
import { FullPageSpin } from "../../components/FullPageSpin";
import { ikeys, LETTER_STATUS_COLOR, type LetterCase, type StageRecord } from "./api";
import { Countdowns } from "./countdown";
import { AssignmentCard, ExtensionsCard, IntakePanel, PublicationCard } from "./LetterActions";
import { CaseHistory } from "./CaseHistory";

export default function LetterPage() {
  const { id = "" } = useParams();
  const { data: me } = useMe();
  const q = useQuery({ queryKey: ikeys.letter(id), queryFn: () => api.get<LetterCase>(`/api/interaction/letters/${id}`) });
  if (q.isPending) return <FullPageSpin />;
  if (q.isError) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const l = c.letter;
  const myUnit = me?.user.unitId ?? "";
  const leader = !!me?.roles.some((r) => r.role === "reviewer" && (r.level ?? 0) >= 2);
  const visibleAssignments = c.assignments;

  return (
    <>
      <Flex align="center" gap={12} style={{ marginBottom: 12 }} wrap>
        <Link to="/interaction/letters">
          <ArrowLeftOutlined /> 返回留言办理
        </Link>
      </Flex>
      <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="letter-title">
            {l.title}
          </Typography.Title>
          <Space size={8} style={{ marginTop: 6 }} wrap>
            <Typography.Text code data-testid="letter-case-no">
              {l.caseNo}
            </Typography.Text>
            <Tag color={LETTER_STATUS_COLOR[l.status]} data-testid="letter-status" data-status={l.status}>
              {l.statusName}
            </Tag>
            <Tag>{l.channel}</Tag>
            {l.publicAllowed ? <Tag color="blue">来信人同意公开</Tag> : <Tag>来信人不同意公开</Tag>}
            {l.extensionWorkdays ? <Tag color="orange">已延期 {l.extensionWorkdays} 个工作日</Tag> : null}
            {l.publishedAt ? (
              <Tag color="green" data-testid="letter-published">
                已公开 {fmtDateTime(l.publishedAt)}
              </Tag>
            ) : null}
          </Space>
        </div>
        <div data-testid="letter-deadlines">
          <Countdowns items={c.deadlines} empty={l.repliedAt ? `已于 ${fmtDateTime(l.repliedAt)} 答复` : "无进行中的期限"} />
        </div>
      </Flex>

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <Card size="small" title="留言内容">
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label="收到时间">{fmtDateTime(l.receivedAt)}</Descriptions.Item>
                <Descriptions.Item label="受理时间">{fmtDateTime(l.acceptedAt)}</Descriptions.Item>
                <Descriptions.Item label="来信人">{l.writer.name}</Descriptions.Item>
                <Descriptions.Item label="联系电话">{l.writer.phone}</Descriptions.Item>
                <Descriptions.Item label="电子邮箱">{l.writer.email || "—"}</Descriptions.Item>
                <Descriptions.Item label="通信地址">{l.writer.address || "—"}</Descriptions.Item>
                {l.writer.idNumber ? <Descriptions.Item label="身份证号码">{l.writer.idNumber}</Descriptions.Item> : null}
                {l.ip ? <Descriptions.Item label="提交地址">{l.ip}</Descriptions.Item> : null}
                {l.pageUrl ? (
                  <Descriptions.Item label="出错页面" span={2}>
                    <a href={l.pageUrl} target="_blank" rel="noreferrer">
                      {l.pageUrl}
                    </a>
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
              <Typography.Paragraph style={{ marginTop: 12, whiteSpace: "pre-wrap" }} data-testid="letter-content">
                {l.content}
              </Typography.Paragraph>
              {l.screenshotId ? <Image width={240} src={`/api/interaction/letters/${l.id}/screenshot`} alt="来信人提供的截图" /> : null}
              {l.moderation?.findings?.length ? (
                <Alert
                  type={l.status === "held" ? "warning" : "info"}
                  showIcon
                  style={{ marginTop: 12 }}
                  title={l.status === "held" ? "内容检查发现以下问题，留言待人工审核" : "内容检查曾发现以下问题"}
                  description={
                    <ul style={{ margin: 0, paddingLeft: 18 }}>
                      {l.moderation.findings.map((f, i) => (
                        <li key={i}>
                          {f.message}（“{f.text}”）
                        </li>
                      ))}
                    </ul>
                  }
                  data-testid="letter-moderation"
                />
              ) : null}
              {l.rejectReason ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={`不予受理：${l.rejectReason}`} /> : null}
            </Card>

            {c.can.intake ? <IntakePanel c={c} /> : null}

            <Card size="small" title={`承办单位（${visibleAssignments.length}）`} data-testid="letter-assignments">
              {visibleAssignments.length ? (
                <Flex vertical gap={12}>
                  {visibleAssignments.map((a) => (
                    <AssignmentCard key={a.id} c={c} a={a} mine={a.unitId === myUnit} leader={leader} />
                  ))}
                </Flex>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未转办" />
              )}
            </Card>

            <ExtensionsCard c={c} myUnit={myUnit} />

            {l.reply ? <PublicationCard c={c} /> : null}
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            {l.rating ? (
              <Card size="small" title="来信人评价" data-testid="letter-rating">
                <Tag color={l.rating === "不满意" ? "red" : "green"}>{l.rating}</Tag>
                {l.ratingComment ? <Typography.Paragraph style={{ marginTop: 8 }}>{l.ratingComment}</Typography.Paragraph> : null}
              </Card>
            ) : l.repliedAt ? (
              <Card size="small" title="来信人评价">
                <Typography.Text type="secondary">来信人尚未评价</Typography.Text>
              </Card>
            ) : null}
            <Card size="small" title="办理记录" data-testid="letter-history">
              <CaseHistory
                entries={c.history}
                color={(action) => (/rejected|returned|refused|unpublished/.test(action) ? "red" : /replied|published|approved|extended/.test(action) ? "green" : "blue")}
              />
            </Card>
            <Card size="small" title="环节用时" data-testid="letter-stages">
              <Table<StageRecord>
                size="small"
                rowKey={(r) => `${r.stage}:${r.unitId ?? ""}:${r.startedAt ?? ""}`}
                pagination={false}
                dataSource={c.stages.filter((s) => s.stage !== "unit_reply")}
                locale={{ emptyText: "暂无已结束的环节" }}
                columns={[
                  { title: "环节", dataIndex: "stageName" },
                  { title: "期限", dataIndex: "dueAt", render: (v: string | null) => fmtDateTime(v) },
                  { title: "完成", dataIndex: "completedAt", render: (v: string | null) => fmtDateTime(v) },
                  { title: "用时", dataIndex: "workdaysTaken", render: (v: number | null) => (v === null ? "—" : `${v} 个工作日`) },
                  { title: "", dataIndex: "onTime", render: (v: boolean | null, r) => (v === false || r.overdueAt ? <Tag color="red">超期</Tag> : v ? <Tag color="green">按时</Tag> : null) },
                ]}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
    </>
  );
}
