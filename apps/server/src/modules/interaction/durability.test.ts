// An acknowledged submission survives a crash right after the response: a server in its own
// process acknowledges a letter with 201 and is killed with SIGKILL at once (no shutdown, no
// flush); the database is then opened again and the letter, its deadlines and its history are there.
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { eq } from "drizzle-orm";
import { openPglite, type Database } from "../../db/client.ts";
import { createTestDatabase } from "../../db/testing.ts";
import { caseEvents, deadlines, letters } from "../../db/schema.ts";
import { letterBody, solveChallenge } from "./testing.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function start(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "crash-server.ts")], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", (line) => resolve({ child, port: JSON.parse(line).port }));
    child.once("exit", (code) => reject(new Error(`server exited early (${code})`)));
  });
}

describe("durability", () => {
  it("finds an acknowledged letter after the server is killed right after the 201", { timeout: 120_000 }, async () => {
    let pg: Database | null = null;
    const env: Record<string, string> = {};
    let dir = "";
    if (process.env.DATABASE_URL) {
      pg = await createTestDatabase();
      env.DATABASE_URL = pg.url!;
    } else {
      dir = mkdtempSync(path.join(tmpdir(), "govsite-crash-"));
      dirs.push(dir);
      env.GOVSITE_CRASH_PGLITE = dir;
    }
    const { child, port } = await start(env);
    const base = `http://127.0.0.1:${port}/api/public`;
    const challenge = await (await fetch(`${base}/challenge`)).json();
    const res = await fetch(`${base}/sites/crash/letters`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "crash-test-key-000000000001" },
      body: JSON.stringify({ ...letterBody(), altcha: solveChallenge(challenge) }),
    });
    const receipt = await res.json();
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect(res.status).toBe(201);

    const db = pg ?? openPglite(dir);
    try {
      const [l] = await db.db.select().from(letters).where(eq(letters.caseNo, receipt.caseNo));
      expect(l?.title).toBe(letterBody().title);
      const dls = await db.db.select().from(deadlines).where(eq(deadlines.subjectId, l!.id));
      expect(dls.map((d) => d.stage).sort()).toEqual(["forward", "reply"]);
      const ev = await db.db.select().from(caseEvents).where(eq(caseEvents.subjectId, l!.id));
      expect(ev.length).toBe(1);
    } finally {
      await db.close();
    }
  });
});
