/**
 * One measured run of our auditor, every check on (links in and out of the site, page norms,
 * hidden links and foreign scripts, content checks, freshness, cloaking sample). Prints one JSON
 * line. Run by run.ts in a fresh process.
 */
import { auditSite } from "../../packages/monitor/src/index.ts";

const [url, concurrency, now, politeness, workers] = process.argv.slice(2);
// "default": the product's politeness towards external sites (2 at a time, 200 ms apart).
// "peer": linkinator's (no per-host limit or delay: the run's concurrency for every host).
const peer = politeness === "peer" ? { externalConcurrency: Number(concurrency), externalDelayMs: 0 } : {};
const t0 = performance.now();
const r = await auditSite(url!, { concurrency: Number(concurrency), maxPages: 1_000_000, now: new Date(now!), workers: workers === undefined || workers === "" ? undefined : Number(workers), ...peer });
const ms = performance.now() - t0;
const count = (t: string) => r.findings.filter((f) => f.type === t).length;
process.stdout.write(
  `${JSON.stringify({
    pages: r.pages,
    ms,
    requests: r.stats.requests,
    urls: r.stats.urls,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    findings: {
      broken_link: count("broken_link"),
      suspected_link: count("suspected_link"),
      hidden_link: count("hidden_link"),
      foreign_script: count("foreign_script"),
      content: count("content"),
      stale: count("stale"),
      meta_missing: count("meta_missing"),
      footer_missing: count("footer_missing"),
      cloaking: count("cloaking"),
    },
    summary: r.summary,
  })}\n`,
);
