// 政民互动 pages of the static site: the channel forms, the query page, the published letters with
// their dates and statistics, incremental re-rendering when letters are published, and the
// proof-of-work solver the browser runs.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyChanges, publishSite, readManifest, SnapshotError, type PublishOptions, type SiteSnapshot } from "./index.ts";
import { toTraditional } from "./hant.ts";
import { fixtureSnapshot, fixtureSubsite } from "./testing/fixture.ts";
import { listFiles, parsePage, treeHashes } from "./testing/site-files.ts";

const NOW = new Date("2024-05-20T04:00:00Z");
const base: Omit<PublishOptions, "outDir"> = { now: NOW, brotliQuality: 4 };
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "govsite-hd-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const letter = (n: number, over: Partial<NonNullable<SiteSnapshot["interaction"]>["letters"][number]> = {}) => ({
  caseNo: `HD2024${String(n).padStart(6, "0")}`,
  channelSlug: "xzxx",
  channelName: "县长信箱",
  title: `关于第${n}号路段积水的问题`,
  content: `某小区门前道路每逢下雨就严重积水。\n希望尽快疏通。`,
  acceptedAt: "2024-05-06",
  repliedAt: "2024-05-15",
  units: ["县住房城乡建委", "县城管局"],
  reply: `您好！您反映的问题已处理。\n感谢您的监督。`,
  ...over,
});

function snapshot(letters = [letter(1)]): SiteSnapshot {
  const s = fixtureSnapshot();
  s.interaction = {
    api: "/api/public",
    channels: [
      { slug: "xzxx", kind: "mailbox", name: "县长信箱", leaderTitle: "县长" },
      { slug: "zixun", kind: "consultation", name: "咨询" },
      { slug: "zhaocuo", kind: "error_report", name: "我为政府网站找错" },
      { slug: "ysqgk", kind: "disclosure", name: "依申请公开" },
      { slug: "zjyj", kind: "solicitation", name: "意见征集" },
    ],
    letters,
    statistics: { from: "2024-01-01", to: "2024-12-31", received: 12, completed: 10, averageWorkdays: 6.5, onTimeShare: 90, satisfactionShare: 95, units: [{ unit: "县住房城乡建委", received: 4, completed: 4, averageWorkdays: 5, onTimeShare: 100 }], note: "按时率说明" },
    disclosureUnits: [{ id: "00000000-0000-4000-8000-000000000001", name: "示范县人民政府办公室" }],
  };
  s.site.interaction = [{ label: "县长信箱", url: "/hd/xzxx/" }];
  s.site.traditional = false; // the traditional tree is covered by the publisher's own tests
  return s;
}

const page = (dir: string, path: string) => readFileSync(join(dir, path), "utf8");

describe("interaction pages", () => {
  it("builds a form per channel posting to the public API, with labels for every field", async () => {
    const out = join(root, "forms");
    await publishSite(snapshot(), { ...base, outDir: out });
    const html = page(out, "hd/xzxx/index.html");
    expect(html).toContain("<title>县长信箱_示范县人民政府</title>");
    expect(parsePage(html).headings.filter((h) => h === 1)).toHaveLength(1);
    expect(html).toContain('data-endpoint="/api/public/sites/portal/letters"');
    expect(html).toMatch(/<input type="hidden" name="channel" value="xzxx">/);
    // Every visible control has a label (or sits in a fieldset with a legend).
    for (const m of html.matchAll(/<(input|textarea|select)\b[^>]*\bid="([^"]+)"/g)) {
      if (/type="hidden"/.test(m[0])) continue;
      expect(html, m[2]).toContain(`for="${m[2]}"`);
    }
    expect(html).toContain("同意公开");
    expect(html).toContain("不同意公开");
    // Scripts and the worker are the theme's own published assets, no third party.
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.some((s) => /\/assets\/hd\.[0-9a-f]+\.js$/.test(s))).toBe(true);
    expect(html).toMatch(/data-worker="\/assets\/pow-worker\.[0-9a-f]+\.js"/);
    expect(html).not.toMatch(/https?:\/\/[^"]*(altcha|captcha|recaptcha|hcaptcha)/i);

    const err = page(out, "hd/zhaocuo/index.html");
    expect(err).toContain('name="pageUrl"');
    expect(err).toContain('name="screenshot"');
    expect(page(out, "hd/zixun/index.html")).not.toContain('name="pageUrl"');

    const app = page(out, "hd/ysqgk/index.html");
    expect(app).toContain('data-endpoint="/api/public/sites/portal/disclosure"');
    for (const f of ["unitId", "identity", "applicantName", "idNumber", "orgCode", "phone", "description", "form", "delivery"]) expect(app, f).toContain(`name="${f}"`);
    expect(app).toContain("示范县人民政府办公室");
    expect(app).toContain('data-when="identity=org"');

    expect(page(out, "hd/zjyj/index.html")).toContain('data-hd-part="solicitation"');
    expect(page(out, "hd/cx.html")).toContain('data-hd="query"');
    const hub = page(out, "hd/index.html");
    expect(hub).toContain('data-endpoint="/api/public/sites/portal/faq"');
    expect(hub).toContain('href="/hd/xzxx/"');
  });

  it("lists published letters with 受理日期, 答复日期, 答复部门, 答复内容 and the statistics", async () => {
    const out = join(root, "list");
    const letters = Array.from({ length: 23 }, (_, i) => letter(23 - i));
    await publishSite(snapshot(letters), { ...base, outDir: out });
    const first = page(out, "hd/lyxd.html");
    for (const k of ["受理日期", "答复日期", "答复部门", "答复内容", "2024-05-06", "2024-05-15", "县住房城乡建委、县城管局", "感谢您的监督。"]) expect(first, k).toContain(k);
    expect(first).toContain("HD2024000023");
    expect(first).not.toContain("HD2024000013");
    expect(first).toContain("公开留言（共 23 件）");
    expect(first).toContain("90%");
    expect(first).toContain('href="/hd/lyxd_1.html"');
    expect(page(out, "hd/lyxd_2.html")).toContain("HD2024000001");
    // Paragraphs of plain text stay text: a hostile title is escaped.
    const out2 = join(root, "list2");
    await publishSite(snapshot([letter(1, { title: "<script>alert(1)</script>积水" })]), { ...base, outDir: out2 });
    const h = page(out2, "hd/lyxd.html");
    expect(h).not.toContain("<script>alert(1)</script>");
    expect(h).toContain("&lt;script&gt;");
    // The homepage links the channels.
    expect(page(out2, "index.html")).toContain('href="/hd/xzxx/"');
  });

  it("re-renders the letter pages incrementally when a letter is published, and removes pages of closed channels", async () => {
    const out = join(root, "incr");
    await publishSite(snapshot([]), { ...base, outDir: out });
    expect(page(out, "hd/lyxd.html")).toContain("暂无公开的留言");
    const r = await applyChanges(snapshot([letter(7)]), { documents: [] }, { ...base, outDir: out });
    expect(r.mode).toBe("incremental");
    expect(r.written).toContain("hd/lyxd.html");
    expect(r.written).not.toContain("hd/ysqgk/index.html");
    expect(page(out, "hd/lyxd.html")).toContain("HD2024000007");
    expect(page(out, "hd/xzxx/index.html")).toContain("HD2024000007");
    const s = snapshot([letter(7)]);
    s.interaction!.channels = s.interaction!.channels.filter((c) => c.slug !== "zixun");
    const r2 = await applyChanges(s, { documents: [] }, { ...base, outDir: out });
    expect(r2.removed).toContain("hd/zixun/index.html");
    expect(existsSync(join(out, "hd/zixun/index.html"))).toBe(false);
  });

  it("refuses channel slugs that are not URL-safe", async () => {
    const s = snapshot();
    s.interaction!.channels.push({ slug: "../x", kind: "mailbox", name: "坏渠道" });
    await expect(publishSite(s, { ...base, outDir: join(root, "bad") })).rejects.toThrow(SnapshotError);
  });
});

describe("举报假冒政府网站 on the portal", () => {
  /** The controls of the page's counterfeit-report form: name → the tag and its attributes. */
  function formFields(html: string) {
    const form = /<form\b[^>]*data-hd="counterfeit"[\s\S]*?<\/form>/.exec(html)?.[0] ?? "";
    return { form, fields: [...form.matchAll(/<(input|textarea|select)\b[^>]*>/g)].map((m) => ({ tag: m[0], name: /\bname="([^"]+)"/.exec(m[0])?.[1], id: /\bid="([^"]+)"/.exec(m[0])?.[1] })) };
  }

  it("is built on every portal, with or without open channels, and linked from the footer and the homepage", async () => {
    const out = join(root, "jm");
    await publishSite(fixtureSnapshot(), { ...base, outDir: out });
    const html = page(out, "hd/jmwz.html");
    expect(html).toContain("<title>举报假冒政府网站_示范县人民政府</title>");
    expect(parsePage(html).headings.filter((h) => h === 1)).toHaveLength(1);
    const { form, fields } = formFields(html);
    expect(form).toContain('data-endpoint="/api/public/counterfeit-reports"');
    expect(form).toMatch(/data-worker="\/assets\/pow-worker\.[0-9a-f]+\.js"/);
    expect(html).toMatch(/<script src="\/assets\/hd\.[0-9a-f]+\.js" defer>/);
    // The fields the API's schema takes, each with a label.
    expect(fields.map((f) => f.name).sort()).toEqual(["contact", "description", "name", "site", "url"]);
    for (const f of fields) expect(form, f.name).toContain(`<label for="${f.id}">`);
    const label = (id: string) => new RegExp(`<label for="${id}">([^<]*)`).exec(form)?.[1]?.trim();
    expect(label("f-url")).toBe("假冒网站网址");
    expect(label("f-description")).toBe("情况说明");
    expect(label("f-contact")).toBe("联系电话或电子邮箱");
    // Required fields carry the marker and a message; optional ones neither.
    for (const id of ["f-url", "f-description"]) {
      expect(form, id).toMatch(new RegExp(`<label for="${id}">[^<]*<span class="req" aria-hidden="true">\\*</span>`));
      expect(fields.find((f) => f.id === id)!.tag).toMatch(/\brequired\b.*data-msg="请/);
    }
    for (const id of ["f-name", "f-contact", "f-site"]) expect(fields.find((f) => f.id === id)!.tag, id).not.toMatch(/\brequired\b/);
    // The browser's limits are the API's (url ≤ 1000, description 5–2000, name ≤ 40, contact ≤ 100).
    const attr = (id: string, a: string) => new RegExp(`\\b${a}="(\\d+)"`).exec(fields.find((f) => f.id === id)!.tag)?.[1];
    expect([attr("f-url", "maxlength"), attr("f-description", "minlength"), attr("f-description", "maxlength"), attr("f-name", "maxlength"), attr("f-contact", "maxlength")]).toEqual(["1000", "5", "2000", "40", "100"]);
    // "It imitates this site" sends this site's code.
    expect(fields.find((f) => f.name === "site")!.tag).toContain('value="portal"');
    // The error summary the script fills, and the receipt it shows.
    expect(form).toContain('<div class="hd-errors" role="alert" tabindex="-1" hidden></div>');
    expect(html).toContain('<section id="hd-receipt" class="hd-receipt" tabindex="-1" aria-live="polite" hidden>');

    const footerLink = '<a href="/hd/jmwz.html">举报假冒政府网站</a>';
    expect(page(out, "index.html")).toContain(footerLink);
    expect(page(out, "xxgk/index.html")).toContain(footerLink);
    // Without open channels there is no 互动交流 hub to lead back to.
    expect(listFiles(out).filter((f) => f.startsWith("hd/"))).toEqual(["hd/jmwz.html", "hd/jmwz.html.br", "hd/jmwz.html.gz"]);
    expect(html).not.toContain('href="/hd/index.html"');

    // With channels, the hub and its side menu link it and it leads back to the hub.
    const out2 = join(root, "jm-hd");
    await publishSite(snapshot(), { ...base, outDir: out2 });
    expect(page(out2, "hd/index.html")).toContain('<a href="/hd/jmwz.html">我要举报</a>');
    expect(page(out2, "hd/xzxx/index.html")).toContain('<li><a href="/hd/jmwz.html">举报假冒政府网站</a></li>');
    expect(page(out2, "hd/jmwz.html")).toMatch(/<li><a href="\/hd\/">互动交流<\/a><\/li>\s*<li><a href="\/hd\/jmwz\.html" aria-current="page">/);

    // A department's or township's site has neither the page nor the link.
    const sub = join(root, "jm-sub");
    await publishSite(fixtureSubsite(), { ...base, outDir: sub });
    expect(listFiles(sub).some((f) => f.includes("jmwz"))).toBe(false);
    expect(page(sub, "index.html")).not.toContain("举报假冒政府网站");
  });

  it("stays identical to a full rebuild when channels open and close incrementally", async () => {
    const out = join(root, "jm-incr", "portal");
    const plain = fixtureSnapshot();
    await publishSite(plain, { ...base, outDir: out });
    const same = async (snap: SiteSnapshot) => {
      const full = join(root, `jm-full-${Math.random().toString(36).slice(2)}`, "portal");
      await publishSite(snap, { ...base, outDir: full });
      const a = treeHashes(out);
      const b = treeHashes(full);
      expect([...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort()).toEqual([]);
      expect(await readManifest(out)).toEqual(await readManifest(full));
    };
    // Nothing changed: the page is not written again.
    let r = await applyChanges(plain, { documents: [] }, { ...base, outDir: out });
    expect(r.mode).toBe("incremental");
    expect(r.written.filter((p) => p.includes("jmwz"))).toEqual([]);
    // Channels open: the hub appears and the page's breadcrumb leads to it (both scripts).
    // (Only the interaction part changes: site settings would make it a full build.)
    const withHd = fixtureSnapshot();
    withHd.interaction = snapshot().interaction;
    r = await applyChanges(withHd, { documents: [] }, { ...base, outDir: out });
    expect(r.mode).toBe("incremental");
    expect(r.written).toEqual(expect.arrayContaining(["hd/index.html", "hd/jmwz.html", "zh-hant/hd/jmwz.html"]));
    await same(withHd);
    // They close again: the hub goes, the page stays.
    const closed = fixtureSnapshot();
    r = await applyChanges(closed, { documents: [] }, { ...base, outDir: out });
    expect(r.mode).toBe("incremental");
    expect(r.removed).toContain("hd/index.html");
    expect(existsSync(join(out, "hd/jmwz.html"))).toBe(true);
    await same(closed);
  });
});

describe("the form script on traditional-script pages", () => {
  it("is a converted copy, so its messages are in traditional script; the pages' own messages are converted too", async () => {
    const out = join(root, "hant");
    const s = snapshot();
    s.site.traditional = true;
    await publishSite(s, { ...base, outDir: out });
    const src = (html: string, name: string) => new RegExp(`<script src="(/assets/${name}\\.[^"]+)"`).exec(html)?.[1];
    for (const path of ["hd/jmwz.html", "hd/xzxx/index.html", "hd/ysqgk/index.html", "hd/cx.html", "hd/index.html"]) {
      const simplified = page(out, path);
      const traditional = page(out, `zh-hant/${path}`);
      expect(src(simplified, "hd"), path).toMatch(/^\/assets\/hd\.[0-9a-f]{10}\.js$/);
      expect(src(traditional, "hd"), path).toMatch(/^\/assets\/hd\.hant\.[0-9a-f]{10}\.js$/);
      // The search and toolbar script too; the proof-of-work worker has no text and is shared.
      expect(src(traditional, "site"), path).toMatch(/^\/assets\/site\.hant\.[0-9a-f]{10}\.js$/);
      expect(/data-worker="([^"]+)"/.exec(traditional)?.[1] ?? null, path).toBe(/data-worker="([^"]+)"/.exec(simplified)?.[1] ?? null);
    }
    const hant = page(out, `.${src(page(out, "zh-hant/hd/jmwz.html"), "hd")}`);
    const simp = page(out, `.${src(page(out, "hd/jmwz.html"), "hd")}`);
    for (const m of ["举报已提交", "正在进行安全验证，请稍候……", "请修改以下内容后再提交：", "网络连接失败，请检查网络后重试。您填写的内容仍保留在页面上。"]) {
      expect(simp, m).toContain(`"${m}"`);
      expect(toTraditional(m), m).not.toBe(m);
      expect(hant, m).toContain(`"${toTraditional(m)}"`);
      expect(hant, m).not.toContain(`"${m}"`);
    }
    expect(hant).toContain('"舉報已提交"');
    // Only Chinese text changed: the code is the same, character for character.
    const code = (t: string) => t.replace(/[^\x00-\x7f]/g, "");
    expect(code(hant)).toBe(code(simp));
    // The messages a page gives the script (shown beside a field) are converted with the page.
    const form = page(out, "zh-hant/hd/jmwz.html");
    expect(form).toContain(`data-msg="${toTraditional("请填写假冒网站的网址")}"`);
    expect(form).toContain(`data-patternmsg="${toTraditional("网址格式不正确，请填写完整网址，例如 http://www.example.com")}"`);
    expect(page(out, "zh-hant/hd/xzxx/index.html")).toContain(`data-msg="${toTraditional("请填写联系电话")}"`);
    // A site without the traditional tree publishes no converted copy.
    expect(listFiles(join(root, "forms")).some((f) => f.includes(".hant."))).toBe(false);
  });
});

describe("the browser's proof-of-work solver", () => {
  const src = readFileSync(new URL("../../../themes/default/assets/pow-worker.js", import.meta.url), "utf8");
  const mod = { exports: {} as { sha256hex(s: string): string; solve(c: { salt: string; challenge: string; maxnumber: number; algorithm?: string }): number } };
  new Function("module", "self", src)(mod, undefined);

  it("computes SHA-256 like node:crypto across block boundaries", () => {
    for (const s of ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(63), "a".repeat(64), "a".repeat(119), "0123456789abcdef?expires=1716180000" + 4711]) {
      expect(mod.exports.sha256hex(s), `length ${s.length}`).toBe(createHash("sha256").update(s).digest("hex"));
    }
  });

  it("finds the ALTCHA number, and reports an unsolvable challenge", () => {
    const salt = "5f2c1a9e0b7d?expires=1716180000";
    const challenge = createHash("sha256").update(`${salt}1234`).digest("hex");
    expect(mod.exports.solve({ salt, challenge, maxnumber: 2000 })).toBe(1234);
    expect(mod.exports.solve({ salt, challenge, maxnumber: 1000 })).toBe(-1);
  });
});
