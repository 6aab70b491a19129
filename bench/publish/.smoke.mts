import { publishSite } from "../../packages/publisher/src/index.ts";
import { fixtureSnapshot } from "../../packages/publisher/src/testing/fixture.ts";
const r = await publishSite(fixtureSnapshot(), { outDir: "/tmp/pubout/portal", now: new Date("2024-05-20T00:00:00Z") });
console.log(r);
