import { publishSite } from "../../packages/publisher/src/index.ts";
import { readFileSync } from "node:fs";
import { snapshotFrom } from "./.lib.mts";
const rows = readFileSync("/tmp/gb-small/corpus.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l));
const snap = snapshotFrom(rows, "p");
let t = performance.now(); let last = t; let n = 0;
const r = await publishSite(snap, { outDir: "/tmp/prof4/p", compress: false, renderWorkers: Number(process.env.RW ?? 1) });
console.log(r.pages, performance.now() - t);
