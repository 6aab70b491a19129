// The database: embedded PGlite (files under the data directory) unless DATABASE_URL names a
// PostgreSQL server. Both speak the same dialect; the rest of the code sees one Drizzle type.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: operations accept both. */
export type DbOrTx = Db | Tx;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export interface Database {
  kind: "pglite" | "postgres";
  db: Db;
  /** For pg-boss's `db` option: run SQL on this same database. */
  executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
  /** Connection string for pg-boss when on a server. */
  url?: string;
  /**
   * On a server: a small second pool whose sessions never choose a sequential scan
   * (`enable_seqscan = off`), for statements that must read through their indexes (search).
   * Absent on PGlite, where such statements set it in a transaction instead.
   */
  indexed?: Db;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function openPglite(dataDir?: string): Database {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    executeSql: async (text, values) => {
      // pg-boss sends multi-statement scripts without parameters: those need exec().
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const r = await client.query(text, values as unknown[]);
      return { rows: r.rows };
    },
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}

export function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", () => {
    /* a dropped idle connection is replaced on next use */
  });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const indexedPool = new pg.Pool({ connectionString: url, max: 4, options: "-c enable_seqscan=off" });
  indexedPool.on("error", () => {
    /* as above */
  });
  return {
    kind: "postgres",
    db,
    url,
    indexed: drizzlePg(indexedPool, { schema }) as unknown as Db,
    executeSql: async (text, values) => {
      const r = await pool.query(text, values as unknown[]);
      return { rows: r.rows };
    },
    migrate: () => migratePg(db as never, { migrationsFolder }),
    ping: async () => {
      await pool.query("select 1");
    },
    close: async () => {
      await Promise.all([pool.end(), indexedPool.end()]);
    },
  };
}

export function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Database {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(path.join(opts.dataDir, "pglite"));
}
