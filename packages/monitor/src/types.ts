/**
 * Public vocabulary of the website auditor (网站巡检). The CLI's JSON output, the server's monitor
 * module and the tests all speak it.
 */
import type { Category } from "@govsite/checks";

export type FindingType =
  | "unavailable"
  | "broken_link"
  | "suspected_link"
  | "hidden_link"
  | "foreign_script"
  | "cloaking"
  | "meta_missing"
  | "footer_missing"
  | "site_id_invalid"
  | "content"
  | "stale";

export const FINDING_TYPES: readonly FindingType[] = [
  "unavailable",
  "broken_link",
  "suspected_link",
  "hidden_link",
  "foreign_script",
  "cloaking",
  "meta_missing",
  "footer_missing",
  "site_id_invalid",
  "content",
  "stale",
];

/**
 * severe = what a national inspection vetoes (单项否决) or deducts heavily;
 * warn = must be fixed, counts against the site; info = worth a look, not counted.
 */
export type FindingSeverity = "severe" | "warn" | "info";

/** A page on which something was found, with the link text when the finding is about a link. */
export interface PageRef {
  url: string;
  text?: string;
}

export interface RedirectHop {
  url: string;
  status: number;
}

export interface AuditFinding {
  type: FindingType;
  severity: FindingSeverity;
  /** The subject: the broken link's target, the page, or the site's start URL for site-wide counts. */
  url: string;
  /** One sentence in Chinese naming the rule it breaks. */
  detail: string;
  /** Stable id of the rule, e.g. "link.broken", "meta.SiteIDCode", "footer.icp", "fresh.home". */
  rule: string;
  /** Where it was found (the first `PAGE_SAMPLE` pages); `pageCount` says how many in all. */
  pages?: PageRef[];
  pageCount?: number;
  /** Links: the final HTTP status (0 when there was no response) and why it is only suspected. */
  status?: number;
  reason?: LinkProblem;
  redirects?: RedirectHop[];
  /** Where the redirects ended. */
  finalUrl?: string;
  /** Content findings: the check engine's category and rule, and the text found (de-identified). */
  category?: Category;
  checkRule?: string;
  text?: string;
  /** Freshness: newest date seen (YYYY-MM-DD) and days since it; the column concerned. */
  lastUpdate?: string;
  days?: number;
  column?: string;
  /** Counted items of a site-wide rule (e.g. the stale columns behind a veto). */
  items?: string[];
}

export type LinkProblem =
  | "not_found"
  | "gone"
  | "forbidden"
  | "throttled"
  | "server_error"
  | "timeout"
  | "network"
  | "dns"
  | "tls"
  | "bot_block"
  | "status"
  | "redirect_loop"
  | "invalid_url";

export interface AuditStats {
  /** HTTP requests made (HEAD and GET, retries included); answers from the cache are not counted. */
  requests: number;
  /** Distinct URLs checked (pages, resources, external links). */
  urls: number;
  externalUrls: number;
  /** Responses with HTTP 429 that were waited out. */
  throttled: number;
  /** Answers taken from the on-disk cache. */
  cacheHits: number;
  /** Why the crawl stopped before visiting every page it found, if it did. */
  stoppedBy?: "max-pages" | "deadline";
  /** Pages found but not visited because of max-pages or the deadline. */
  skippedPages: number;
}

export interface AuditResult {
  /** The start URL as given, and where it ended after redirects. */
  url: string;
  finalUrl?: string;
  startedAt: string;
  /** HTML pages audited. */
  pages: number;
  durationMs: number;
  pagesPerSecond: number;
  findings: AuditFinding[];
  summary: Record<FindingSeverity, number>;
  stats: AuditStats;
}

export type PageKind = "home" | "column" | "article" | "other";

export type ColumnClass = "dynamic" | "notice" | "plan" | "other";

/** How long a column of a class may go without a new item, and when to warn. */
export interface FreshnessLimit {
  limitDays: number;
  warnDays: number;
}

export interface AuditOptions {
  /** HTML pages to audit at most (default 10,000). */
  maxPages?: number;
  /** Requests at once to the audited site (default 8). */
  concurrency?: number;
  /** Minimum milliseconds between two request starts to the audited site (default 0). */
  delayMs?: number;
  /** Requests at once to any one external host (default 2). */
  externalConcurrency?: number;
  /** Minimum milliseconds between two request starts to one external host (default 200). */
  externalDelayMs?: number;
  /** Check links to other sites (default true). */
  external?: boolean;
  /** Links never requested (matched against the absolute URL), e.g. hosts known to refuse robots. */
  skipLinks?: RegExp[] | ((url: string) => boolean);
  /** Per-request timeout in milliseconds (default 15,000, the national availability rule). */
  timeoutMs?: number;
  /** Stop starting requests after this many milliseconds and report what was found (default none). */
  deadlineMs?: number;
  /** Retries after 429 or 5xx (default 3). */
  retries?: number;
  /** Longest Retry-After to wait out, in ms; longer means "suspected" (default 60,000). */
  maxRetryWaitMs?: number;
  /** Largest HTML page read, in bytes (default 5 MB); larger pages are cut. */
  maxPageBytes?: number;
  /** Hosts whose scripts and iframes are expected, besides the site's own host and *.gov.cn. */
  allowHosts?: string[];
  /** Run the content checks (default true). */
  contentChecks?: boolean;
  /** Pages re-fetched as a search-engine crawler to detect cloaking (default 10; 0 turns it off). */
  cloakingSample?: number;
  /** On-disk cache of external-link results, reused by later runs within `cacheTtlHours`. */
  cacheFile?: string;
  cacheTtlHours?: number;
  /** The monitoring time point for freshness (default now). */
  now?: Date;
  /** Freshness limits by column class and for the homepage. */
  freshness?: Partial<Record<ColumnClass | "home", FreshnessLimit>>;
  /**
   * Worker threads analysing pages (parsing, norms, content checks) beside the crawl; 0 analyses in
   * the crawling thread. Default: the cores left over, at most 4; 0 on two cores or fewer, and when
   * `checker` is given.
   */
  workers?: number;
  /** The content checker to use (default: `createChecker()` of @govsite/checks, one per worker). */
  checker?: import("@govsite/checks").Checker;
  /** Progress, e.g. for a CLI spinner: pages audited so far. */
  onProgress?: (p: { pages: number; queued: number; requests: number }) => void;
  /** Aborts the audit (like the deadline, keeps what was found). */
  signal?: AbortSignal;
  userAgent?: string;
}
