import type { Column, Document, SiteSnapshot } from "../../packages/publisher/src/index.ts";
interface ImportRow { column: string; title: string; date: string; body: string[] }
const TYPE: Record<string, Column["columnType"]> = { 政策文件: "政策文件", 政策解读: "政策解读", 统计数据: "数据发布" };

export function snapshotFrom(rows: ImportRow[], code: string): SiteSnapshot {
  const cols = new Map<string, Column>();
  const docs: Document[] = [];
  const esc = (s: string) => s.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
  rows.forEach((row, i) => {
    let c = cols.get(row.column);
    if (!c) {
      c = { id: `c${cols.size + 1}`, slugPath: `lm${cols.size + 1}`, name: row.column, columnType: TYPE[row.column] ?? "工作动态", sort: cols.size + 1 };
      cols.set(row.column, c);
    }
    docs.push({
      id: `a${i + 1}`,
      version: 1,
      title: row.title,
      bodyHtml: row.body.map((p) => `<p>${esc(p)}</p>`).join("\n"),
      source: "示范县人民政府办公室",
      publishedAt: `${row.date}T09:00:00+08:00`,
      columnId: c.id,
    });
  });
  return {
    format: 1,
    site: {
      code,
      name: "示范县人民政府",
      kind: "portal",
      domain: "www.sfx.gov.cn",
      pathPrefix: "/",
      siteIdCode: "5002420001",
      icp: "渝ICP备05003300号",
      psb: { label: "渝公网安备50024202000123号", recordCode: "50024202000123" },
      partyGovMark: { href: "https://bszs.conac.cn/sitename?method=show&id=1" },
      ownerUnitName: "示范县人民政府办公室",
      contact: { phone: "023-12345678", address: "示范县人民路1号" },
      theme: "default",
    },
    columns: [...cols.values()],
    documents: docs,
  };
}

