import { publishSite } from "../../packages/publisher/src/index.ts";
import { fixtureSnapshot } from "../../packages/publisher/src/testing/fixture.ts";
for (const traditional of [false, true, true]) {
  const t = performance.now();
  const r = await publishSite(fixtureSnapshot({ traditional }), { outDir: "/tmp/pubout/portal", now: new Date("2024-05-20T00:00:00Z") });
  console.log(traditional, r.pages, performance.now() - t);
}
