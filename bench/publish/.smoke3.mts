import { publishSite } from "../../packages/publisher/src/index.ts";
import { fixtureSnapshot } from "../../packages/publisher/src/testing/fixture.ts";
for (const compress of [false, true]) {
  const t = performance.now();
  const r = await publishSite(fixtureSnapshot({ traditional: false }), { outDir: "/tmp/pubout/portal", compress, now: new Date("2024-05-20T00:00:00Z") });
  console.log(compress, r.pages, performance.now() - t);
}
