import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createHarness, makeSite, makeUnit, makeUser, type Harness } from "../../testing/harness.ts";
import { importStream } from "./import.ts";
import { columns, documents, reviews } from "../../db/schema.ts";

let h: Harness;
let siteCode: string;
let actor: { id: string; name: string; ip: string };
beforeAll(async () => {
  h = await createHarness();
  const unit = await makeUnit(h.svc);
  siteCode = (await makeSite(h.svc, unit.id, "imp")).code;
  const u = await makeUser(h.svc, unit.id, [{ role: "system_admin" }]);
  actor = { id: u.id, name: u.username, ip: "" };
});
afterAll(() => h.close());

async function* lines(...xs: string[]) {
  yield* xs;
}

describe("import", () => {
  it("imports articles, creating missing columns, each with a recorded 迁移导入 review", async () => {
    const r = await importStream(
      h.svc,
      lines(
        JSON.stringify({ column: "政务要闻", title: "示范县召开常务会议", date: "2024-05-01", body: ["会议研究了有关事项。", "会议要求……"] }),
        "",
        JSON.stringify({ column: "通知公告", title: "关于端午节放假的通知", date: "2024-06-01 10:30", body: ["<script>x</script>放假安排如下。"] }),
      ),
      { siteCode, actor },
    );
    expect(r).toEqual({ imported: 2, columnsCreated: 2 });
    const docs = await h.svc.db.select().from(documents);
    expect(docs.every((d) => d.state === "published" && d.liveRevisionId && d.indexNo)).toBe(true);
    expect(docs.map((d) => d.firstPublishedAt!.toISOString()).sort()).toEqual(["2024-05-01T01:00:00.000Z", "2024-06-01T02:30:00.000Z"]);
    const rv = await h.svc.db.select().from(reviews).where(eq(reviews.documentId, docs[0]!.id));
    expect(rv[0]!.status).toBe("approved");
    const cols = await h.svc.db.select().from(columns).where(eq(columns.name, "通知公告"));
    expect(cols[0]!.slug).toBe("tzgg");
  });

  it("names the bad line and changes nothing", async () => {
    const before = (await h.svc.db.select({ n: sql<number>`count(*)::int` }).from(documents))[0]!.n;
    const bad = importStream(
      h.svc,
      lines(JSON.stringify({ column: "政务要闻", title: "好的一行", date: "2024-05-02", body: ["正文"] }), JSON.stringify({ column: "政务要闻", title: "", date: "2024-13-45", body: [] })),
      { siteCode, actor },
    );
    await expect(bad).rejects.toThrow(/第 2 行/);
    await expect(importStream(h.svc, lines("{not json"), { siteCode, actor })).rejects.toThrow(/第 1 行：不是有效的 JSON/);
    expect((await h.svc.db.select({ n: sql<number>`count(*)::int` }).from(documents))[0]!.n).toBe(before);
  });
});
