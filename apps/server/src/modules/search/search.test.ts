import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, makeSite, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { importStream } from "../content/import.ts";
import { processPublishEvents } from "../publishing/run.ts";
import { highlight, queryTerms, search } from "./search.ts";
import { buildPublicApp } from "../../http/public-app.ts";
import { registerPublicInteraction } from "../../http/public-interaction.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ config: { publishDir: `/tmp/govsite-search-${process.pid}/www`, dataDir: `/tmp/govsite-search-${process.pid}` } });
  const unit = await makeUnit(h.svc);
  const site = await makeSite(h.svc, unit.id, "ss");
  const u = await makeUser(h.svc, unit.id, [{ role: "editor", siteId: site.id }]);
  async function* lines() {
    yield JSON.stringify({ column: "政务要闻", title: "示范县召开优化营商环境工作推进会", date: "2026-10-01", body: ["会议部署下一阶段工作。"] });
    yield JSON.stringify({ column: "政务要闻", title: "示范县开展安全生产大检查", date: "2026-10-03", body: ["检查组指出，良好的营商环境离不开安全稳定的生产秩序。"] });
    yield JSON.stringify({ column: "通知公告", title: "关于端午节放假安排的通知", date: "2026-06-01", body: ["放假安排如下。"] });
  }
  await importStream(h.svc, lines(), { siteCode: "ss", actor: { id: u.id, name: u.username, ip: "" } });
  await processPublishEvents(h.svc);
});
afterAll(() => h.close());

describe("site search", () => {
  it("finds Chinese phrases, ranks title hits first and highlights them", async () => {
    const r = await search(h.svc, { q: "营商环境" });
    expect(r.total).toBe(2);
    expect(r.items[0]!.title).toBe("示范县召开优化营商环境工作推进会");
    expect(r.items[0]!.titleHtml).toContain("<em>营商环境</em>");
    expect(r.items[1]!.snippetHtml).toContain("<em>营商环境</em>");
    expect(r.items[0]!.url).toMatch(/^\/ss\/zwyw\/202610\/t20261001_[0-9a-f]{12}\.html$/);
  });

  it("accepts traditional script, filters by date and sorts by date", async () => {
    expect(queryTerms("營商環境")).toContain("营商环境");
    expect((await search(h.svc, { q: "營商環境" })).total).toBe(2);
    expect((await search(h.svc, { q: "营商环境", from: "2026-10-02" })).total).toBe(1);
    const byDate = await search(h.svc, { q: "示范县", sort: "date" });
    expect(byDate.items.map((i) => i.title)[0]).toBe("示范县开展安全生产大检查");
  });

  it("escapes everything but the highlight", () => {
    expect(highlight("<script>营商环境</script>", ["营商环境"])).toBe("&lt;script&gt;<em>营商环境</em>&lt;/script&gt;");
  });

  it("is served by the public role, which serves the published pages too", async () => {
    const app = await buildPublicApp({ publishDir: h.svc.config.publishDir, svc: h.svc, extra: (a) => registerPublicInteraction(a, h.svc) });
    const challenge = await app.inject({ url: "/api/public/challenge" });
    expect(challenge.statusCode, "the interaction API is mounted beside search").toBe(200);
    const res = await app.inject({ url: "/api/public/search?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83" });
    expect(res.json().total).toBe(2);
    const url = res.json().items[0].url as string;
    const page = await app.inject({ url, headers: { host: "www.shifan.gov.cn", "accept-encoding": "br" } });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-encoding"]).toBe("br");
    const bad = await app.inject({ url: "/api/public/search?q=" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("请输入");
    await app.close();
  });
});
