// Group commit for public letters. Every submission waits for the commit of the transaction that
// holds it (durable before acknowledged), but submissions arriving together share one
// transaction: one round of multi-row inserts instead of a dozen queries each. That is what lets
// one public process take hundreds of letters a second on embedded PGlite as on PostgreSQL.
// A letter whose idempotency key or proof-of-work solution is already taken is not inserted;
// its caller then finds the first case (a retry) or refuses the spent challenge.
import { sql } from "drizzle-orm";
import { caseEvents, deadlines, interactionFiles, letters, powSpent, stageRecords } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { formatShanghai } from "@govsite/calendar";
import { createHash } from "node:crypto";

export type LetterRow = typeof letters.$inferInsert & { id: string; receivedAt: Date; siteId: string };

export interface IntakeItem {
  row: Omit<LetterRow, "caseNo">;
  pow: { key: string; expiresAt: Date };
  stages: Array<{ stage: string; workdays: number }>;
  event: { summary: string };
  screenshot?: { mime: string; bytes: Buffer };
}

export type IntakeResult = { inserted: true; caseNo: string; dues: Record<string, Date | null> } | { inserted: false };

interface Pending {
  item: IntakeItem;
  resolve: (r: IntakeResult) => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 200;

class LetterIntake {
  private queue: Pending[] = [];
  private running = false;
  constructor(private svc: Services) {}

  submit(item: IntakeItem): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain() {
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const results = await this.write(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        batch.forEach((p) => p.reject(err));
      }
    }
    this.running = false;
  }

  private async write(items: IntakeItem[]): Promise<IntakeResult[]> {
    const cal = await this.svc.calendar();
    // Within a batch, the first of two items with the same key or solution wins.
    const seenKeys = new Set<string>();
    const seenPow = new Set<string>();
    const candidates = items.map((it) => {
      const first = !seenKeys.has(it.row.idempotencyKey) && !seenPow.has(it.pow.key);
      seenKeys.add(it.row.idempotencyKey);
      seenPow.add(it.pow.key);
      return first;
    });
    return this.svc.db.transaction(async (tx) => {
      const fresh = items.filter((_, i) => candidates[i]);
      if (!fresh.length) return items.map(() => ({ inserted: false as const }));
      const spent = await tx
        .insert(powSpent)
        .values(fresh.map((it) => it.pow))
        .onConflictDoNothing()
        .returning({ key: powSpent.key });
      const spentNow = new Set(spent.map((s) => s.key));
      const go = fresh.filter((it) => spentNow.has(it.pow.key));
      if (!go.length) return items.map(() => ({ inserted: false as const }));
      const seq = (await tx.execute(sql`select nextval('letter_case_seq')::text as n from generate_series(1, ${go.length})`)) as unknown as { rows: Array<{ n: string }> };
      const rows: Array<typeof letters.$inferInsert> = [];
      for (let i = 0; i < go.length; i++) {
        const it = go[i]!;
        let screenshotId: string | null = null;
        if (it.screenshot) {
          const [f] = await tx
            .insert(interactionFiles)
            .values({ mime: it.screenshot.mime, size: it.screenshot.bytes.length, sha256: createHash("sha256").update(it.screenshot.bytes).digest("hex"), dataBase64: it.screenshot.bytes.toString("base64") })
            .returning({ id: interactionFiles.id });
          screenshotId = f!.id;
        }
        rows.push({ ...it.row, screenshotId, caseNo: `HD${formatShanghai(it.row.receivedAt).slice(0, 4)}${seq.rows[i]!.n.padStart(6, "0")}` });
      }
      const inserted = await tx.insert(letters).values(rows).onConflictDoNothing().returning({ id: letters.id, caseNo: letters.caseNo });
      const byId = new Map(inserted.map((r) => [r.id, r.caseNo]));
      const done = go.filter((it) => byId.has(it.row.id));
      const dues = new Map<string, Record<string, Date | null>>();
      const dlValues = done.flatMap((it) =>
        it.stages.map((s) => {
          const r = cal.computeDeadline({ start: it.row.receivedAt, workdays: s.workdays });
          const due = r.status === "running" ? r.due : null;
          const m = dues.get(it.row.id) ?? {};
          m[s.stage] = due;
          dues.set(it.row.id, m);
          return { subjectType: "letter", subjectId: it.row.id, stage: s.stage, startAt: it.row.receivedAt, workdays: s.workdays, pauses: [], restartAt: null, dueAt: due };
        }),
      );
      if (dlValues.length) {
        const dls = await tx.insert(deadlines).values(dlValues).returning({ id: deadlines.id, subjectId: deadlines.subjectId, stage: deadlines.stage, dueAt: deadlines.dueAt, startAt: deadlines.startAt });
        const siteOf = new Map(done.map((it) => [it.row.id, it.row.siteId]));
        await tx.insert(stageRecords).values(dls.map((d) => ({ subjectType: "letter", subjectId: d.subjectId, siteId: siteOf.get(d.subjectId)!, stage: d.stage, deadlineId: d.id, startedAt: d.startAt, dueAt: d.dueAt })));
        await tx.insert(caseEvents).values(done.map((it) => ({ subjectType: "letter", subjectId: it.row.id, at: it.row.receivedAt, actorName: "来信人", action: "submitted", summary: it.event.summary, public: true })));
      }
      return items.map((it, i) => (candidates[i] && byId.has(it.row.id) ? { inserted: true as const, caseNo: byId.get(it.row.id)!, dues: dues.get(it.row.id) ?? {} } : { inserted: false as const }));
    });
  }
}

const intakes = new WeakMap<Services, LetterIntake>();

/** Queues a letter for the next group commit; resolves once that transaction has committed. */
export function intakeLetter(svc: Services, item: IntakeItem): Promise<IntakeResult> {
  let q = intakes.get(svc);
  if (!q) intakes.set(svc, (q = new LetterIntake(svc)));
  return q.submit(item);
}
