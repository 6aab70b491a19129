// A comparison of two versions: text fields with the added and removed passages marked inline,
// other fields as before → after.
import { Descriptions, Empty, Typography } from "antd";
import { useColumns } from "../../lib/lookups";
import type { Change } from "./types";
import { documentKindLabels } from "./labels";

const subLabels: Record<string, string> = {
  sourceSite: "来源网站",
  originalUrl: "原文链接",
  reprintedAt: "转载时间",
  publisher: "发布机构",
  writtenDate: "成文日期",
  docNumber: "文号",
  topic: "主题分类",
  genre: "体裁",
  validity: "有效性",
  validityDate: "有效性日期",
  replacedBy: "替代文件",
  opinionRisk: "舆情风险",
  responsePlan: "舆情应对预案",
  secrecyUncertain: "保密存疑",
  homepage: "申请首页",
  homepageReason: "首页申请理由",
  coIssuingUnitIds: "会签单位",
  documentKind: "信息类别",
};

function plain(v: unknown, columnName: (id: string) => string): string {
  if (v === null || v === undefined || v === "") return "（空）";
  if (typeof v === "boolean") return v ? "是" : "否";
  if (Array.isArray(v)) {
    if (v.length === 0) return "（无）";
    return v
      .map((x) => {
        if (x && typeof x === "object") {
          const o = x as Record<string, unknown>;
          if ("name" in o) return String(o["name"]);
          if ("alt" in o) return `图片“${String(o["alt"] || "无替代文字")}”`;
          return JSON.stringify(o);
        }
        return typeof x === "string" ? columnName(x) : String(x);
      })
      .join("、");
  }
  if (typeof v === "object") {
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== "" && x !== null && x !== false && !(Array.isArray(x) && x.length === 0))
      .map(([k, x]) => `${subLabels[k] ?? k}：${k === "documentKind" ? (documentKindLabels[String(x)] ?? x) : plain(x, columnName)}`)
      .join("；") || "（空）";
  }
  return columnName(String(v));
}

export function DiffView({ changes, siteId }: { changes: Change[]; siteId?: string }) {
  const columns = useColumns(siteId);
  const names = new Map((columns.data ?? []).map((c) => [c.id, c.name]));
  const columnName = (id: string) => names.get(id) ?? id;
  if (changes.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="两个版本内容相同" />;
  return (
    <Descriptions bordered size="small" column={1} styles={{ label: { width: 120 } }} data-testid="diff-view">
      {changes.map((c) => (
        <Descriptions.Item key={c.field} label={c.label}>
          {c.parts ? (
            <div className="gs-diff">
              {c.parts.map((p, i) =>
                p.added ? (
                  <ins key={i} title="新增">
                    {p.value}
                  </ins>
                ) : p.removed ? (
                  <del key={i} title="删除">
                    {p.value}
                  </del>
                ) : (
                  <span key={i}>{p.value}</span>
                ),
              )}
            </div>
          ) : (
            <div className="gs-diff">
              <del>{plain(c.before, columnName)}</del>
              <Typography.Text type="secondary"> → </Typography.Text>
              <ins>{plain(c.after, columnName)}</ins>
            </div>
          )}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
