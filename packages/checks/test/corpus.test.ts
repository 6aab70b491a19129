/**
 * Every case of the labelled corpus is a test: true findings must be found with the right
 * category (and severity where labelled), and traps — ordinary text that naive engines
 * flag — must produce nothing at all.
 */
import { describe, expect, it } from "vitest";
import { createChecker } from "../src/checker.ts";
import { DEMO_DEPLOYMENT_DIR } from "../src/files/dictionaries.ts";
import { loadCorpus, runCase } from "../scripts/corpus.ts";

const checker = createChecker({ dictionaries: [DEMO_DEPLOYMENT_DIR] });
const cases = loadCorpus();

describe("labelled corpus", () => {
  it("has several hundred cases, a good share of them traps", () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(cases.filter((c) => c.expect.length === 0).length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((c) => [c.id, c.note ?? c.file, c] as const))("%s (%s)", (_id, _note, c) => {
    const result = runCase(checker, c);
    expect({ missed: result.missed, unexpected: result.unexpected.map((f) => `${f.rule} “${f.text}” ${f.severity}`) }).toEqual({
      missed: [],
      unexpected: [],
    });
  });
});
