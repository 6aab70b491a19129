/** The text report of `govsite monitor`: grouped by severity, in Chinese. */
import type { Category } from "@govsite/checks";
import type { AuditFinding, AuditResult, FindingSeverity, FindingType } from "./types.ts";

export const TYPE_LABEL: Record<FindingType, string> = {
  unavailable: "站点无法访问",
  broken_link: "死链",
  suspected_link: "疑似死链",
  hidden_link: "暗链",
  foreign_script: "外部脚本",
  cloaking: "搜索引擎劫持",
  meta_missing: "元数据",
  footer_missing: "底部要素",
  site_id_invalid: "网站标识码",
  content: "内容",
  stale: "更新情况",
};

const CATEGORY_LABEL: Record<Category, string> = {
  secret: "涉密标志",
  pii: "个人隐私",
  sensitive: "敏感词",
  expression: "严重表述错误",
  typo: "错别字",
  advert: "商业广告",
  link: "链接",
};

const SEVERITY_HEAD: Record<FindingSeverity, string> = {
  severe: "【严重】会被单项否决或重点扣分，须立即整改",
  warn: "【警告】须整改，检查时会扣分",
  info: "【提示】建议人工核实",
};

const PAGES_SHOWN = 3;

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

function label(f: AuditFinding): string {
  if (f.type === "content" && f.category) return `${TYPE_LABEL.content}·${CATEGORY_LABEL[f.category]}`;
  return TYPE_LABEL[f.type];
}

export function formatText(r: AuditResult): string {
  const lines: string[] = [];
  lines.push(`网站巡检：${r.finalUrl && r.finalUrl !== r.url ? `${r.url} → ${r.finalUrl}` : r.url}`);
  lines.push(
    `检查了 ${fmt(r.pages)} 个页面、${fmt(r.stats.urls)} 个链接地址，用时 ${(r.durationMs / 1000).toFixed(1)} 秒（每秒 ${r.pagesPerSecond} 页），共发出 ${fmt(r.stats.requests)} 次请求${r.stats.throttled ? `，其中 ${r.stats.throttled} 次被对方限速后等待重试` : ""}。`,
  );
  const s = r.summary;
  lines.push(
    s.severe + s.warn + s.info === 0
      ? "结论：未发现问题。"
      : `结论：严重 ${s.severe} 项，警告 ${s.warn} 项，提示 ${s.info} 项。${s.severe > 0 ? "存在会被单项否决或重点扣分的问题。" : ""}`,
  );
  for (const sev of ["severe", "warn", "info"] as const) {
    const group = r.findings.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    lines.push("", SEVERITY_HEAD[sev]);
    group.forEach((f, i) => {
      const subject = f.text && f.type !== "site_id_invalid" ? `${f.url}  “${f.text}”` : f.url;
      lines.push(`${String(i + 1).padStart(3)}. [${label(f)}] ${subject}`);
      lines.push(`     ${f.detail}`);
      if (f.redirects?.length) lines.push(`     跳转：${[...f.redirects.map((h) => `${h.url}（${h.status}）`), f.finalUrl ?? "?"].join(" → ")}`);
      if (f.items?.length) lines.push(`     涉及：${f.items.slice(0, 10).join("、")}${f.items.length > 10 ? ` 等 ${f.items.length} 个` : ""}`);
      if (f.pages?.length && !(f.pages.length === 1 && f.pages[0]!.url === f.url)) {
        const shown = f.pages.slice(0, PAGES_SHOWN).map((p) => (p.text ? `${p.url}（“${p.text}”）` : p.url));
        const total = f.pageCount ?? f.pages.length;
        lines.push(`     所在页面：${shown.join("、")}${total > shown.length ? ` 等 ${fmt(total)} 个页面` : ""}`);
      }
    });
  }
  return `${lines.join("\n")}\n`;
}
