import { publishSite } from "../../packages/publisher/src/index.ts";
import { fixtureSnapshot } from "../../packages/publisher/src/testing/fixture.ts";
import * as fs from "node:fs/promises";
const origRename = fs.rename;
for (const compress of [false, false, true]) {
  let pages = 0; let t0 = performance.now(); let first = 0, last = 0;
  const r = await publishSite(fixtureSnapshot({ traditional: false }), { outDir: "/tmp/pubout/portal", compress, now: new Date("2024-05-20T00:00:00Z"),
    onPage: () => { if (!pages++) first = performance.now() - t0; last = performance.now() - t0; } });
  console.log(compress, r.pages, 'first page at', first.toFixed(0), 'last page at', last.toFixed(0), 'total', (performance.now() - t0).toFixed(0));
}
