// The warm incremental publisher: state kept between applyChanges calls must never make the output
// differ from a full rebuild, and must be dropped whenever the files on disk moved on without it.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyChanges, publishSite, readManifest, type Document, type PublishOptions, type SiteSnapshot } from "./index.ts";
import { ShardedMap } from "./sharded.ts";
import { fixtureSnapshot } from "./testing/fixture.ts";
import { treeHashes } from "./testing/site-files.ts";

const NOW = new Date("2024-05-20T04:00:00Z");
const base: Omit<PublishOptions, "outDir"> = { now: NOW, brotliQuality: 4 };
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "govsite-warm-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function expectSameAsFull(snap: SiteSnapshot, dir: string, opts: Omit<PublishOptions, "outDir"> = base) {
  const fullDir = join(root, `full-${Math.random().toString(36).slice(2)}`, snap.site.code);
  await publishSite(snap, { ...opts, outDir: fullDir });
  const a = treeHashes(dir);
  const b = treeHashes(fullDir);
  expect([...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k))).toEqual([]);
  expect(await readManifest(dir)).toEqual(await readManifest(fullDir));
}

const article = (i: number, columnId = "zwyw"): Document => ({
  id: `w${i}`, version: 1, title: `县政府常务会议研究第${i}项工作`, source: "县政府办公室", columnId,
  publishedAt: `2024-05-1${i % 10}T10:${String(10 + i).padStart(2, "0")}:00+08:00`, bodyHtml: "<p>会议研究了近期工作。</p>",
});

describe("warm incremental publishing", () => {
  it("keeps its state between calls and drops it when another writer, a full build or a failure intervened", async () => {
    const out = join(root, "site", "portal");
    const snap = fixtureSnapshot({ traditional: false });
    await publishSite(snap, { ...base, outDir: out });

    // First call loads from disk, the next ones reuse the warm state.
    snap.documents.push(article(1));
    let r = await applyChanges(snap, ["w1"], { ...base, outDir: out });
    expect(r.warm).toBe(false);
    for (let i = 2; i <= 4; i++) snap.documents.push(article(i, i % 2 ? "zwyw" : "bmdt"));
    r = await applyChanges(snap, ["w2", "w3", "w4"], { ...base, outDir: out });
    expect(r.warm).toBe(true);
    // Edit in place, move between columns, delete: indexes patched, not rebuilt.
    snap.documents.find((d) => d.id === "w2")!.title = "县政府常务会议研究第2项工作（更正）";
    snap.documents.find((d) => d.id === "w3")!.columnId = "bmdt";
    snap.documents = snap.documents.filter((d) => d.id !== "w4");
    r = await applyChanges(snap, ["w2", "w3", "w4"], { ...base, outDir: out });
    expect(r.warm).toBe(true);
    await expectSameAsFull(snap, out);

    // Another writer (here: another snapshot object, as another process would) changes the record:
    // the warm state of the first is stale and must not be used.
    const other = structuredClone(snap);
    other.documents.push(article(5));
    await applyChanges(other, ["w5"], { ...base, outDir: out });
    snap.documents.push(article(5), article(6));
    r = await applyChanges(snap, ["w6"], { ...base, outDir: out });
    expect(r.warm).toBe(false);
    await expectSameAsFull(snap, out);

    // A full build switches to a new release: cold again.
    await publishSite(snap, { ...base, outDir: out });
    snap.documents.push(article(7));
    r = await applyChanges(snap, ["w7"], { ...base, outDir: out });
    expect(r.warm).toBe(false);

    // A failure in the middle leaves the warm state unusable: the next call starts from disk.
    snap.documents.push(article(8));
    await expect(
      applyChanges(snap, ["w8"], {
        ...base,
        outDir: out,
        onPage: () => {
          throw new Error("磁盘已满（模拟）");
        },
      }),
    ).rejects.toThrow("磁盘已满");
    r = await applyChanges(snap, ["w8"], { ...base, outDir: out });
    expect(r.warm).toBe(false);
    await expectSameAsFull(snap, out);
  });

  for (const pagination of ["stable", "classic"] as const) {
    it(`skips re-signing unchanged list pages and still matches a full rebuild (${pagination} pages)`, async () => {
      // Small pages so 部门动态 has many archive pages; every step runs on the warm path, where list
      // pages whose documents did not change are not signed again.
      const opts = { ...base, pageSize: 5, pagination };
      const out = join(root, `skip-${pagination}`, "portal");
      const snap = fixtureSnapshot({ traditional: false });
      await publishSite(snap, { ...opts, outDir: out });
      const doc = (id: string) => snap.documents.find((d) => d.id === id)!;
      const listing = () =>
        snap.documents
          .filter((d) => d.columnId === "bmdt" && !d.withdrawn && !d.redirectTo)
          .sort((a, b) => (b.pin ?? 0) - (a.pin ?? 0) || Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || (a.id < b.id ? -1 : 1));
      const apply = async (ids: string[]) => {
        const r = await applyChanges(snap, ids, { ...opts, outDir: out });
        expect(r.mode).toBe("incremental");
        await expectSameAsFull(snap, out, opts);
        return r;
      };
      await apply([]); // warms up: signs every page once
      const art = (i: number, publishedAt: string): Document => ({ ...article(100 + i, "bmdt"), publishedAt });

      // Appends, one by one across a block boundary (stable: the head page, then a new archive page).
      for (let i = 0; i < 6; i++) {
        snap.documents.push(art(i, `2024-06-0${1 + i}T09:00:00+08:00`));
        const r = await apply([`w${100 + i}`]);
        expect(r.warm).toBe(true);
        if (pagination === "stable") expect(r.written.filter((p) => p.startsWith("xwzx/bmdt/index_")).length).toBeLessThanOrEqual(2);
      }
      // Title edit of a document on an old archive page: only that page among the column's lists.
      const oldest = listing().at(-1)!;
      oldest.title += "（更正）";
      let r = await apply([oldest.id]);
      if (pagination === "stable") {
        expect(r.written).toContain("xwzx/bmdt/index_1.html");
        expect(r.written).not.toContain("xwzx/bmdt/index.html");
      }
      // Withdrawal of an archive-page document (later blocks shift), a back-dated insertion, a pin.
      const mid = listing()[Math.floor(listing().length / 2)]!;
      mid.withdrawn = { at: "2024-06-10T10:00:00+08:00", reason: "内容有误。" };
      await apply([mid.id]);
      snap.documents.push(art(10, "2023-01-02T08:00:00+08:00"));
      await apply(["w110"]);
      const pinned = listing().at(-3)!;
      pinned.pin = 1;
      await apply([pinned.id]);
      // Move an archive-page document to another column, change another's date, delete a third.
      const moved = listing().at(-5)!;
      moved.columnId = "zwyw";
      const redated = listing().at(-8)!;
      redated.publishedAt = "2024-06-20T09:00:00+08:00";
      const gone = listing().at(-2)!;
      snap.documents = snap.documents.filter((d) => d !== gone);
      await apply([moved.id, redated.id, gone.id]);
      // Catalogue fields and the sitemap's lastmod change without the list order changing.
      doc("amended").disclosure!.docNo = "示府发〔2022〕3号";
      doc("tj1").updatedAt = "2024-05-19T08:00:00+08:00";
      r = await apply(["amended", "tj1"]);
      expect(r.warm).toBe(true);
    });
  }

  it("keeps a page and its precompressed variants in one manifest shard", async () => {
    const dir = join(root, "shards");
    const map = ShardedMap.create<{ n: number }>(dir);
    for (let i = 0; i < 3000; i++) for (const ext of ["", ".gz", ".br"]) await map.set(`lm1/p${i}.html${ext}`, { n: i });
    const index = await map.save();
    expect(index.scheme).toBe(2);
    expect(index.count).toBe(16);
    const shardOf = new Map<string, string>();
    for (const f of readdirSync(dir)) for (const p of Object.keys(JSON.parse(readFileSync(join(dir, f), "utf8")) as object)) shardOf.set(p, f);
    expect(shardOf.size).toBe(9000);
    expect(new Set(shardOf.values()).size).toBe(16);
    for (let i = 0; i < 3000; i++) {
      expect(shardOf.get(`lm1/p${i}.html.gz`)).toBe(shardOf.get(`lm1/p${i}.html`));
      expect(shardOf.get(`lm1/p${i}.html.br`)).toBe(shardOf.get(`lm1/p${i}.html`));
    }
    // Reopened from its index, a key is found in its shard; an update rewrites only that shard.
    const again = ShardedMap.open<{ n: number }>(dir, index);
    expect(await again.get("lm1/p1234.html.br")).toEqual({ n: 1234 });
    await again.set("lm1/p1234.html.br", { n: -1 });
    const after = await again.save();
    expect(after.shards.filter((s, i) => s.sha256 !== index.shards[i]!.sha256)).toHaveLength(1);
  });
});
