// The list of check findings beside the editor: most serious first, each one a button that selects
// the passage in the text.
import { Alert, Badge, Button, Card, Empty, Flex, Spin, Tag, Typography } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import type { Finding, Severity } from "../types";
import { categoryLabels, severityLabels } from "../labels";

const order: Record<Severity, number> = { block: 0, warn: 1, info: 2 };

export function FindingsPanel({
  findings,
  placed,
  checking,
  error,
  missingAlt,
  onFocus,
  onFocusImage,
  onRecheck,
  title = "自动检查",
  overridden,
}: {
  findings: Finding[];
  placed?: Set<number>;
  checking?: boolean;
  error?: string | null;
  missingAlt?: { pos: number; src: string }[];
  onFocus?: (index: number) => void;
  onFocusImage?: (pos: number) => void;
  onRecheck?: () => void;
  title?: string;
  overridden?: boolean;
}) {
  const indexed = findings.map((f, i) => ({ f, i })).sort((a, b) => order[a.f.severity] - order[b.f.severity] || a.f.start - b.f.start);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const blocks = count("block") + (missingAlt?.length ?? 0);
  return (
    <Card
      size="small"
      className="gs-findings"
      data-testid="findings-panel"
      data-blocking={blocks}
      title={
        <Flex align="center" gap={8}>
          <span>{title}</span>
          {checking ? <Spin size="small" /> : null}
        </Flex>
      }
      extra={
        onRecheck ? (
          <Button size="small" type="text" icon={<ReloadOutlined />} onClick={onRecheck} aria-label="重新检查">
            重新检查
          </Button>
        ) : null
      }
      styles={{ body: { padding: 8, maxHeight: 560, overflow: "auto" } }}
    >
      <Flex gap={6} wrap style={{ padding: "0 4px 8px" }}>
        <Badge color="red" text={`必须修改 ${blocks}`} />
        <Badge color="orange" text={`请核实 ${count("warn")}`} />
        <Badge color="blue" text={`提示 ${count("info")}`} />
      </Flex>
      {error ? <Alert type="warning" showIcon title={`检查服务暂不可用：${error}`} style={{ marginBottom: 8 }} /> : null}
      {blocks > 0 && overridden ? (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="签发领导已书面确认保留以下内容" description="确认人、理由和时间见稿件信息。" />
      ) : blocks > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title="有必须修改的问题"
          description="涉密标识、个人信息、敏感词、严重表述错误等问题不修改不能送审。确需保留的，须由签发领导在稿件页面书面确认理由。"
        />
      ) : null}
      {missingAlt?.map((m) => (
        <div
          key={`img-${m.pos}`}
          role="button"
          tabIndex={0}
          className="gs-finding-item gs-finding-item-block"
          data-testid="finding-item"
          data-severity="block"
          onClick={() => onFocusImage?.(m.pos)}
          onKeyDown={(e) => e.key === "Enter" && onFocusImage?.(m.pos)}
        >
          <Flex gap={6} align="center">
            <Tag color="red">必须修改</Tag>
            <Typography.Text type="secondary">无障碍</Typography.Text>
          </Flex>
          <div style={{ marginTop: 4 }}>图片缺少替代文字，点击选中图片后补填。</div>
        </div>
      ))}
      {indexed.length === 0 && !missingAlt?.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={checking ? "正在检查…" : "未发现问题"} />
      ) : (
        indexed.map(({ f, i }) => {
          const sev = severityLabels[f.severity];
          const clickable = !!onFocus;
          return (
            <div
              key={i}
              role={clickable ? "button" : undefined}
              tabIndex={clickable ? 0 : undefined}
              className={`gs-finding-item gs-finding-item-${f.severity}`}
              data-testid="finding-item"
              data-severity={f.severity}
              onClick={() => onFocus?.(i)}
              onKeyDown={(e) => e.key === "Enter" && onFocus?.(i)}
            >
              <Flex gap={6} align="center" wrap>
                <Tag color={sev.color}>{sev.text}</Tag>
                <Typography.Text type="secondary">{categoryLabels[f.category] ?? f.category}</Typography.Text>
                {placed && !placed.has(i) ? <Typography.Text type="secondary">（不在正文中）</Typography.Text> : null}
              </Flex>
              <div style={{ marginTop: 4 }}>
                <span className={`gs-finding-quote gs-finding-quote-${f.severity}`}>{f.text}</span>
                {f.suggestion ? (
                  <Typography.Text type="secondary">
                    {" "}→ 建议改为“<Typography.Text strong>{f.suggestion}</Typography.Text>”
                  </Typography.Text>
                ) : null}
              </div>
              <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0", fontSize: 12 }}>
                {f.message}
              </Typography.Paragraph>
            </div>
          );
        })
      )}
    </Card>
  );
}
