// Test databases: a fresh in-memory PGlite, or a fresh database on the PostgreSQL server named by
// DATABASE_URL (created here, dropped on close), so test files never see each other's rows.
import pg from "pg";
import { randomBytes } from "node:crypto";
import { openPglite, openPostgres, type Database } from "./client.ts";

export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const d = openPglite();
    await d.migrate();
    return d;
  }
  const name = `govsite_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const d = openPostgres(u.toString());
  await d.migrate();
  const close = d.close;
  d.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  return d;
}
