import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createHarness, makeSite, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { importStream } from "../content/import.ts";
import { buildSnapshot } from "./snapshot.ts";
import { documents, media, revisions } from "../../db/schema.ts";

let h: Harness;
let siteId: string;
let userId: string;
beforeAll(async () => {
  h = await createHarness();
  const unit = await makeUnit(h.svc);
  siteId = (await makeSite(h.svc, unit.id, "snap")).id;
  userId = (await makeUser(h.svc, unit.id, [{ role: "editor", siteId }])).id;
  async function* lines() {
    yield JSON.stringify({ column: "政务要闻", title: "已发布的标题", date: "2026-10-01", body: ["正文"] });
  }
  await importStream(h.svc, lines(), { siteCode: "snap", actor: { id: userId, name: "x", ip: "" } });
});
afterAll(() => h.close());

describe("publish snapshot", () => {
  it("carries live revisions only, never a pending draft, and public addresses for body images", async () => {
    const [doc] = await h.svc.db.select().from(documents).where(eq(documents.siteId, siteId));
    const [m] = await h.svc.db.insert(media).values({ sha256: "a".repeat(64), size: 10, mime: "image/png", ext: "png", originalName: "图.png", scan: "clean", uploadedBy: userId }).returning();
    const live = (await h.svc.db.select().from(revisions).where(eq(revisions.id, doc!.liveRevisionId!)))[0]!;
    const [draft] = await h.svc.db
      .insert(revisions)
      .values({ documentId: doc!.id, number: 2, fields: { ...live.fields, title: "未审核的草稿标题", bodyHtml: `<p><img src="/api/media/${m!.id}" alt="图"></p>` }, text: "", createdBy: userId })
      .returning();
    await h.svc.db.update(documents).set({ draftRevisionId: draft!.id }).where(eq(documents.id, doc!.id));
    let snap = await buildSnapshot(h.svc.db, siteId);
    expect(snap.documents.map((d) => d.title)).toEqual(["已发布的标题"]);
    expect(JSON.stringify(snap)).not.toContain("未审核的草稿标题");

    // Once that revision is live, its image points at the public file.
    await h.svc.db.update(documents).set({ liveRevisionId: draft!.id, draftRevisionId: null }).where(eq(documents.id, doc!.id));
    snap = await buildSnapshot(h.svc.db, siteId);
    expect(snap.documents[0]!.bodyHtml).toContain(`/files/${"a".repeat(64)}.png`);
    expect(snap.documents[0]!.bodyHtml).not.toContain("/api/media/");
  });
});
