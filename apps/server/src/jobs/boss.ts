// pg-boss on whichever database we run on: with PGlite through its `db.executeSql` option (exec for
// parameterless multi-statement SQL, query otherwise), with PostgreSQL through its own pool.
import PgBoss from "pg-boss";
import type { Services } from "../services.ts";
import { logger } from "../lib/logger.ts";
import { jobDefinitions } from "./definitions.ts";

export async function startJobs(svc: Services, opts: { schedule?: boolean } = {}): Promise<PgBoss> {
  const d = svc.database;
  const boss =
    d.kind === "pglite"
      ? new PgBoss({ db: { executeSql: d.executeSql } as never, schedule: opts.schedule ?? true, supervise: true })
      : new PgBoss({ connectionString: d.url!, schedule: opts.schedule ?? true, supervise: true, max: 4 });
  boss.on("error", (err) => logger.error({ err }, "job queue error"));
  await boss.start();
  for (const def of jobDefinitions) {
    await boss.createQueue(def.name);
    await boss.work(def.name, { pollingIntervalSeconds: 2, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) {
        logger.debug({ job: def.name, id: job.id }, "job started");
        await def.handler(svc, job.data as never);
      }
    });
    if (def.cron && (opts.schedule ?? true)) await boss.schedule(def.name, def.cron, {}, { tz: "Asia/Shanghai" });
  }
  return boss;
}
