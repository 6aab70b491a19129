import { asc, gt } from "drizzle-orm";
import { auditLog } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import { GENESIS, hashEvent } from "./record.ts";

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link does not match, with what is wrong. */
  brokenAt?: { seq: number; reason: string };
}

/** Recomputes the whole chain in pages; any edit, deletion or insertion in the middle shows. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 2000): Promise<ChainReport> {
  // Nothing is ever pruned (retention is "at least" the profile's months), so the chain starts at
  // the genesis hash; removing the oldest entries is caught like any other removal.
  let prev = GENESIS;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(asc(auditLog.seq)).limit(pageSize);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, brokenAt: { seq: r.seq, reason: "与上一条记录的链接不一致（记录被删除或插入）" } };
      const expected = hashEvent(r.prevHash, r);
      if (expected !== r.hash) return { ok: false, checked, brokenAt: { seq: r.seq, reason: "记录内容与其哈希不一致（记录被篡改）" } };
      prev = r.hash;
      lastSeq = r.seq;
      checked++;
    }
  }
  return { ok: true, checked };
}
