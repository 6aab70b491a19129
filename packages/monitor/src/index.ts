/**
 * @govsite/monitor — the website auditor (网站巡检): crawl, links, page norms, hidden links and
 * foreign scripts, content checks, freshness, cloaking; and the publish-manifest comparison used
 * for tamper detection. No database: the server's monitor module and `govsite monitor` call it.
 *
 *   const result = await auditSite("https://www.example.gov.cn/", { maxPages: 2000 });
 *   const diff = await compareManifest(manifest, { dir: "data/www/portal" });
 */
export { auditSite, DEFAULT_ALLOW_HOSTS, DEFAULT_FRESHNESS } from "./audit.ts";
export { analysePage, decodeHtml } from "./analyse.ts";
export type { PageAnalysis, PageInput } from "./analyse.ts";
export { compareManifest, loadManifest, sha256Hex } from "./manifest.ts";
export type { ManifestDiff, ManifestEntry, ManifestInput, ManifestTarget } from "./manifest.ts";
export { runMonitor, USAGE } from "./cli.ts";
export type { MonitorIO } from "./cli.ts";
export { formatText } from "./format.ts";
export { USER_AGENT } from "./http/fetcher.ts";
export { extractPage } from "./html/extract.ts";
export type { PageFacts, FoundLink } from "./html/extract.ts";
export { observePage, pageKind, SITE_ID_RE, PUBDATE_RE } from "./page-checks.ts";
export { FINDING_TYPES } from "./types.ts";
export type {
  AuditFinding,
  AuditOptions,
  AuditResult,
  AuditStats,
  ColumnClass,
  FindingSeverity,
  FindingType,
  FreshnessLimit,
  LinkProblem,
  PageKind,
  PageRef,
  RedirectHop,
} from "./types.ts";
