/**
 * Loading and scoring the labelled corpus; shared by scripts/evaluate.ts and the corpus test.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Checker } from "../src/checker.ts";
import type { Category, Finding, Severity } from "../src/types.ts";

export interface CorpusCase {
  id: string;
  input: string;
  html?: boolean;
  documentKind?: string;
  expect: { category: Category; text: string; severity?: Severity }[];
  note?: string;
}

export const CORPUS_DIR = fileURLToPath(new URL("../corpus/", import.meta.url));

export function loadCorpus(dir = CORPUS_DIR): (CorpusCase & { file: string })[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((file) =>
      readFileSync(dir + file, "utf8")
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => ({ ...(JSON.parse(line) as CorpusCase), file })),
    );
}

export interface CaseResult {
  found: Finding[];
  /** Expected findings that were found (same category, text and severity if given). */
  truePositives: CorpusCase["expect"];
  missed: CorpusCase["expect"];
  /** Findings nobody expected. */
  unexpected: Finding[];
}

export function runCase(checker: Checker, c: CorpusCase): CaseResult {
  const ctx = c.documentKind ? { documentKind: c.documentKind } : {};
  const found = c.html ? checker.checkHtml(c.input, ctx) : checker.checkText(c.input, ctx);
  const unmatched = [...found];
  const truePositives: CorpusCase["expect"] = [];
  const missed: CorpusCase["expect"] = [];
  for (const e of c.expect) {
    const i = unmatched.findIndex((f) => f.category === e.category && f.text === e.text && (!e.severity || f.severity === e.severity));
    if (i >= 0) {
      truePositives.push(e);
      unmatched.splice(i, 1);
    } else missed.push(e);
  }
  return { found, truePositives, missed, unexpected: unmatched };
}
