import { createChecker, type Checker } from "@govsite/checks";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditSite } from "./audit.ts";
import { ASSETS, items, page, serve, type FixtureServer, type Route } from "./testing/fixtures.ts";
import type { AuditFinding, AuditOptions, AuditResult } from "./types.ts";

const NOW = new Date("2024-06-01T10:00:00+08:00");
let checker: Checker;
const servers: FixtureServer[] = [];

beforeAll(() => {
  checker = createChecker();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function site(routes: Record<string, Route>, address = "127.0.0.1"): Promise<FixtureServer> {
  const s = await serve({ ...ASSETS, ...routes }, address);
  servers.push(s);
  return s;
}

function audit(url: string, options: AuditOptions = {}): Promise<AuditResult> {
  // Only loopback is ever contacted: the footer's links to beian.miit.gov.cn and others are skipped.
  return auditSite(url, { now: NOW, checker, externalDelayMs: 0, skipLinks: (u) => !/^https?:\/\/127\./.test(u), ...options });
}

const of = (r: AuditResult, type: AuditFinding["type"]) => r.findings.filter((f) => f.type === type);

/** A small, well-kept site: fresh homepage, one news column, two articles. */
function wellKept(extra: Record<string, Route> = {}, home = ""): Record<string, Route> {
  return {
    "/": page({
      kind: "home",
      body: `${items([
        ["/xwdt/202405/t20240530_1.html", "县政府召开常务会议", "2024-05-30"],
        ["/xwdt/202405/t20240528_2.html", "全县春耕生产有序推进", "2024-05-28"],
      ])}<a href="/xwdt/">工作动态</a>${home}`,
    }),
    "/xwdt/": page({
      kind: "column",
      title: "工作动态",
      body: items([
        ["/xwdt/202405/t20240530_1.html", "县政府召开常务会议", "2024-05-30"],
        ["/xwdt/202405/t20240528_2.html", "全县春耕生产有序推进", "2024-05-28"],
        ["/xwdt/202405/t20240520_3.html", "示范县开展安全生产检查", "2024-05-20"],
      ]),
    }),
    "/xwdt/202405/t20240530_1.html": page({ kind: "article", title: "县政府召开常务会议", metas: { PubDate: "2024-05-30 09:00" }, body: "<p>发布时间：2024-05-30 09:00</p><p>会议研究了近期重点工作。</p>" }),
    "/xwdt/202405/t20240528_2.html": page({ kind: "article", title: "全县春耕生产有序推进", metas: { PubDate: "2024-05-28 10:00" }, body: "<p>各乡镇抓好春耕生产。</p>" }),
    "/xwdt/202405/t20240520_3.html": page({ kind: "article", title: "示范县开展安全生产检查", metas: { PubDate: "2024-05-20 10:00" }, body: "<p>检查组深入企业。</p>" }),
    ...extra,
  };
}

describe("auditSite", () => {
  it("finds nothing wrong on a well-kept site and audits every page", async () => {
    const s = await site(wellKept());
    const r = await audit(`${s.url}/`);
    expect(r.findings.map((f) => f.detail)).toEqual([]);
    expect(r.pages).toBe(5);
    expect(r.summary).toEqual({ severe: 0, warn: 0, info: 0 });
    // A clear User-Agent on every ordinary request.
    expect(s.log.filter((l) => l.headers["user-agent"] === "govsite-monitor/1.0").length).toBeGreaterThanOrEqual(5);
  });

  it("reports an unreachable start page as unavailable", async () => {
    const s = await site({ "/": { status: 503 } });
    const r = await audit(`${s.url}/`, { retries: 0 });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ type: "unavailable", severity: "severe" });
    expect(r.findings[0]!.detail).toContain("站点无法访问");
  });

  it("reports broken in-site and external links with the pages and link texts they appear on", async () => {
    const ext = await site({ "/ok.html": "<p>ok</p>" }, "127.0.0.2");
    const s = await site(
      wellKept(
        { "/old.html": { status: 301, headers: { location: "/gone.html" } } },
        `<a href="/missing.html">机构设置</a><a href="${ext.url}/removed.html">市政府网站</a><a href="${ext.url}/ok.html">省政府网站</a><a href="/old.html">旧链接</a>`,
      ),
    );
    const r = await audit(`${s.url}/`);
    const broken = of(r, "broken_link");
    const inSite = broken.find((f) => f.url === `${s.url}/missing.html`);
    expect(inSite).toMatchObject({ severity: "severe", status: 404, rule: "link.broken", pageCount: 1 });
    expect(inSite!.pages).toEqual([{ url: `${s.url}/`, text: "机构设置" }]);
    const external = broken.find((f) => f.url === `${ext.url}/removed.html`);
    expect(external).toMatchObject({ status: 404, rule: "link.broken-external" });
    expect(external!.pages![0]).toEqual({ url: `${s.url}/`, text: "市政府网站" });
    // Redirects are followed and recorded.
    const redirected = broken.find((f) => f.url === `${s.url}/old.html`);
    expect(redirected?.redirects).toEqual([{ url: `${s.url}/old.html`, status: 301 }]);
    expect(redirected?.finalUrl).toBe(`${s.url}/gone.html`);
    expect(broken.map((f) => f.url)).not.toContain(`${ext.url}/ok.html`);
    // External links: HEAD first, GET only when HEAD did not say OK.
    expect(ext.log.filter((l) => l.path === "/ok.html").map((l) => l.method)).toEqual(["HEAD"]);
    expect(ext.log.filter((l) => l.path === "/removed.html").map((l) => l.method)).toEqual(["HEAD", "GET"]);
  });

  it("lists every page a broken link appears on", async () => {
    const s = await site({
      "/": page({ kind: "home", body: `${items([["/a.html", "甲", "2024-05-30"], ["/b.html", "乙", "2024-05-29"]])}<a href="/nope.html">联系我们</a>` }),
      "/a.html": page({ body: '<a href="/nope.html">联系方式</a>' }),
      "/b.html": page({ body: '<a href="/nope.html">联系我们</a>' }),
    });
    const r = await audit(`${s.url}/`);
    const f = of(r, "broken_link").find((x) => x.url === `${s.url}/nope.html`)!;
    expect(f.pageCount).toBe(3);
    expect(f.pages!.map((p) => p.url).sort()).toEqual([`${s.url}/`, `${s.url}/a.html`, `${s.url}/b.html`].sort());
    expect(f.pages!.find((p) => p.url === `${s.url}/a.html`)?.text).toBe("联系方式");
    // Checked once, although it appears three times.
    expect(s.log.filter((l) => l.path === "/nope.html")).toHaveLength(1);
  });

  it("waits out a 429 with Retry-After instead of reporting the link broken", async () => {
    const slow = await site(
      {
        "/policy.html": (_req, n) => (n <= 2 ? { status: 429, headers: { "retry-after": "1" } } : "<p>政策</p>"),
      },
      "127.0.0.3",
    );
    const s = await site(wellKept({}, `<a href="${slow.url}/policy.html">政策文件库</a>`));
    const r = await audit(`${s.url}/`);
    expect(of(r, "broken_link")).toEqual([]);
    expect(of(r, "suspected_link")).toEqual([]);
    expect(r.stats.throttled).toBe(2);
    expect(slow.log.filter((l) => l.path === "/policy.html")).toHaveLength(3);
  });

  it("reports a host that keeps throttling, 403 and 5xx as suspected, never broken", async () => {
    const ext = await site(
      {
        "/forbidden.html": { status: 403 },
        "/busy.html": { status: 429, headers: { "retry-after": "3600" } },
        "/error.html": { status: 500 },
      },
      "127.0.0.2",
    );
    const s = await site(
      wellKept({}, ["forbidden", "busy", "error"].map((p) => `<a href="${ext.url}/${p}.html">${p}</a>`).join("")),
    );
    const r = await audit(`${s.url}/`, { retries: 1, maxRetryWaitMs: 10_000 });
    expect(of(r, "broken_link")).toEqual([]);
    const suspected = of(r, "suspected_link");
    expect(suspected.map((f) => [f.url.replace(ext.url, ""), f.reason, f.severity]).sort()).toEqual([
      ["/busy.html", "throttled", "info"],
      ["/error.html", "server_error", "info"],
      ["/forbidden.html", "forbidden", "info"],
    ]);
    expect(suspected.find((f) => f.reason === "forbidden")!.detail).toContain("疑似");
  });

  it("enforces the per-host concurrency limit", async () => {
    const routes: Record<string, Route> = {};
    const list: Array<[string, string, string]> = [];
    for (let i = 0; i < 24; i++) {
      routes[`/p${i}.html`] = { delayMs: 15, body: page({ body: `<p>第${i}页</p>` }) };
      list.push([`/p${i}.html`, `第${i}条`, "2024-05-30"]);
    }
    const s = await site({ ...routes, "/": page({ kind: "home", body: items(list) }) });
    const r = await audit(`${s.url}/`, { concurrency: 3, cloakingSample: 0 });
    expect(r.pages).toBe(25);
    expect(s.peak).toBeLessThanOrEqual(3);
    expect(s.peak).toBeGreaterThan(1);
  });

  it("finds hidden links, and scripts and iframes from foreign domains", async () => {
    const s = await site(
      wellKept(
        {},
        `<div style="display:none"><a href="http://127.0.0.9/casino">澳门赌场</a></div>
        <style>.seo{position:absolute;left:-9999px;top:-9999px}</style>
        <p class="seo"><a href="http://127.0.0.8/">时时彩</a></p>
        <p style="color:#fff;background-color:#ffffff"><a href="http://127.0.0.7/">彩票</a></p>
        <marquee height="1" width="1" scrollamount="3000"><a href="http://127.0.0.6/">博彩</a></marquee>
        <div style="display:none"><a href="/xwdt/">工作动态</a></div>
        <script src="http://127.0.0.5/x.js"></script>
        <iframe src="http://127.0.0.5/ad.html"></iframe>
        <script src="http://127.0.0.4/stats.js"></script>`,
      ),
    );
    const r = await audit(`${s.url}/`, { external: false, allowHosts: ["127.0.0.4"] });
    const hidden = of(r, "hidden_link");
    expect(hidden.map((f) => f.url).sort()).toEqual([
      "http://127.0.0.6/",
      "http://127.0.0.7/",
      "http://127.0.0.8/",
      "http://127.0.0.9/casino",
    ]);
    expect(hidden.every((f) => f.severity === "severe")).toBe(true);
    expect(hidden.find((f) => f.url === "http://127.0.0.9/casino")!.pages).toEqual([{ url: `${s.url}/`, text: "澳门赌场" }]);
    expect(hidden.find((f) => f.url === "http://127.0.0.8/")!.detail).toContain("屏幕之外");
    expect(hidden.find((f) => f.url === "http://127.0.0.7/")!.detail).toContain("颜色");
    const foreign = of(r, "foreign_script");
    expect(foreign.map((f) => f.rule).sort()).toEqual(["security.foreign-iframe", "security.foreign-script"]);
    expect(foreign.every((f) => f.url.startsWith("http://127.0.0.5/"))).toBe(true);
  });

  it("detects cloaking for search-engine crawlers, ignoring clock noise", async () => {
    let tick = 0;
    const normal = () => page({ kind: "home", body: `${items([["/a.html", "甲", "2024-05-30"]])}<p>当前时间：10:0${tick++}:00</p>` });
    const s = await site({
      "/": (req) => {
        const ua = String(req.headers["user-agent"] ?? "");
        if (/Baiduspider/.test(ua)) return page({ kind: "home", body: `${items([["/a.html", "甲", "2024-05-30"]])}<a href="http://127.0.0.9/">澳门新葡京娱乐场官方网站</a>` });
        return normal();
      },
      "/a.html": page({ body: "<p>甲</p>" }),
    });
    const r = await audit(`${s.url}/`);
    const cloaking = of(r, "cloaking");
    expect(cloaking).toHaveLength(1);
    expect(cloaking[0]).toMatchObject({ severity: "severe", url: `${s.url}/` });
    expect(cloaking[0]!.detail).toContain("Baiduspider");
    expect(cloaking[0]!.detail).not.toContain("Googlebot");
    expect(s.log.some((l) => String(l.headers.referer ?? "").includes("baidu.com"))).toBe(true);
  });

  it("reports missing metas and footer elements, and an invalid 网站标识码", async () => {
    const s = await site({
      "/": page({
        kind: "home",
        metas: { SiteIDCode: "12345" },
        body: items([["/a.html", "甲", "2024-05-30"], ["/xwdt/", "动态", "2024-05-30"]]),
        footer: `<div id="footer"><p>主办单位：示范县人民政府办公室 电话：023-1234567</p><p>网站标识码：12345 渝ICP备12345678号</p></div>`,
      }),
      "/a.html": page({ kind: "article", metas: { PubDate: "2024/05/30", ContentSource: null } }),
      "/xwdt/": page({ kind: "column", metas: { ColumnKeywords: null }, body: items([["/a.html", "甲", "2024-05-30"]]) }),
    });
    const r = await audit(`${s.url}/`);
    const metas = of(r, "meta_missing");
    expect(metas.map((f) => f.rule).sort()).toEqual(["meta.ColumnKeywords", "meta.ContentSource", "meta.PubDate.format"]);
    expect(metas.find((f) => f.rule === "meta.ContentSource")!.pages).toEqual([{ url: `${s.url}/a.html` }]);
    expect(metas.find((f) => f.rule === "meta.ContentSource")!.detail).toContain("网页设计规范");
    const footer = of(r, "footer_missing");
    expect(footer.map((f) => f.rule).sort()).toEqual(["footer.conac", "footer.icp-link", "footer.psb"]);
    expect(footer.find((f) => f.rule === "footer.psb")!.pageCount).toBe(1);
    const ids = of(r, "site_id_invalid");
    expect(ids.length).toBeGreaterThanOrEqual(1);
    expect(ids.every((f) => f.text === "12345" || f.rule === "site-id.mismatch")).toBe(true);
    expect(ids[0]!.detail).toContain("10位数字");
  });

  it("flags a homepage not updated for more than two weeks as severe, and warns from ten days", async () => {
    const stale = await site({ "/": page({ kind: "home", body: items([["/a.html", "甲", "2024-05-01"]]) }), "/a.html": page() });
    const r = await audit(`${stale.url}/`);
    const f = of(r, "stale").find((x) => x.rule === "fresh.home")!;
    expect(f).toMatchObject({ severity: "severe", lastUpdate: "2024-05-01", days: 31 });
    expect(f.detail).toContain("首页");

    const soon = await site({ "/": page({ kind: "home", body: items([["/a.html", "甲", "2024-05-20"]]) }), "/a.html": page() });
    const r2 = await audit(`${soon.url}/`);
    expect(of(r2, "stale").map((x) => [x.rule, x.severity, x.days])).toEqual([["fresh.home.soon", "warn", 12]]);
  });

  it("uses the PubDate of articles linked from the homepage when the homepage shows no dates", async () => {
    const s = await site({
      "/": page({ kind: "home", body: '<a href="/a.html">县政府召开常务会议</a>' }),
      "/a.html": page({ kind: "article", metas: { PubDate: "2024-05-29 08:00" } }),
    });
    const r = await audit(`${s.url}/`);
    expect(of(r, "stale")).toEqual([]);
  });

  it("counts stale and blank columns against the single-veto thresholds", async () => {
    const routes: Record<string, Route> = {};
    const links: string[] = [];
    for (let i = 0; i < 5; i++) {
      routes[`/dt${i}/`] = page({ kind: "column", title: `部门动态${i}`, body: items([[`/dt${i}/a.html`, "旧闻", "2024-04-01"]]) });
      routes[`/kb${i}/`] = page({ kind: "column", title: `专题${i}`, metas: { ColumnType: "其他" }, body: "<p>本栏目暂无信息。</p>" });
      links.push(`<a href="/dt${i}/">部门动态${i}</a><a href="/kb${i}/">专题${i}</a>`);
    }
    const s = await site({ ...routes, "/": page({ kind: "home", body: items([["/dt0/", "甲", "2024-05-30"]]) + links.join("") }) });
    const r = await audit(`${s.url}/`, { external: false });
    const stale = of(r, "stale");
    expect(stale.filter((f) => f.rule === "fresh.column.dynamic")).toHaveLength(5);
    expect(stale.filter((f) => f.rule === "fresh.blank")).toHaveLength(5);
    const vetoes = stale.filter((f) => f.severity === "severe").map((f) => f.rule).sort();
    expect(vetoes).toEqual(["fresh.veto.blank", "fresh.veto.key-columns"]);
    expect(stale.find((f) => f.rule === "fresh.veto.blank")!.items).toHaveLength(5);
  });

  it("runs the content checks on every page and keeps their category, de-identified", async () => {
    const s = await site(
      wellKept({
        "/xwdt/202405/t20240520_3.html": page({ kind: "article", title: "公示", metas: { PubDate: "2024-05-20 10:00" }, body: "<p>申请人张某，身份证号码110101199003074514。</p>" }),
      }),
    );
    const r = await audit(`${s.url}/`);
    const content = of(r, "content");
    const id = content.find((f) => f.checkRule === "pii.id-card")!;
    expect(id).toMatchObject({ category: "pii", severity: "severe", url: `${s.url}/xwdt/202405/t20240520_3.html`, text: "110101********4514" });
    expect(id.detail).not.toContain("110101199003074514");
    expect(id.detail).toContain("政府信息公开条例");
  });

  it("reads pages in GBK", async () => {
    const html = page({ kind: "home", body: items([["/a.html", "县政府召开常务会议", "2024-05-30"]]) }).replace('charset="utf-8"', 'charset="gbk"');
    const s = await site({
      "/": { headers: { "content-type": "text/html" }, body: encodeGbk(html) },
      "/a.html": page(),
    });
    const r = await audit(`${s.url}/`);
    expect(of(r, "footer_missing")).toEqual([]);
    expect(of(r, "meta_missing")).toEqual([]);
  });

  it("stops at the deadline on a site that never answers, reporting what it found", async () => {
    const s = await site(wellKept({ "/xwdt/": { hang: true } }));
    const r = await audit(`${s.url}/`, { timeoutMs: 60_000, deadlineMs: 500 });
    expect(r.stats.stoppedBy).toBe("deadline");
    expect(r.pages).toBeGreaterThanOrEqual(1);
    expect(of(r, "suspected_link").map((f) => f.url)).not.toContain(`${s.url}/xwdt/`);
  });

  it("gives the same findings when pages are analysed in worker threads", async () => {
    const s = await site(
      wellKept(
        {
          "/xwdt/202405/t20240520_3.html": page({ kind: "article", metas: { PubDate: "2024-05-20 10:00", ContentSource: null }, body: "<p>申请人张某，身份证号码110101199003074514。</p>" }),
        },
        '<div style="display:none"><a href="http://127.0.0.9/">博彩</a></div><a href="/missing.html">机构设置</a>',
      ),
    );
    const inThread = await audit(`${s.url}/`);
    // No checker given: each worker builds its own.
    const inWorkers = await auditSite(`${s.url}/`, { now: NOW, externalDelayMs: 0, skipLinks: (u) => !/^https?:\/\/127\./.test(u), workers: 1 });
    const shape = (r: AuditResult) => r.findings.map((f) => [f.type, f.rule, f.severity, f.url, f.pageCount ?? 0, f.text ?? ""].join(" ")).sort();
    expect(shape(inWorkers)).toEqual(shape(inThread));
    expect(shape(inThread).some((x) => x.startsWith("content content.pii.id-card"))).toBe(true);
    expect(inWorkers.pages).toBe(inThread.pages);
  });

  it("stops at max pages", async () => {
    const s = await site(wellKept());
    const r = await audit(`${s.url}/`, { maxPages: 2 });
    expect(r.pages).toBe(2);
    expect(r.stats.stoppedBy).toBe("max-pages");
    expect(r.findings.some((f) => f.rule === "audit.truncated")).toBe(true);
  });
});

/** GBK bytes of a string, for the characters the fixture uses (via TextDecoder's inverse table). */
function encodeGbk(text: string): Buffer {
  const table = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const code = table.get(ch);
      if (code === undefined) throw new Error(`no GBK code for ${ch}`);
      out.push(code >> 8, code & 0xff);
    }
  }
  return Buffer.from(out);
}

let gbk: Map<string, number> | undefined;
function gbkTable(): Map<string, number> {
  if (gbk) return gbk;
  gbk = new Map();
  const dec = new TextDecoder("gbk");
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== "\ufffd" && !gbk.has(ch)) gbk.set(ch, (hi << 8) | lo);
    }
  }
  return gbk;
}
