import { afterEach, describe, expect, it } from "vitest";
import { parseMonitorArgs, runMonitor, type MonitorIO } from "./cli.ts";
import { ASSETS, items, page, serve, type FixtureServer, type Route } from "./testing/fixtures.ts";
import type { AuditResult } from "./types.ts";

const servers: FixtureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function site(routes: Record<string, Route>): Promise<FixtureServer> {
  const s = await serve({ ...ASSETS, ...routes });
  servers.push(s);
  return s;
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: MonitorIO = {
    stdout: { write: (c: string) => (out += c) },
    stderr: { write: (c: string) => (err += c) },
    options: { now: new Date("2024-06-01T10:00:00+08:00"), skipLinks: (u) => !/^https?:\/\/127\./.test(u), contentChecks: false },
  };
  const code = await runMonitor(argv, io);
  return { code, out, err };
}

const fresh = () => ({
  "/": page({ kind: "home", body: items([["/a.html", "县政府召开常务会议", "2024-05-30"]]) }),
  "/a.html": page({ kind: "article", title: "县政府召开常务会议", metas: { PubDate: "2024-05-30 09:00" } }),
});

describe("govsite monitor", () => {
  it("prints JSON with pages, speed and findings, and exits 0 without severe findings", async () => {
    const s = await site({ ...fresh(), "/": page({ kind: "home", body: `${items([["/a.html", "甲", "2024-05-30"]])}<a href="/x.html">乙</a>` }), "/x.html": page({ metas: { SiteIDCode: null } }) });
    const { code, out } = await run([`${s.url}/`, "--format", "json", "--max-pages", "50", "--concurrency", "2", "--no-external", "--timeout", "5"]);
    expect(code).toBe(0);
    const r = JSON.parse(out) as AuditResult;
    expect(r.pages).toBe(3);
    expect(typeof r.durationMs).toBe("number");
    expect(typeof r.pagesPerSecond).toBe("number");
    expect(r.findings).toEqual([
      expect.objectContaining({ type: "meta_missing", severity: "warn", url: `${s.url}/x.html`, rule: "meta.SiteIDCode", pageCount: 1 }),
    ]);
  });

  it("exits 1 and groups the text report by severity when something would be vetoed", async () => {
    const s = await site({
      "/": page({ kind: "home", body: `${items([["/a.html", "县政府召开常务会议", "2024-04-01"]])}<a href="/missing.html">机构设置</a>` }),
      "/a.html": page({ kind: "article", metas: { PubDate: "2024-04-01 09:00" } }),
    });
    const { code, out } = await run([s.url]);
    expect(code).toBe(1);
    expect(out).toContain("【严重】");
    expect(out).toContain("[更新情况]");
    expect(out).toContain("[死链]");
    expect(out).toContain(`所在页面：${s.url}/（“机构设置”）`);
    expect(out.indexOf("【严重】")).toBeLessThan(out.indexOf("[死链]"));
  });

  it("reports an unreachable site and exits 1", async () => {
    const s = await site({ "/": { status: 500 } });
    const { code, out } = await run([`${s.url}/`, "--format", "json"]);
    expect(code).toBe(1);
    expect((JSON.parse(out) as AuditResult).findings.map((f) => f.type)).toEqual(["unavailable"]);
  });

  it("exits 2 with a Chinese usage message on usage errors", async () => {
    for (const argv of [[], ["--format", "xml", "http://x.gov.cn"], ["--max-pages", "0", "http://x.gov.cn"], ["--bogus", "http://x.gov.cn"], ["ftp://x.gov.cn"], ["a.gov.cn", "b.gov.cn"]]) {
      const { code, err } = await run(argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(err).toMatch(/^错误：/);
      expect(err).toContain("用法：govsite monitor");
    }
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("退出码");
  });

  it("accepts a bare domain and the documented options", () => {
    expect(parseMonitorArgs(["www.sfx.gov.cn", "--timeout=20", "--external", "--allow", "hm.baidu.com"])).toEqual({
      url: "http://www.sfx.gov.cn/",
      format: "text",
      options: { timeoutMs: 20_000, external: true, allowHosts: ["hm.baidu.com"] },
    });
  });
});
