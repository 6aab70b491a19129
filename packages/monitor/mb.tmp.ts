import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createChecker } from "@govsite/checks";
import { extractPage } from "./src/html/extract.ts";
import { observePage } from "./src/page-checks.ts";
const files: string[] = [];
const walk = (d: string) => { for (const e of readdirSync(d, { withFileTypes: true })) { const f = join(d, e.name); if (e.isDirectory()) walk(f); else if (f.endsWith(".html")) files.push(f); } };
walk("/tmp/mon-site");
const htmls = files.slice(0, 1500).map((f) => readFileSync(f, "utf8"));
const c = createChecker();
const scope = { host: "127.0.0.1:1", aliases: new Set<string>(), prefix: "/", allowHosts: [] };
for (let round = 0; round < 2; round++) {
  let t = performance.now(); for (const h of htmls) c.checkHtml(h); const ch = performance.now() - t;
  t = performance.now(); for (const h of htmls) extractPage(h); const ex = performance.now() - t;
  t = performance.now(); for (const h of htmls) observePage(extractPage(h), "http://127.0.0.1:1/a/b.html", false, scope, new Date()); const ob = performance.now() - t;
  t = performance.now(); for (const h of htmls) c.checkText(h.replace(/<[^>]+>/g, " ")); const ct = performance.now() - t;
  console.log({ per: "ms/page", checkHtml: ch / htmls.length, extract: ex / htmls.length, extractObserve: ob / htmls.length, checkTextStripped: ct / htmls.length, avgLen: htmls.reduce((s, h) => s + h.length, 0) / htmls.length });
}
