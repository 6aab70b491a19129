/**
 * One measured run of linkinator 6 through its API: recursive from the homepage (it recurses only
 * within the start URL's host and path, like our same-site scope), the same concurrency, the same
 * 15 s timeout, retry on 429. Pages are the HTML pages it parsed ("pagestart" events). Prints one
 * JSON line. Run by run.ts in a fresh process.
 */
import { LinkChecker, LinkState } from "linkinator";

const [url, concurrency] = process.argv.slice(2);
const checker = new LinkChecker();
let pages = 0;
checker.on("pagestart", () => pages++);
const t0 = performance.now();
const r = await checker.check({ path: url!, recurse: true, concurrency: Number(concurrency), timeout: 15_000, retry: true });
const ms = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({
    pages,
    ms,
    links: r.links.length,
    broken: r.links.filter((l) => l.state === LinkState.BROKEN).length,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
  })}\n`,
);
