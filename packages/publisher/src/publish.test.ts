import { mkdtempSync, readFileSync, readlinkSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SnapshotError,
  applyChanges,
  previewPage,
  publishAll,
  publishSite,
  readManifest,
  type Document,
  type PublishOptions,
  type SiteSnapshot,
} from "./index.ts";
import { toTraditional } from "./hant.ts";
import { fixtureSnapshot, fixtureSubsite } from "./testing/fixture.ts";
import { listFiles, parsePage, resolvesInTrees, treeHashes } from "./testing/site-files.ts";

const NOW = new Date("2024-05-20T04:00:00Z");
const base: Omit<PublishOptions, "outDir"> = { now: NOW, brotliQuality: 4 };
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "govsite-pub-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function htmlPages(dir: string): Array<{ path: string; html: string }> {
  return listFiles(dir)
    .filter((f) => f.endsWith(".html"))
    .map((path) => ({ path, html: readFileSync(join(dir, path), "utf8") }));
}

function clone<T>(x: T): T {
  return structuredClone(x);
}

describe("full build of a portal and a sub-site", () => {
  let portalDir: string;
  let subDir: string;
  const progress: Array<{ done: number; total: number; site: string }> = [];

  beforeAll(async () => {
    const res = await publishAll([fixtureSnapshot(), fixtureSubsite()], {
      outRoot: join(root, "www"),
      workers: 2,
      ...base,
      onProgress: (p) => progress.push(p),
    });
    expect(res.failures).toEqual([]);
    portalDir = join(root, "www", "portal");
    subDir = join(root, "www", "fgw");
  });

  it("reports progress for every site and builds through worker threads", () => {
    expect(progress.map((p) => p.done)).toEqual([1, 2]);
    expect(progress.every((p) => p.total === 2)).toBe(true);
    expect(readlinkSync(portalDir)).toMatch(/^\.releases\/portal\/[^/]+\/site$/);
  });

  it("every page carries the site meta tags, its kind's tags and the complete footer", () => {
    for (const [dir, code, idCode] of [
      [portalDir, "portal", "5002420001"],
      [subDir, "fgw", "5002420002"],
    ] as const) {
      const pages = htmlPages(dir);
      expect(pages.length).toBeGreaterThan(5);
      for (const { path, html } of pages) {
        const p = parsePage(html);
        const where = `${code}/${path}`;
        expect(p.metas.get("SiteName")?.length, where).toBe(1);
        expect(p.metas.get("SiteDomain"), where).toEqual(["www.sfx.gov.cn"]);
        expect(p.metas.get("SiteIDCode"), where).toEqual([idCode]);
        const kind = p.bodyClass.replace("page-", "");
        if (["home", "column", "catalogue", "disclosure", "guide", "services", "service", "article"].includes(kind)) {
          for (const n of ["ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"]) {
            expect(p.metas.get(n)?.[0], `${where} ${n}`).toBeTruthy();
          }
        }
        if (kind === "article") {
          expect(p.metas.get("ArticleTitle")?.[0], where).toBeTruthy();
          expect(p.metas.get("PubDate")?.[0], where).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
          expect(p.metas.get("ContentSource")?.[0], where).toBeTruthy();
        }
        // Footer: 主办单位, 联系方式, 网站标识码, ICP, 公安备案, 党政机关网站标识.
        const t = path.startsWith("zh-hant/") ? toTraditional : (x: string) => x;
        expect(p.text, where).toContain(t("主办单位："));
        expect(p.text, where).toContain(t("联系方式："));
        expect(p.text, where).toContain(t(`网站标识码：${idCode}`));
        const hrefs = p.links.map((l) => l.url);
        expect(hrefs, where).toContain("https://beian.miit.gov.cn/");
        expect(hrefs, where).toContain("http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=50024202000123");
        expect(html, where).toContain(`alt="${t("党政机关网站标识")}"`);
        expect(html, where).toContain(t("我为政府网站找错"));
        // Semantics and accessibility basics.
        expect(p.lang, where).toMatch(/^zh-(CN|Hant)$/);
        expect(html, where).toContain('<a class="skip" href="#main">');
        expect(html, where).toMatch(/<main id="main"/);
        expect(p.imgsWithoutAlt, where).toBe(0);
        expect(p.headings.filter((h) => h === 1).length, where).toBe(1);
        expect(p.listItemsWithoutTime, `${where}: list item without publication time`).toBe(0);
        expect(html, where).not.toMatch(/<meta name="description"[^>]*>[\s\S]*<meta name="Description"/i);
      }
    }
  });

  it("has no broken internal link, across the portal, the sub-site and both scripts", () => {
    const trees = { "/": portalDir, "/fgw/": subDir };
    const dynamic = /^\/(hd|api|uploads)\//; // served by the public server, not published files
    const broken: string[] = [];
    for (const dir of [portalDir, subDir]) {
      for (const { path, html } of htmlPages(dir)) {
        for (const l of parsePage(html).links) {
          if (!l.url.startsWith("/") || l.url.startsWith("//") || dynamic.test(l.url)) continue;
          if (!resolvesInTrees(l.url, trees)) broken.push(`${dir.split("/").pop()}/${path} → ${l.url}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("the sub-site inherits the portal theme and overrides its header", () => {
    const home = readFileSync(join(subDir, "index.html"), "utf8");
    expect(home).toContain('<span class="brand-parent">示范县人民政府</span>');
    expect(home).toContain('href="/fgw/assets/site.'); // the portal's stylesheet, published under the prefix
    expect(home).toContain('<a href="/">返回示范县人民政府</a>');
  });

  it("writes precompressed variants and a manifest of every file", async () => {
    const files = listFiles(portalDir);
    expect(files).toContain("index.html.gz");
    expect(files).toContain("index.html.br");
    expect(files.some((f) => /^assets\/site\.[0-9a-f]{10}\.css\.br$/.test(f))).toBe(true);
    const manifest = await readManifest(portalDir);
    expect([...manifest.keys()].sort()).toEqual(files);
    const hashes = treeHashes(portalDir);
    for (const [p, e] of manifest) expect(e.sha256).toBe(hashes.get(p));
  });

  it("produces RSS per column and a sitemap index", () => {
    const rss = readFileSync(join(portalDir, "xwzx/zwyw/rss.xml"), "utf8");
    expect(rss).toContain("<title>县政府召开第十二次常务会议</title>");
    expect(rss).toContain("<link>https://www.sfx.gov.cn/xwzx/zwyw/202405/t20240506_d1.html</link>");
    const index = readFileSync(join(portalDir, "sitemap.xml"), "utf8");
    expect(index).toContain("<loc>https://www.sfx.gov.cn/sitemap-202405.xml</loc>");
    const may = readFileSync(join(portalDir, "sitemap-202405.xml"), "utf8");
    expect(may).toContain("t20240506_d1.html");
    // Withdrawn and redirected documents are not listed anywhere.
    const all = listFiles(portalDir).filter((f) => /\.(xml|html)$/.test(f) && !f.startsWith("zh-hant/"));
    for (const f of all) {
      if (f.includes("_withdrawn") || f.includes("_moved")) continue;
      const text = readFileSync(join(portalDir, f), "utf8");
      expect(text, f).not.toContain("t20240301_withdrawn.html");
      expect(text, f).not.toContain("_moved.html");
    }
  });

  it("escapes hostile titles and drops unsafe links", () => {
    const page = readFileSync(join(portalDir, "xwzx/bmdt/202405/t20240504_xss.html"), "utf8");
    expect(page).not.toContain("<script>alert(1)");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;标题中的尖括号 &amp; 符号");
    expect(page).not.toContain("javascript:");
    expect(page).not.toContain("<img src=x");
    const list = readFileSync(join(portalDir, "xwzx/bmdt/index.html"), "utf8");
    expect(list).not.toContain("<script>alert(1)");
  });

  it("marks archived, withdrawn, repealed and amended documents", () => {
    const archived = parsePage(readFileSync(join(portalDir, "zt/tpgj/index.html"), "utf8")).text;
    expect(archived).toContain("已归档");
    expect(archived).toContain("本栏目已于 2021-03-01 10:00 归档");
    const archivedDoc = parsePage(readFileSync(join(portalDir, "zt/tpgj/202011/t20201120_tp1.html"), "utf8")).text;
    expect(archivedDoc).toContain("已归档");

    const withdrawn = readFileSync(join(portalDir, "xwzx/tzgg/202403/t20240301_withdrawn.html"), "utf8");
    expect(parsePage(withdrawn).text).toContain("本信息已于 2024-03-02 11:00 撤回。撤回原因：招聘会时间调整，另行发布公告。");
    expect(withdrawn).not.toContain("招聘会定于3月10日举行");
    expect(withdrawn).toContain('<meta name="robots" content="noindex">');

    const repealed = readFileSync(join(portalDir, "zwgk/zcwj/201908/t20190801_old-policy.html"), "utf8");
    expect(parsePage(repealed).text).toContain("本文件已于 2024-04-20 废止。");
    expect(repealed).toContain('现行文件：<a href="/zwgk/zcwj/202404/t20240420_policy.html">');
    const amended = readFileSync(join(portalDir, "zwgk/zcwj/202203/t20220310_amended.html"), "utf8");
    expect(parsePage(amended).text).toContain("本文件已于 2024-01-05 修改");
    expect(amended).toContain('修改后的文件：<a href="/zwgk/zcwj/202404/t20240420_policy.html">');
    // The catalogue marks them too.
    const cat = readFileSync(join(portalDir, "xxgk/ml/gfxwj/index.html"), "utf8");
    expect(cat).toContain('<span class="tag tag-warn">废止</span>');
  });

  it("links a policy and its interpretation both ways and shows the disclosure metadata", () => {
    const policy = readFileSync(join(portalDir, "zwgk/zcwj/202404/t20240420_policy.html"), "utf8");
    const interp = readFileSync(join(portalDir, "zwgk/zcjd/202404/t20240420_interp.html"), "utf8");
    expect(policy).toContain('href="/zwgk/zcjd/202404/t20240420_interp.html"');
    expect(interp).toContain('href="/zwgk/zcwj/202404/t20240420_policy.html"');
    const text = parsePage(policy).text;
    for (const s of ["索引号", "11500242MB1234567X/2024-00012", "示府发〔2024〕5号", "成文日期", "2024-04-15"]) expect(text).toContain(s);
  });

  it("builds a traditional-script tree with links inside it", () => {
    const hant = readFileSync(join(portalDir, "zh-hant/index.html"), "utf8");
    const p = parsePage(hant);
    expect(p.lang).toBe("zh-Hant");
    expect(p.metas.get("SiteName")).toEqual(["示範縣人民政府"]);
    expect(p.text).toContain("政務要聞");
    expect(hant).toContain('href="/zh-hant/xwzx/zwyw/"');
    expect(hant).toContain('<a href="/" lang="zh-CN" hreflang="zh-CN">简体</a>');
    const simp = readFileSync(join(portalDir, "index.html"), "utf8");
    expect(simp).toContain('<a href="/zh-hant/" lang="zh-Hant" hreflang="zh-Hant">繁體</a>');
    // Sites that do not enable it get no tree and no switch.
    expect(listFiles(subDir).some((f) => f.startsWith("zh-hant/"))).toBe(false);
  });

  it("builds the disclosure hub, guide, catalogue, services, search and 404 pages", () => {
    for (const f of ["xxgk/index.html", "xxgk/zn/index.html", "xxgk/ml/gfxwj/index.html", "bsfw/index.html", "bsfw/s1.html", "search/index.html", "404.html"]) {
      expect(listFiles(portalDir)).toContain(f);
    }
    const search = readFileSync(join(portalDir, "search/index.html"), "utf8");
    expect(search).toContain('data-api="/api/public/search"');
    const guide = parsePage(readFileSync(join(portalDir, "bsfw/s1.html"), "utf8")).text;
    for (const k of ["事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理机构", "收费标准", "办理时间", "联系电话", "办理流程"]) expect(guide).toContain(k);
  });
});

describe("mourning days", () => {
  it("greys pages during the range at build time and lets the browser decide on the day", async () => {
    const snap = fixtureSnapshot({ traditional: false });
    const out = join(root, "mourning", "portal");
    await publishSite(snap, { ...base, outDir: out, now: new Date("2024-04-04T02:00:00Z") });
    const during = parsePage(readFileSync(join(out, "index.html"), "utf8"));
    expect(during.htmlClass).toBe("mourning");
    await publishSite(snap, { ...base, outDir: out, now: new Date("2024-04-01T02:00:00Z") });
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(parsePage(html).htmlClass).toBe("");
    expect(html).toContain('data-mourning="2024-04-04~2024-04-04"');

    // The head script turns a page built earlier grey on the day (Asia/Shanghai date).
    const prefs = readFileSync(join(out, listFiles(out).find((f) => /^assets\/prefs\.[0-9a-f]+\.js$/.test(f))!), "utf8");
    const run = (iso: string) => {
      const classes = new Set<string>();
      const documentElement = {
        classList: { add: (c: string) => classes.add(c), toggle: (c: string, on: boolean) => (on ? classes.add(c) : classes.delete(c)) },
        getAttribute: () => "2024-04-04~2024-04-04",
      };
      const FakeDate = class extends Date {
        static override now() {
          return Date.parse(iso);
        }
      };
      runInNewContext(prefs, { document: { documentElement }, localStorage: { getItem: () => null }, Date: FakeDate, JSON });
      return classes.has("mourning");
    };
    expect(run("2024-04-03T15:59:00Z")).toBe(false); // 23:59 on 3 April in Beijing
    expect(run("2024-04-03T16:00:00Z")).toBe(true); // 00:00 on 4 April in Beijing
    expect(run("2024-04-04T16:00:00Z")).toBe(false);
  });
});

describe("incremental publishing", () => {
  async function compareWithFull(snap: SiteSnapshot, incDir: string, opts: Partial<PublishOptions>) {
    const fullDir = join(root, "full-" + Math.random().toString(36).slice(2), snap.site.code);
    await publishSite(snap, { ...base, ...opts, outDir: fullDir });
    const a = treeHashes(incDir);
    const b = treeHashes(fullDir);
    const diff = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
    expect(diff).toEqual([]);
    expect(await readManifest(incDir)).toEqual(await readManifest(fullDir));
    rmSync(join(fullDir, ".."), { recursive: true, force: true });
  }

  for (const pagination of ["stable", "classic"] as const) {
    it(`matches a full rebuild byte for byte after publish, edit, withdraw, move and delete (${pagination} pages)`, async () => {
      const opts = { pagination };
      const out = join(root, `inc-${pagination}`, "portal");
      const snap = fixtureSnapshot();
      await publishSite(snap, { ...base, ...opts, outDir: out });
      const doc = (id: string) => snap.documents.find((d) => d.id === id)!;

      // 1. Edit the title of a homepage headline.
      doc("d1").title = "县政府召开第十二次常务会议 研究部署防汛工作";
      doc("d1").version++;
      let r = await applyChanges(snap, ["d1"], { ...base, ...opts, outDir: out });
      expect(r.mode).toBe("incremental");
      expect(r.written).toContain("xwzx/zwyw/202405/t20240506_d1.html");
      expect(r.written).toContain("index.html");
      expect(r.written.length).toBeLessThan(20);
      await compareWithFull(snap, out, opts);

      // 2. Publish new documents into a long column (shifts pages in classic mode, adds an archive block in stable).
      const fresh: Document[] = [];
      for (let i = 0; i < 16; i++) {
        fresh.push({
          id: `new${i}`, version: 1, title: `县农业农村委部署夏收夏种工作（${i + 1}）`, source: "县农业农村委", columnId: "bmdt",
          publishedAt: `2024-05-1${i % 10}T08:${String(10 + i).padStart(2, "0")}:00+08:00`, bodyHtml: "<p>部署夏收夏种。</p>",
        });
      }
      snap.documents.push(...fresh);
      r = await applyChanges(snap, fresh.map((d) => d.id), { ...base, ...opts, outDir: out });
      expect(r.mode).toBe("incremental");
      await compareWithFull(snap, out, opts);

      // 3. Withdraw the policy (its interpretation loses the link; lists and catalogue drop it).
      doc("policy").withdrawn = { at: "2024-05-19T10:00:00+08:00", reason: "文件内容需进一步完善。" };
      doc("policy").version++;
      r = await applyChanges(snap, ["policy"], { ...base, ...opts, outDir: out });
      expect(r.written).toContain("zwgk/zcjd/202404/t20240420_interp.html");
      await compareWithFull(snap, out, opts);

      // 4. Move a document to another column and change its date; delete another one.
      doc("d2").columnId = "bmdt";
      doc("d2").publishedAt = "2024-04-01T09:00:00+08:00";
      snap.documents = snap.documents.filter((d) => d.id !== "tj1");
      r = await applyChanges(snap, ["d2", "tj1"], { ...base, ...opts, outDir: out });
      expect(r.removed).toContain("xwzx/tzgg/202405/t20240505_d2.html");
      expect(r.removed).toContain("zwgk/tjsj/202405/t20240515_tj1.html");
      await compareWithFull(snap, out, opts);

      // 5. A new interpretation names the amended regulation as its partner.
      snap.documents.push({
        id: "interp2", version: 1, title: "《示范县城乡居民医疗救助实施办法》修订解读", source: "县医疗保障局", columnId: "zcjd",
        publishedAt: "2024-05-19T11:00:00+08:00", bodyHtml: "<p>解读。</p>", partnerIds: ["amended"],
      });
      r = await applyChanges(snap, ["interp2"], { ...base, ...opts, outDir: out });
      expect(r.written).toContain("zwgk/zcwj/202203/t20220310_amended.html");
      await compareWithFull(snap, out, opts);
    });
  }

  it("falls back to a full build when the site structure changes", async () => {
    const out = join(root, "inc-structure", "portal");
    const snap = fixtureSnapshot({ traditional: false });
    await publishSite(snap, { ...base, outDir: out });
    const changed = clone(snap);
    changed.columns.find((c) => c.id === "zwyw")!.name = "今日要闻";
    const r = await applyChanges(changed, [], { ...base, outDir: out });
    expect(r.mode).toBe("full");
    expect(r.reason).toBe("site structure changed");
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("今日要闻");
  });
});

describe("atomic builds", () => {
  it("a crash in the middle of a build leaves the previous site intact", async () => {
    const out = join(root, "crash", "portal");
    const snap = fixtureSnapshot({ traditional: false });
    await publishSite(snap, { ...base, outDir: out });
    const before = treeHashes(out);
    const link = readlinkSync(out);
    const edited = clone(snap);
    edited.site.name = "示范县人民政府（改版）";
    let n = 0;
    await expect(
      publishSite(edited, {
        ...base,
        outDir: out,
        onPage: () => {
          if (++n === 30) throw new Error("磁盘已满（模拟）");
        },
      }),
    ).rejects.toThrow("磁盘已满（模拟）");
    expect(readlinkSync(out)).toBe(link);
    expect(treeHashes(out)).toEqual(before);
    // The half-written release was removed; only the live one remains.
    expect(readdirSync(join(root, "crash", ".releases", "portal")).filter((f) => !f.startsWith("."))).toHaveLength(1);
  });

  it("keeps a limited number of releases for rollback", async () => {
    const out = join(root, "keep", "portal");
    const snap = fixtureSnapshot({ traditional: false });
    for (let i = 0; i < 4; i++) await publishSite(snap, { ...base, outDir: out, keepReleases: 2 });
    expect(readdirSync(join(root, "keep", ".releases", "portal")).filter((f) => !f.startsWith("."))).toHaveLength(2);
  });
});

describe("validation and sandbox", () => {
  it("refuses a snapshot that would break the norms, listing every problem", async () => {
    const snap = fixtureSnapshot();
    snap.site.siteIdCode = "12345";
    snap.columns.push({ id: "bad", slugPath: "xxgk", name: "信息公开", columnType: "信息公开目录", sort: 9 });
    snap.documents[0]!.columnId = "nope";
    const err = await publishSite(snap, { ...base, outDir: join(root, "invalid", "portal") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SnapshotError);
    const paths = (err as SnapshotError).issues.map((i) => i.path);
    expect(paths).toContain("site.siteIdCode");
    expect(paths.some((p) => p.endsWith(".slugPath"))).toBe(true);
  });

  it("templates cannot read files outside the theme", () => {
    const snap = fixtureSnapshot({ traditional: false });
    for (const t of ["{% include '../../../../../../etc/passwd' %}", "{% render '/etc/passwd' %}", "{% layout '/etc/hostname' %}x"]) {
      let out: string | undefined;
      try {
        out = previewPage(snap, "404.html", { themeOverrides: { "templates/404.liquid": t } });
      } catch {
        out = undefined;
      }
      expect(out ?? "").not.toMatch(/root:|daemon:/);
    }
    expect(() => previewPage(snap, "404.html", { themeOverrides: { "../../x.liquid": "" } })).toThrow();
  });

  it("previews a page with unsaved template edits", () => {
    const html = previewPage(fixtureSnapshot(), "zh-hant/index.html", {
      now: NOW,
      themeOverrides: { "partials/banners.liquid": "<p class=preview>预览中</p>" },
    });
    expect(html).toContain("預覽中");
  });
});
