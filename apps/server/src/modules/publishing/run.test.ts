// End to end through the outbox: a change in the database plus its publish event, processPublishEvents,
// files in place — on the warm path (only changed documents loaded, publisher state kept in memory),
// checked against a snapshot built from scratch and a full rebuild of it.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { publishSite, type SiteSnapshot } from "@govsite/publisher";
import { createHarness, makeSite, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { importStream } from "../content/import.ts";
import { columns, documents, publishEvents, revisions } from "../../db/schema.ts";
import { processPublishEvents, siteDir } from "./run.ts";
import { buildSnapshot } from "./snapshot.ts";
import { warmSnapshot } from "./warm.ts";
import type { Fields } from "../content/fields.ts";

const root = `/tmp/govsite-pubrun-${process.pid}`;
let h: Harness;
let siteId: string;
let userId: string;
const NOW = new Date("2026-10-20T02:00:00Z");

beforeAll(async () => {
  h = await createHarness({ config: { publishDir: `${root}/www`, dataDir: root } });
  const unit = await makeUnit(h.svc);
  siteId = (await makeSite(h.svc, unit.id, "wp")).id;
  userId = (await makeUser(h.svc, unit.id, [{ role: "editor", siteId }])).id;
  async function* lines() {
    for (let i = 1; i <= 6; i++) yield JSON.stringify({ column: i % 2 ? "政务要闻" : "通知公告", title: `示范县第${i}条信息`, date: `2026-10-0${i}`, body: [`第${i}条正文。`] });
  }
  await importStream(h.svc, lines(), { siteCode: "wp", actor: { id: userId, name: "x", ip: "" } });
  await processPublishEvents(h.svc);
});
afterAll(async () => {
  await h.close();
  rmSync(root, { recursive: true, force: true });
});

function tree(dir: string, rel = "", out = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${e}` : e;
    if (statSync(path.join(dir, r)).isDirectory()) tree(dir, r, out);
    else out.set(r, createHash("sha256").update(readFileSync(path.join(dir, r))).digest("hex"));
  }
  return out;
}

const byId = (s: SiteSnapshot) => ({ ...s, documents: [...s.documents].sort((a, b) => (a.id < b.id ? -1 : 1)) });

/** The published site equals a full rebuild of a snapshot built from scratch. */
async function expectSameAsFullRebuild(tag: string) {
  const fresh = await buildSnapshot(h.svc.db, siteId);
  const other = path.join(root, `full-${tag}`, "wp");
  await publishSite(fresh, { outDir: other, now: new Date() });
  const a = tree(siteDir(h.svc, "wp"));
  const b = tree(other);
  const diff = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
  expect(diff, tag).toEqual([]);
  return fresh;
}

async function docs() {
  const rows = await h.svc.db.select({ d: documents, rev: revisions }).from(documents).innerJoin(revisions, eq(revisions.id, documents.liveRevisionId)).where(eq(documents.siteId, siteId));
  return rows.sort((x, y) => ((x.rev.fields as Fields).title < (y.rev.fields as Fields).title ? -1 : 1));
}

/** A new live revision of a document, as publishing it does, with its outbox row. */
async function publishRevision(id: string, change: (f: Fields) => Fields, extra: Partial<typeof documents.$inferInsert> = {}) {
  const [d] = await h.svc.db.select().from(documents).where(eq(documents.id, id));
  const [live] = await h.svc.db.select().from(revisions).where(eq(revisions.documentId, id)).orderBy(revisions.number);
  const [rev] = await h.svc.db.insert(revisions).values({ documentId: id, number: 100 + d!.publicVersion, fields: change(live!.fields as Fields), text: "", createdBy: userId }).returning();
  await h.svc.db.update(documents).set({ liveRevisionId: rev!.id, state: "published", publicVersion: d!.publicVersion + 1, ...extra }).where(eq(documents.id, id));
  await h.svc.db.insert(publishEvents).values({ siteId, documentId: id, kind: "publish", version: d!.publicVersion + 1 });
}

describe("publishing from the outbox", () => {
  it("applies edits, new partners, withdrawals and removals on the warm path, as a full rebuild would", async () => {
    const [a, b, c] = await docs();
    // 1. An edited title: only that document is loaded; the published site matches a full rebuild.
    await publishRevision(a!.d.id, (f) => ({ ...f, title: "示范县第1条信息（更正）" }));
    await processPublishEvents(h.svc);
    expect(readFileSync(path.join(siteDir(h.svc, "wp"), "index.html"), "utf8")).toContain("示范县第1条信息（更正）");
    await expectSameAsFullRebuild("edit");

    // 2. B names C as its partner while C is not public: the link is left out. Then C is removed
    //    and published again — B's page must gain and lose the link although only C's events came.
    await publishRevision(b!.d.id, (f) => ({ ...f, partnerIds: [c!.d.id] }));
    await h.svc.db.update(documents).set({ state: "removed" }).where(eq(documents.id, c!.d.id));
    await h.svc.db.insert(publishEvents).values({ siteId, documentId: c!.d.id, kind: "remove", version: 9 });
    await processPublishEvents(h.svc);
    let fresh = await expectSameAsFullRebuild("removed");
    expect(fresh.documents.find((d) => d.id === b!.d.id)!.partnerIds).toEqual([]);
    await publishRevision(c!.d.id, (f) => f);
    await processPublishEvents(h.svc);
    fresh = await expectSameAsFullRebuild("republished");
    expect(fresh.documents.find((d) => d.id === b!.d.id)!.partnerIds).toEqual([c!.d.id]);

    // 3. Withdrawn: the page stays with its banner, lists drop it.
    await h.svc.db.update(documents).set({ state: "withdrawn", takedown: { mode: "withdraw", reason: "内容需更新", notice: "该信息已撤回。", at: NOW.toISOString(), by: "测试" } }).where(eq(documents.id, a!.d.id));
    await h.svc.db.insert(publishEvents).values({ siteId, documentId: a!.d.id, kind: "withdraw", version: 10 });
    await processPublishEvents(h.svc);
    await expectSameAsFullRebuild("withdrawn");

    // The cached snapshot equals one built from scratch.
    const warm = await warmSnapshot(h.svc.db, siteId, []);
    expect(warm.warm).toBe(true);
    expect(byId(warm.snapshot)).toEqual(byId(await buildSnapshot(h.svc.db, siteId)));
  });

  it("reloads the whole site when another process handled events or the columns changed", async () => {
    const [, , , d] = await docs();
    // Another worker published a change and marked its event processed: this process must not miss it.
    await publishRevision(d!.d.id, (f) => ({ ...f, title: "示范县第4条信息（另一进程）" }));
    await h.svc.db.update(publishEvents).set({ processedAt: new Date() }).where(eq(publishEvents.documentId, d!.d.id));
    const w = await warmSnapshot(h.svc.db, siteId, []);
    expect(w.warm).toBe(false);
    expect(w.snapshot.documents.find((x) => x.id === d!.d.id)!.title).toBe("示范县第4条信息（另一进程）");
    expect((await warmSnapshot(h.svc.db, siteId, [])).warm).toBe(true);

    // A column's path changes every document's address: everything is mapped again.
    await h.svc.db.update(columns).set({ slug: "xwzx" }).where(and(eq(columns.siteId, siteId), eq(columns.name, "政务要闻")));
    const moved = await warmSnapshot(h.svc.db, siteId, []);
    expect(moved.warm).toBe(false);
    expect(moved.snapshot.documents.filter((x) => x.urlPath!.startsWith("xwzx/")).length).toBe(3);
  });
});
