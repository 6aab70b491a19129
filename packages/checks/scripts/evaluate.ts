/**
 * Precision and recall per category on the labelled corpus (packages/checks/corpus).
 *
 *   npx tsx packages/checks/scripts/evaluate.ts [--verbose]
 *
 * A finding counts as correct when its category, text and (if the case says) severity match
 * an expected one. Traps expect nothing, so anything found in them lowers precision.
 */
import { createChecker } from "../src/checker.ts";
import { DEMO_DEPLOYMENT_DIR } from "../src/files/dictionaries.ts";
import { CATEGORIES, type Category } from "../src/types.ts";
import { loadCorpus, runCase } from "./corpus.ts";

const verbose = process.argv.includes("--verbose");
const checker = createChecker({ dictionaries: [DEMO_DEPLOYMENT_DIR] });
const cases = loadCorpus();
const score = new Map<Category, { tp: number; fp: number; fn: number }>(CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
let traps = 0;
let quietTraps = 0;

for (const c of cases) {
  const r = runCase(checker, c);
  for (const e of r.truePositives) score.get(e.category)!.tp++;
  for (const e of r.missed) score.get(e.category)!.fn++;
  for (const f of r.unexpected) score.get(f.category)!.fp++;
  if (c.expect.length === 0) {
    traps++;
    if (r.found.length === 0) quietTraps++;
  }
  if (verbose && (r.missed.length > 0 || r.unexpected.length > 0)) {
    console.log(`✗ ${c.id} ${JSON.stringify(c.input)}`);
    for (const e of r.missed) console.log(`    漏报 ${e.category} “${e.text}”${e.severity ? ` (${e.severity})` : ""}`);
    for (const f of r.unexpected) console.log(`    误报 ${f.category} ${f.rule} “${f.text}” (${f.severity})`);
  }
}

const pct = (a: number, b: number) => (b === 0 ? "   —  " : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
console.log(`语料 ${cases.length} 例，其中陷阱 ${traps} 例（无任何误报 ${quietTraps} 例）\n`);
console.log("类别        查准率   查全率   正确  误报  漏报");
let all = { tp: 0, fp: 0, fn: 0 };
for (const [category, s] of score) {
  all = { tp: all.tp + s.tp, fp: all.fp + s.fp, fn: all.fn + s.fn };
  console.log(`${category.padEnd(11)} ${pct(s.tp, s.tp + s.fp)}  ${pct(s.tp, s.tp + s.fn)}  ${String(s.tp).padStart(4)}  ${String(s.fp).padStart(4)}  ${String(s.fn).padStart(4)}`);
}
console.log(`${"合计".padEnd(10)} ${pct(all.tp, all.tp + all.fp)}  ${pct(all.tp, all.tp + all.fn)}  ${String(all.tp).padStart(4)}  ${String(all.fp).padStart(4)}  ${String(all.fn).padStart(4)}`);
