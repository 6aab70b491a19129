// A public interaction server in its own process, for the crash test (and by hand): opens the
// database (GOVSITE_CRASH_PGLITE dir, or DATABASE_URL), makes sure a site with a mailbox exists,
// listens on 127.0.0.1 and prints {"port":…,"site":…} on one line. The test kills it with SIGKILL.
import Fastify from "fastify";
import { eq } from "drizzle-orm";
import { openPglite, openPostgres } from "../../db/client.ts";
import { createServices } from "../../services.ts";
import { testConfig } from "../../config/index.ts";
import { seedCalendar } from "../calendar/calendar.ts";
import { systemActor } from "../audit/record.ts";
import { sites, units } from "../../db/schema.ts";
import { registerPublicInteraction } from "../../http/public-interaction.ts";
import { interactionChannels } from "../../db/schema.ts";

const url = process.env.DATABASE_URL;
const dir = process.env.GOVSITE_CRASH_PGLITE;
const database = url ? openPostgres(url) : openPglite(dir);
await database.migrate();
const svc = await createServices(database, testConfig({ databaseUrl: url }));
await seedCalendar(svc, systemActor("崩溃测试"));
let [site] = await svc.db.select().from(sites).where(eq(sites.code, "crash"));
if (!site) {
  const [u] = await svc.db.insert(units).values({ name: "示范县大数据发展中心", shortName: "大数据中心", type: "egov_center", code: "11500000MB0000000X" }).returning();
  [site] = await svc.db.insert(sites).values({ code: "crash", name: "示范县人民政府", kind: "portal", ownerUnitId: u!.id, operatorUnitId: u!.id, domain: "www.shifan.gov.cn", siteIdCode: "5099000001" }).returning();
  await svc.db.insert(interactionChannels).values({ siteId: site!.id, kind: "mailbox", slug: "xzxx", name: "县长信箱", leaderTitle: "县长" });
}
const app = Fastify({ logger: false });
await registerPublicInteraction(app, svc, {
  pow: { maxNumber: Number(process.env.GOVSITE_POW_MAX ?? 2000) },
  writes: { max: Number(process.env.GOVSITE_WRITES_MAX ?? 10), windowMs: Number(process.env.GOVSITE_WRITES_WINDOW_MS ?? 600_000) },
  reads: { max: 1_000_000, windowMs: 60_000 },
});
await app.listen({ host: process.env.GOVSITE_HOST ?? "127.0.0.1", port: Number(process.env.GOVSITE_PORT ?? 0) });
const addr = app.server.address();
process.stdout.write(JSON.stringify({ port: typeof addr === "object" && addr ? addr.port : 0, site: "crash" }) + "\n");
const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
