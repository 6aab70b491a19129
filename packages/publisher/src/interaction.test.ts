// 政民互动 pages of the static site: the channel forms, the query page, the published letters with
// their dates and statistics, incremental re-rendering when letters are published, and the
// proof-of-work solver the browser runs.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyChanges, publishSite, SnapshotError, type PublishOptions, type SiteSnapshot } from "./index.ts";
import { fixtureSnapshot } from "./testing/fixture.ts";
import { parsePage } from "./testing/site-files.ts";

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
