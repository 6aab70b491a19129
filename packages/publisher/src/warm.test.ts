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

async function expectSameAsFull(snap: SiteSnapshot, dir: string) {
  const fullDir = join(root, `full-${Math.random().toString(36).slice(2)}`, snap.site.code);
  await publishSite(snap, { ...base, outDir: fullDir });
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
