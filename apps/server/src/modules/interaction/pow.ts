// The human check of the public forms: an ALTCHA proof-of-work challenge (altcha-lib, protocol v1,
// SHA-256). No third-party service and no tracking: the server signs a random challenge with
// HMAC, the browser finds the number that solves it, the server checks the signature, the expiry
// and that the solution is used once (pow_spent, in the same transaction as the submission).
import { createChallenge, extractParams } from "altcha-lib/v1";
import type { Payload } from "altcha-lib/v1/types";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { lt } from "drizzle-orm";
import { powSpent } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { AppError } from "../../lib/errors.ts";
import { now } from "../../lib/clock.ts";

export interface PowOptions {
  /** Upper bound of the secret number: the average work is half of it (default 50 000). */
  maxNumber: number;
  /** Minutes a challenge stays valid: long enough to write a letter (default 60). */
  expiresMinutes: number;
}

export const defaultPowOptions: PowOptions = { maxNumber: 50_000, expiresMinutes: 60 };

/** The HMAC key of the challenges, derived from the server secret (computed once per secret). */
const keys = new Map<string, string>();
function keyOf(svc: Services): string {
  const secret = svc.config.sessionSecret;
  let k = keys.get(secret);
  if (!k) keys.set(secret, (k = createHash("sha256").update(`altcha:${secret}`).digest("hex")));
  return k;
}

export async function issueChallenge(svc: Services, opts: PowOptions = defaultPowOptions) {
  const expires = new Date(now().getTime() + opts.expiresMinutes * 60_000);
  return createChallenge({ hmacKey: keyOf(svc), maxNumber: opts.maxNumber, expires, algorithm: "SHA-256" });
}

export interface AltchaChallenge {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber?: number;
}

/**
 * Finds the number n with sha256(salt + n) = challenge and returns the widget's base64 payload:
 * what the ALTCHA widget does in the browser (demo letters and tests submit through the same check).
 */
export function solveChallenge(c: AltchaChallenge): string {
  const max = c.maxnumber ?? 1_000_000;
  for (let n = 0; n <= max; n++) {
    if (createHash("sha256").update(c.salt + n).digest("hex") === c.challenge) {
      return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature })).toString("base64");
    }
  }
  throw new Error("challenge not solvable");
}

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface VerifiedPow {
  /** Identifies the solved challenge: stored in pow_spent. */
  key: string;
  expiresAt: Date;
}

const failed = (message = "人机验证未通过或已过期，请重新验证后提交。") => new AppError("CHALLENGE_FAILED", message);

/**
 * The widget posts its solution as base64 JSON (scripts may post the object). A submission decodes
 * it once and hands the result to idempotencyKeyOf and verifyPow; unreadable input comes back as it
 * was, for verifyPow to refuse.
 */
export function decodePow(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(Buffer.from(raw, "base64").toString("utf8"));
  } catch {
    return raw;
  }
}

/** Checks a solution (the widget's base64 payload or the decoded object) without spending it. */
export async function verifyPow(svc: Services, raw: unknown): Promise<VerifiedPow> {
  if (!raw) throw failed("请先完成人机验证。");
  const payload = decodePow(raw) as Payload;
  if (!payload || typeof payload !== "object" || typeof payload.signature !== "string" || typeof payload.salt !== "string" || typeof payload.number !== "number") throw failed();
  const expires = Number(extractParams(payload).expires);
  if (!Number.isFinite(expires) || expires * 1000 < now().getTime()) throw failed("人机验证已过期，请重新验证后提交。");
  // Expiry is checked above against the product clock. Then, as altcha-lib's verifySolution does
  // (protocol v1): sha256(salt + number) must be the challenge, and the challenge must carry our
  // HMAC. Done with node:crypto synchronously: WebCrypto's thread-pool round trips cost more than
  // the hashing under load.
  if (payload.algorithm !== "SHA-256") throw failed();
  const challenge = createHash("sha256").update(`${payload.salt}${payload.number}`).digest("hex");
  const signature = createHmac("sha256", keyOf(svc)).update(challenge).digest("hex");
  if (challenge !== payload.challenge || !safeEqual(signature, payload.signature)) throw failed();
  return { key: payload.signature, expiresAt: new Date(expires * 1000) };
}

/** Marks the solution used, inside the submission's transaction; false if it was used before. */
export async function spendPow(tx: DbOrTx, pow: VerifiedPow): Promise<boolean> {
  const rows = await tx.insert(powSpent).values({ key: pow.key, expiresAt: pow.expiresAt }).onConflictDoNothing().returning({ key: powSpent.key });
  return rows.length === 1;
}

/** Forgets spent challenges past their expiry (they can no longer be replayed anyway). */
export async function purgeSpentChallenges(svc: Services): Promise<{ purged: number }> {
  const rows = await svc.db.delete(powSpent).where(lt(powSpent.expiresAt, now())).returning({ key: powSpent.key });
  return { purged: rows.length };
}
