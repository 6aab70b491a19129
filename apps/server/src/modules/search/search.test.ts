import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, makeSite, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { importStream } from "../content/import.ts";
import { processPublishEvents } from "../publishing/run.ts";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { documents, publishEvents, revisions, searchDocs, searchTitles } from "../../db/schema.ts";
import type { Fields } from "../content/fields.ts";
import { CANDIDATES, COUNT_CAP, FEW, highlight, queryTerms, search, segment } from "./search.ts";
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

describe("search at scale: bounded ranking and capped totals", () => {
  let siteId = "";
  const bodyOnly = COUNT_CAP + 100; // more than the cap and far more than the candidate set
  beforeAll(async () => {
    const unit = await makeUnit(h.svc);
    siteId = (await makeSite(h.svc, unit.id, "big")).id;
    const row = (i: number, title: string, body: string, day: Date, group = "info") => ({
      documentId: randomUUID(),
      siteId,
      columnIds: [],
      type: group === "service" ? "service" : "article",
      group,
      title,
      url: `/big/${i}.html`,
      plain: body,
      segmented: segment(body),
      titleSegmented: segment(title),
      publishedAt: day,
      version: 1,
    });
    const body = "龙潭镇各村开展河长制巡河工作，清理河道垃圾。";
    const rows = Array.from({ length: bodyOnly }, (_, i) => row(i, `龙潭镇第${i}次巡查`, body, new Date(Date.UTC(2025, 0, 1) + i * 3_600_000)));
    // The oldest document of all, and the only ones whose title carries the query.
    rows.push(row(-1, "关于全面推行河长制的实施意见", "各乡镇要建立健全工作机制。", new Date(Date.UTC(2019, 0, 1))));
    rows.push(row(-2, "河长制工作办事指南", "办理流程如下。", new Date(Date.UTC(2019, 0, 2)), "service"));
    for (let i = 0; i < rows.length; i += 500) await h.svc.db.insert(searchDocs).values(rows.slice(i, i + 500));
  });

  it("never lets the candidate cut-off drop a title hit from page 1", async () => {
    expect(bodyOnly).toBeGreaterThan(CANDIDATES);
    const r = await search(h.svc, { q: "河长制", site: "big" });
    expect(r.items.slice(0, 2).map((i) => i.title).sort()).toEqual(["关于全面推行河长制的实施意见", "河长制工作办事指南"]);
    expect(r.items[2]!.title).toMatch(/^龙潭镇第\d+次巡查$/);
    const byDate = await search(h.svc, { q: "河长制", site: "big", sort: "date" });
    expect(byDate.items[0]!.title).toBe(`龙潭镇第${bodyOnly - 1}次巡查`);
  });

  it("caps the total at 1000 and says so, counting each group up to the cap", async () => {
    const r = await search(h.svc, { q: "河长制", site: "big" });
    expect(r.total).toBe(COUNT_CAP);
    expect(r.totalCapped).toBe(true);
    expect(r.totalText).toBe("超过 1000 条");
    expect(r.groups).toEqual({ info: COUNT_CAP, service: 1, interaction: 0 });
    const few = await search(h.svc, { q: "河长制", site: "big", to: "2019-12-31" });
    expect(few).toMatchObject({ total: 2, totalCapped: false, totalText: "2 条", groups: { info: 1, service: 1, interaction: 0 } });
  });

  it("sorts by date the same whether matches are few (sorted) or many (date index walked)", async () => {
    const expected = async (extra: string) =>
      ((await h.svc.db.execute(sql.raw(`select t.document_id as id from search_titles t join sites s on s.id = t.site_id
        where s.code = 'big' and t.fts @@ to_tsquery('simple', '河长制') ${extra} order by t.published_at desc, t.document_id desc`))) as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
    const many = await expected("");
    expect(many.length).toBeGreaterThan(FEW * 2);
    for (const page of [1, 2, 30]) {
      const r = await search(h.svc, { q: "河长制", site: "big", sort: "date", page, pageSize: 20 });
      expect(r.items.map((i) => i.id)).toEqual(many.slice((page - 1) * 20, page * 20));
    }
    const some = await expected("and t.published_at < '2021-01-01'");
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThanOrEqual(FEW);
    const r = await search(h.svc, { q: "河长制", site: "big", sort: "date", to: "2020-12-31", pageSize: 50 });
    expect(r.items.map((i) => i.id)).toEqual(some.slice(0, 50));
    expect((await search(h.svc, { q: "招聘", site: "big", sort: "date" })).items).toEqual([]);
  });

  it("takes the newest title hits the same way when they are many (date index walked)", async () => {
    // Every one of the 1,100 龙潭镇 documents has it in its title: more than five times the candidates.
    const tq = queryTerms("龙潭镇").join(" & ");
    const expected = (await h.svc.db.execute(sql`
      with th as (select t.document_id from search_titles t join sites s on s.id = t.site_id
                   where s.code = 'big' and t.title_fts @@ to_tsquery('simple', ${tq})
                   order by t.published_at desc, t.document_id desc limit ${CANDIDATES})
      select t.document_id as id from th join search_titles t using (document_id)
       order by ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', t.fts, to_tsquery('simple', ${tq}), 1) desc, t.published_at desc, t.document_id desc
       limit 20`)) as unknown as { rows: Array<{ id: string }> };
    expect(expected.rows).toHaveLength(20);
    expect(bodyOnly).toBeGreaterThan(5 * CANDIDATES);
    const r = await search(h.svc, { q: "龙潭镇", site: "big", pageSize: 20 });
    expect(r.items.map((i) => i.id)).toEqual(expected.rows.map((x) => x.id));
  });

  it("pages past the candidate set without repeating or skipping results", async () => {
    const pageSize = 50;
    const seen = new Set<string>();
    for (let page = 1; page <= 6; page++) {
      const r = await search(h.svc, { q: "河长制", site: "big", page, pageSize });
      expect(r.items).toHaveLength(pageSize);
      for (const i of r.items) seen.add(i.id);
    }
    expect(seen.size).toBe(6 * pageSize);
    expect(6 * pageSize).toBeGreaterThan(CANDIDATES);
  });
});

describe("the narrow search rows follow the index", () => {
  /** Rows of search_docs without their search_titles twin, twins without a row, or twins that differ (filters, title vector, full vector). */
  async function outOfStep() {
    const res = (await h.svc.db.execute(sql`
      select count(*)::int as n from ${searchDocs} d full join ${searchTitles} r on r.document_id = d.document_id
       where d.document_id is null or r.document_id is null
          or (d.site_id, d.column_ids, d.type, d."group", d.published_at) is distinct from (r.site_id, r.column_ids, r.type, r."group", r.published_at)
          or r.title_fts is distinct from to_tsvector('simple', left(d.title_segmented, 300))
          or r.fts is distinct from setweight(to_tsvector('simple', d.title_segmented), 'A') || setweight(to_tsvector('simple', d.segmented), 'B')`)) as unknown as { rows: Array<{ n: number }> };
    return res.rows[0]!.n;
  }
  const titleRows = async () => (await h.svc.db.select({ id: searchTitles.documentId }).from(searchTitles)).length;

  it("stays in step through publish, edit and withdrawal", async () => {
    expect(await titleRows()).toBeGreaterThan(COUNT_CAP);
    expect(await outOfStep()).toBe(0);
    const [hit] = (await search(h.svc, { q: "端午节", site: "ss" })).items;
    const [d] = await h.svc.db.select().from(documents).where(eq(documents.id, hit!.id));
    const [live] = await h.svc.db.select().from(revisions).where(eq(revisions.id, d!.liveRevisionId!));

    // Edited: a new live revision with another title; the old words no longer find it.
    const fields = { ...(live!.fields as Fields), title: "关于国庆节放假安排的通知" };
    const [rev] = await h.svc.db.insert(revisions).values({ documentId: d!.id, number: live!.number + 1, fields, text: "", createdBy: live!.createdBy }).returning();
    await h.svc.db.update(documents).set({ liveRevisionId: rev!.id, publicVersion: d!.publicVersion + 1 }).where(eq(documents.id, d!.id));
    await h.svc.db.insert(publishEvents).values({ siteId: d!.siteId, documentId: d!.id, kind: "publish", version: d!.publicVersion + 1 });
    await processPublishEvents(h.svc);
    expect(await outOfStep()).toBe(0);
    expect((await search(h.svc, { q: "端午节", site: "ss" })).total).toBe(0);
    expect((await search(h.svc, { q: "国庆节", site: "ss" })).items.map((i) => i.id)).toEqual([d!.id]);
    expect((await search(h.svc, { q: "国庆节", site: "ss", sort: "date" })).items.map((i) => i.id)).toEqual([d!.id]);

    // Withdrawn: both rows go, and nothing finds it any more.
    const before = await titleRows();
    await h.svc.db.update(documents).set({ state: "withdrawn", publicVersion: d!.publicVersion + 2 }).where(eq(documents.id, d!.id));
    await h.svc.db.insert(publishEvents).values({ siteId: d!.siteId, documentId: d!.id, kind: "withdraw", version: d!.publicVersion + 2 });
    await processPublishEvents(h.svc);
    expect(await titleRows()).toBe(before - 1);
    expect(await outOfStep()).toBe(0);
    expect((await search(h.svc, { q: "国庆节", site: "ss" })).total).toBe(0);
    expect((await search(h.svc, { q: "放假安排", site: "ss", sort: "date" })).items).toEqual([]);
  });

  it("follows bulk writes made straight to search_docs", async () => {
    await h.svc.db.update(searchDocs).set({ group: "interaction" }).where(eq(searchDocs.url, "/big/0.html"));
    expect(await outOfStep()).toBe(0);
    expect((await search(h.svc, { q: "河长制", site: "big" })).groups.interaction).toBe(1);
    await h.svc.db.delete(searchDocs).where(eq(searchDocs.url, "/big/0.html"));
    expect(await outOfStep()).toBe(0);
    expect((await search(h.svc, { q: "河长制", site: "big" })).groups.interaction).toBe(0);
  });

  it("indexes a title of 300 distinct characters (the title vector is bounded to fit its btree entry)", async () => {
    // Random CJK characters do not compress: the whole title's vector would exceed a btree entry.
    let seed = 7;
    const chars = Array.from({ length: 300 }, () => String.fromCodePoint(0x4e00 + ((seed = (seed * 48271) % 2147483647) % 20000)));
    const words = [...chars.map((_, i) => chars.slice(i, i + 2).join("")), ...chars].join(" ");
    const id = randomUUID();
    const [{ siteId }] = (await h.svc.db.select({ siteId: searchDocs.siteId }).from(searchDocs).limit(1)) as [{ siteId: string }];
    await h.svc.db.insert(searchDocs).values({
      documentId: id, siteId, columnIds: [], type: "news", group: "info", title: chars.join(""), url: "/long.html",
      plain: "超长标题测试", segmented: "超长 标题 测试", titleSegmented: words, publishedAt: new Date(), version: 1,
    });
    expect(await outOfStep()).toBe(0);
    // Its last words are still found (through the full vector), as a body hit.
    const last = chars.slice(298).join("");
    expect((await search(h.svc, { q: last })).items.map((i) => i.id)).toContain(id);
    await h.svc.db.delete(searchDocs).where(eq(searchDocs.documentId, id));
  });
});
