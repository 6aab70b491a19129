// Audit events are written in the same transaction as the change they describe, chained by hash:
// hash = sha256(prevHash + canonical JSON of the event). An advisory lock serialises writers so
// the chain never forks. `verifyAuditChain` recomputes it; the table itself refuses UPDATE/DELETE.
import { desc, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import { auditLog } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import { now } from "../../lib/clock.ts";

export const GENESIS = "0".repeat(64);

/** Who did it, from where. `system` for jobs and the CLI. */
export interface AuditActor {
  id: string | null;
  name: string;
  ip: string;
}

export const systemActor = (name = "系统"): AuditActor => ({ id: null, name, ip: "" });

export interface AuditEvent {
  action: string;
  targetType?: string;
  targetId?: string;
  summary?: string;
  before?: unknown;
  after?: unknown;
}

type Row = typeof auditLog.$inferSelect;

export function canonical(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function hashEvent(prevHash: string, r: Omit<Row, "seq" | "hash" | "prevHash">): string {
  const body = canonical({
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorName: r.actorName,
    ip: r.ip,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    summary: r.summary,
    before: r.before ?? null,
    after: r.after ?? null,
  });
  return createHash("sha256").update(prevHash).update(body).digest("hex");
}

/** Values that must never reach the log in clear. */
const SECRET_KEYS = new Set(["password", "passwordHash", "totpSecret", "newPassword", "currentPassword", "temporaryPassword", "tokenHash", "csrfToken"]);

function scrub(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEYS.has(k) ? "[已隐藏]" : scrub(v);
    }
    return out;
  }
  return value;
}

export async function recordAudit(tx: DbOrTx, actor: AuditActor, event: AuditEvent): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(4242001)`);
  const last = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const prevHash = last[0]?.hash ?? GENESIS;
  const row = {
    at: now(),
    actorId: actor.id,
    actorName: actor.name,
    ip: actor.ip,
    action: event.action,
    targetType: event.targetType ?? "",
    targetId: event.targetId ?? "",
    summary: event.summary ?? "",
    before: scrub(event.before) ?? null,
    after: scrub(event.after) ?? null,
  };
  // Round-trip through JSON so the hash is computed over exactly what jsonb will return.
  row.before = row.before === null ? null : JSON.parse(JSON.stringify(row.before));
  row.after = row.after === null ? null : JSON.parse(JSON.stringify(row.after));
  await tx.insert(auditLog).values({ ...row, prevHash, hash: hashEvent(prevHash, row) });
}
