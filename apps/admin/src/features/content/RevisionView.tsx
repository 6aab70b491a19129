// One version of a document as a reviewer reads it: the attributes, the body with the check
// findings highlighted, attachments and pictures.
import { Alert, Descriptions, Flex, Image, List, Tag, Typography } from "antd";
import { PaperClipOutlined } from "@ant-design/icons";
import { useColumns, useUnits } from "../../lib/lookups";
import { fmtDate, fmtDateTime } from "../../lib/format";
import type { DocType, Revision } from "./types";
import { documentKindLabels } from "./labels";
import { RichTextEditor } from "./editor/RichTextEditor";

export function RevisionView({ revision, siteId, type, indexNo, testId }: { revision: Revision; siteId: string; type?: DocType; indexNo?: string | null; testId?: string }) {
  const f = revision.fields;
  const columns = useColumns(siteId);
  const units = useUnits();
  const col = (id: string) => columns.data?.find((c) => c.id === id)?.name ?? "—";
  const unit = (id: string) => units.data?.find((u) => u.id === id)?.name ?? id;
  const flags = f.flags;
  const marks = [
    flags?.opinionRisk ? <Tag key="r" color="red">舆情风险</Tag> : null,
    flags?.secrecyUncertain ? <Tag key="s" color="purple">保密存疑</Tag> : null,
    flags?.homepage ? <Tag key="h" color="gold">申请首页</Tag> : null,
    flags?.coIssuingUnitIds?.length ? <Tag key="c" color="blue">会签：{flags.coIssuingUnitIds.map(unit).join("、")}</Tag> : null,
    f.importantPolicy ? <Tag key="p" color="magenta">重要政策文件</Tag> : null,
  ].filter(Boolean);

  return (
    <Flex vertical gap={16} data-testid={testId}>
      <div>
        <Typography.Title level={4} style={{ textAlign: "center", marginBottom: 4 }} data-testid={testId ? `${testId}-title` : undefined}>
          {f.title}
        </Typography.Title>
        {f.subtitle ? <Typography.Paragraph style={{ textAlign: "center" }} type="secondary">{f.subtitle}</Typography.Paragraph> : null}
      </div>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label="主栏目">{col(f.primaryColumnId)}</Descriptions.Item>
        <Descriptions.Item label="同步栏目">{f.otherColumnIds?.length ? f.otherColumnIds.map(col).join("、") : "—"}</Descriptions.Item>
        <Descriptions.Item label="来源">{f.source || "—"}</Descriptions.Item>
        <Descriptions.Item label="作者">{f.author || "—"}</Descriptions.Item>
        <Descriptions.Item label="责任编辑">{f.editor || "—"}</Descriptions.Item>
        <Descriptions.Item label="发布时间">{f.publishAt ? `定时 ${fmtDateTime(f.publishAt)}` : "签发后立即发布"}</Descriptions.Item>
        <Descriptions.Item label="关键词">{f.keywords?.length ? f.keywords.join("、") : "—"}</Descriptions.Item>
        <Descriptions.Item label="信息类别">{documentKindLabels[flags?.documentKind ?? "ordinary"]}</Descriptions.Item>
        <Descriptions.Item label="审核标记">{marks.length ? marks : "—"}</Descriptions.Item>
        {f.summary ? (
          <Descriptions.Item label="摘要" span={3}>
            {f.summary}
          </Descriptions.Item>
        ) : null}
        {flags?.opinionRisk ? (
          <Descriptions.Item label="舆情应对预案" span={3}>
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{flags.responsePlan || "（未填写）"}</Typography.Paragraph>
          </Descriptions.Item>
        ) : null}
        {flags?.homepage ? (
          <Descriptions.Item label="首页申请理由" span={3}>
            {flags.homepageReason || "（未填写）"}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {type?.disclosure && f.disclosure ? (
        <Descriptions title="公开属性" size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="索引号">{indexNo ?? "发布时生成"}</Descriptions.Item>
          <Descriptions.Item label="发布机构">{f.disclosure.publisher || "—"}</Descriptions.Item>
          <Descriptions.Item label="成文日期">{fmtDate(f.disclosure.writtenDate || null)}</Descriptions.Item>
          <Descriptions.Item label="文号">{f.disclosure.docNumber || "—"}</Descriptions.Item>
          <Descriptions.Item label="主题分类">{f.disclosure.topic || "—"}</Descriptions.Item>
          <Descriptions.Item label="体裁">{f.disclosure.genre || "—"}</Descriptions.Item>
          <Descriptions.Item label="有效性">
            {f.disclosure.validity}
            {f.disclosure.validityDate ? `（${f.disclosure.validityDate}）` : ""}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      {f.reprint ? (
        <Descriptions title="转载信息" size="small" bordered column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="来源网站">{f.reprint.sourceSite || "—"}</Descriptions.Item>
          <Descriptions.Item label="原文链接">
            {f.reprint.originalUrl ? (
              <Typography.Link href={f.reprint.originalUrl} target="_blank" rel="noopener noreferrer">
                {f.reprint.originalUrl}
              </Typography.Link>
            ) : (
              "—"
            )}
          </Descriptions.Item>
          <Descriptions.Item label="转载时间">{fmtDateTime(f.reprint.reprintedAt || null)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {revision.checksOverride ? (
        <Alert
          type="warning"
          showIcon
          title={`签发领导 ${revision.checksOverride.byName} 已书面确认保留检查提示的内容（${fmtDateTime(revision.checksOverride.at)}）`}
          description={`理由：${revision.checksOverride.reason}`}
        />
      ) : null}
      <div>
        <Typography.Text strong>正文</Typography.Text>
        <div style={{ marginTop: 8 }}>
          <RichTextEditor value={f.bodyHtml} editable={false} documentKind={flags?.documentKind ?? "ordinary"} minHeight={120} overridden={!!revision.checksOverride} />
        </div>
      </div>
      {f.attachments?.length ? (
        <List
          size="small"
          header={<Typography.Text strong>附件</Typography.Text>}
          bordered
          dataSource={f.attachments}
          renderItem={(a, i) => (
            <List.Item>
              <Typography.Link href={`/api/media/${a.mediaId}`} target="_blank">
                <PaperClipOutlined /> 附件{i + 1}：{a.name}
              </Typography.Link>
            </List.Item>
          )}
        />
      ) : null}
      {f.images?.length ? (
        <div>
          <Typography.Text strong>组图</Typography.Text>
          <Flex gap={12} wrap style={{ marginTop: 8 }}>
            {f.images.map((img) => (
              <figure key={img.mediaId} style={{ margin: 0, width: 200 }}>
                <Image src={`/api/media/${img.mediaId}`} alt={img.alt} width={200} height={130} style={{ objectFit: "cover" }} />
                <figcaption style={{ fontSize: 12, color: "#6b7280" }}>
                  {img.caption || img.alt}
                  {!img.alt ? <Tag color="red">缺少替代文字</Tag> : null}
                </figcaption>
              </figure>
            ))}
          </Flex>
        </div>
      ) : null}
    </Flex>
  );
}
