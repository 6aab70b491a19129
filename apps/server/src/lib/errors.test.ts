import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { errorCatalogue } from "./errors.ts";

describe("error catalogue", () => {
  it("is documented in docs/errors.md, code by code, with the same status and message", () => {
    const doc = readFileSync(new URL("../../../../docs/errors.md", import.meta.url), "utf8");
    for (const [code, { status, message }] of Object.entries(errorCatalogue)) {
      expect(doc, code).toContain(`| \`${code}\` | ${status} | ${message} |`);
    }
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(errorCatalogue).sort());
  });
});
