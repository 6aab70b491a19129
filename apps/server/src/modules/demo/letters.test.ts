// The demo county's example letters go through the real handling path: two answered and published
// without the writers' personal data, one with its unit, one waiting for the centre.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../db/testing.ts";
import type { Database } from "../../db/client.ts";
import { testConfig } from "../../config/index.ts";
import { createServices, type Services } from "../../services.ts";
import { seedCalendar } from "../calendar/calendar.ts";
import { systemActor } from "../audit/record.ts";
import { letters } from "../../db/schema.ts";
import { publicLetters } from "../interaction/letters.ts";
import { seedDemo } from "./seed.ts";
import { seedDemoLetters } from "./letters.ts";

let database: Database;
let svc: Services;
beforeAll(async () => {
  database = await createTestDatabase();
  svc = await createServices(database, testConfig({ dataDir: `/tmp/govsite-demo-letters-${process.pid}` }));
  await seedCalendar(svc, systemActor("测试"));
  await seedDemo(svc);
}, 240_000);
afterAll(() => database?.close());

describe("demo letters", () => {
  it("are submitted, forwarded, answered and published through the handling path", async () => {
    expect(await seedDemoLetters(svc)).toBe(4);
    const rows = await svc.db.select().from(letters);
    const byStatus = rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
    expect(rows).toHaveLength(4);
    expect(byStatus.received).toBe(1);
    expect(byStatus.forwarded).toBe(1);
    expect(rows.filter((r) => r.publishedAt)).toHaveLength(2);
    const list = await publicLetters(svc, "portal", {});
    expect(list.total).toBe(2);
    const text = JSON.stringify(list.items);
    expect(text).toContain("城南第二小学");
    for (const r of rows) {
      expect(text).not.toContain(r.writerPhone);
      expect(text).not.toContain(r.writerName);
    }
  });
});
