// What letters and disclosure applications share: 受理编号, 查询码, idempotency of public
// submissions, the case history and small helpers.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { formatShanghai } from "@govsite/calendar";
import { caseEvents, sites, units } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { now } from "../../lib/clock.ts";
import { canonical } from "../audit/record.ts";
import type { SubjectType } from "./stages.ts";

/** Letters without 0/O/1/I/L so a code read over the phone is not mistaken. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/**
 * The 查询码 of a case, derived from its id with the server secret: a retried submission gets the
 * same code back although only the code's hash is stored.
 */
export function queryCodeFor(svc: Services, caseId: string): string {
  const mac = createHmac("sha256", svc.config.sessionSecret).update(`query-code:${caseId}`).digest();
  let out = "";
  for (let i = 0; i < 10; i++) out += CODE_ALPHABET[mac[i]! % CODE_ALPHABET.length];
  return out;
}

/**
 * What is stored of a 查询码: an HMAC with the server secret, so a copy of the database alone does
 * not let anyone try the ~50-bit codes offline.
 */
export const hashCode = (svc: Services, code: string) => createHmac("sha256", svc.config.sessionSecret).update(`query-code-hash:${code.trim().toUpperCase()}`).digest("hex");

/** The plain SHA-256 stored before the HMAC: cases acknowledged then must stay queryable. */
const legacyHashCode = (code: string) => createHash("sha256").update(code.trim().toUpperCase()).digest("hex");

const sameHex = (x: string, y: string) => {
  const a = Buffer.from(x, "hex");
  const b = Buffer.from(y, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
};

export function codeMatches(svc: Services, code: string, hash: string): boolean {
  return sameHex(hashCode(svc, code), hash) || sameHex(legacyHashCode(code), hash);
}

export const payloadHash = (payload: unknown) => createHash("sha256").update(canonical(payload)).digest("hex");

export async function nextCaseNo(tx: DbOrTx, kind: "letter" | "disclosure", at: Date): Promise<string> {
  const seq = kind === "letter" ? "letter_case_seq" : "disclosure_case_seq";
  const r = (await tx.execute(sql.raw(`select nextval('${seq}') as n`))) as unknown as { rows: Array<{ n: string | number }> };
  const n = Number(r.rows[0]!.n);
  return `${kind === "letter" ? "HD" : "YS"}${formatShanghai(at).slice(0, 4)}${String(n).padStart(6, "0")}`;
}

/** Thrown inside a submission's transaction when its solved challenge was already spent. */
export class SpentChallenge extends Error {}

/**
 * After a submission's transaction failed: a concurrent twin (same key) may have committed first.
 * Returns its receipt when so; otherwise rethrows (a spent challenge as CHALLENGE_FAILED).
 */
export async function twinOrThrow<T>(err: unknown, existing: () => Promise<T | null>): Promise<T> {
  if (err instanceof SpentChallenge || uniqueViolation(err)) {
    const first = await existing();
    if (first) return first;
  }
  if (err instanceof SpentChallenge) throw new AppError("CHALLENGE_FAILED", "该人机验证已使用过，请重新验证后提交。");
  throw err;
}

/** A unique-key violation, whichever driver raised it (drizzle wraps the driver's error). */
export function uniqueViolation(err: unknown): string | null {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown; message?: string } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (e.code === "23505") return e.constraint ?? e.message ?? "unique";
  }
  return null;
}

export async function addEvent(tx: DbOrTx, e: { subjectType: SubjectType; subjectId: string; actorId?: string | null; actorName: string; unitId?: string | null; action: string; summary: string; public?: boolean; at?: Date }) {
  await tx.insert(caseEvents).values({ subjectType: e.subjectType, subjectId: e.subjectId, at: e.at ?? now(), actorId: e.actorId ?? null, actorName: e.actorName, unitId: e.unitId ?? null, action: e.action, summary: e.summary, public: e.public ?? false });
}

export async function eventsOf(db: DbOrTx, subjectType: SubjectType, subjectId: string, publicOnly = false) {
  const rows = await db.select().from(caseEvents).where(sql`${caseEvents.subjectType} = ${subjectType} and ${caseEvents.subjectId} = ${subjectId}${publicOnly ? sql` and ${caseEvents.public}` : sql``}`).orderBy(caseEvents.seq);
  return rows.map((r) => ({ at: formatShanghai(r.at), actorName: publicOnly ? undefined : r.actorName, action: r.action, summary: r.summary }));
}

export async function siteByCode(db: DbOrTx, code: string) {
  const [s] = await db.select().from(sites).where(eq(sites.code, code));
  if (!s || !["running"].includes(s.status)) throw notFound("站点");
  return s;
}

export async function unitNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const uniq = [...new Set(ids.filter(Boolean))];
  if (!uniq.length) return new Map();
  const rows = await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, uniq));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function conflictKey() {
  return new AppError("CONFLICT", "该提交标识已用于另一份内容，请刷新页面后重新填写提交。");
}

export const fmt = (d: Date | null | undefined) => (d ? formatShanghai(d) : null);
export const fmtDay = (d: Date | null | undefined) => (d ? formatShanghai(d).slice(0, 10) : null);
