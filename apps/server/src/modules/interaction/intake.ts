// Group commit for public letters. Every submission waits for the commit that holds it (durable
// before acknowledged), but submissions arriving together share one statement: the whole batch is
// sent as one JSON parameter and a single INSERT … WITH statement spends the challenges, inserts
// the letters (taking their case numbers from the sequence), the screenshots, the `forward` and
// `reply` deadlines, their stage records and the first history entries. A single statement is
// atomic and commits on its own, so a batch costs one round trip and one commit (one WAL flush on
// PostgreSQL) however many letters it holds. That is what lets one public process take hundreds of
// letters a second on embedded PGlite as on PostgreSQL.
//
// A letter whose idempotency key or proof-of-work solution is already taken is not inserted; its
// caller then finds the first case (a retry) or refuses the spent challenge. Should the statement
// fail (a row the database refuses), every letter of the batch is written again on its own, so one
// bad row fails only its own request.
import { randomUUID, createHash } from "node:crypto";
import { getTableColumns } from "drizzle-orm";
import { formatShanghai, type WorkCalendar } from "@govsite/calendar";
import { letters } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError } from "../../lib/errors.ts";

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

/** Letters per statement: bounds the statement's size (and the latency of one batch). */
const MAX_BATCH = 400;

const letterColumns = getTableColumns(letters) as Record<string, { name: string; getSQLType(): string }>;
/** Filled by the statement itself, not by the caller's row. */
const SET_HERE = new Set(["caseNo", "screenshotId"]);

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The batch statement for a given set of letter columns (callers send the same set), prepared
 * once per connection under a name: PostgreSQL then plans it once (a generic plan after the first
 * few runs) instead of planning a nine-part statement for every batch.
 */
interface Statement {
  name: string;
  text: string;
}
const statements = new Map<string, Statement>();
function statementFor(keys: string[]): Statement {
  const sig = keys.join(",");
  let s = statements.get(sig);
  if (s) return s;
  const cols = keys.map((k) => {
    const c = letterColumns[k];
    if (!c) throw new Error(`letters has no column for ${k}`);
    return c;
  });
  const names = cols.map((c) => ident(c.name)).join(", ");
  const defs = cols.map((c) => `${ident(c.name)} ${c.getSQLType()}`).join(", ");
  const text = `with i as (
  select * from json_to_recordset($1::json) as x(_ord int, _pow_key text, _pow_expires timestamptz, _case_prefix text, _file_id uuid, _file_mime text, _file_size int, _file_sha256 text, _file_data text, _event text, _stages json, ${defs})
), s as (
  insert into pow_spent (key, expires_at) select _pow_key, _pow_expires from i on conflict do nothing returning key
), l as (
  insert into letters (${names}, screenshot_id, case_no)
  select ${names}, _file_id, _case_prefix || lpad(nextval('letter_case_seq')::text, 6, '0')
  from i where _pow_key in (select key from s) order by _ord
  on conflict do nothing returning id, case_no
), li as (
  select i.* from i join l on l.id = i.id
), f as (
  insert into interaction_files (id, mime, size, sha256, data_base64)
  select _file_id, _file_mime, _file_size, _file_sha256, _file_data from li where _file_id is not null
), st as (
  select li.id, li.site_id, li.received_at, d.* from li cross join lateral json_to_recordset(li._stages) as d(deadline_id uuid, stage text, workdays int, due_at timestamptz)
), d as (
  insert into deadlines (id, subject_type, subject_id, stage, start_at, workdays, pauses, restart_at, due_at)
  select deadline_id, 'letter', id::text, stage, received_at, workdays, '[]'::jsonb, null, due_at from st
), r as (
  insert into stage_records (subject_type, subject_id, site_id, stage, deadline_id, started_at, due_at)
  select 'letter', id, site_id, stage, deadline_id, received_at, due_at from st
), e as (
  insert into case_events (subject_type, subject_id, at, actor_name, action, summary, public)
  select 'letter', id, received_at, '来信人', 'submitted', _event, true from li order by _ord
)
select id::text as id, case_no from l`;
  const name = `govsite_intake_letters_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
  statements.set(sig, (s = { name, text }));
  return s;
}

type Row = { id: string; case_no: string };
interface PgliteClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}
interface PgPool {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
/** PGlite sessions (one per instance) in which a statement has been prepared. */
const preparedIn = new WeakMap<object, Set<string>>();

/** Runs the batch statement with the batch as its one JSON parameter. */
async function runStatement(svc: Services, st: Statement, json: string): Promise<Row[]> {
  const client = (svc.db as unknown as { $client: unknown }).$client;
  if (svc.database.kind === "postgres") {
    // node-postgres prepares a named query once per pooled connection.
    return (await (client as PgPool).query({ name: st.name, text: st.text, values: [json] })).rows as Row[];
  }
  const pglite = client as PgliteClient;
  let done = preparedIn.get(pglite);
  if (!done) preparedIn.set(pglite, (done = new Set()));
  if (!done.has(st.name)) {
    try {
      await pglite.query(`prepare ${st.name}(json) as ${st.text}`);
    } catch (err) {
      // 42P05: prepared before in this session (by another intake on the same database).
      if ((err as { code?: string }).code !== "42P05") throw err;
    }
    done.add(st.name);
  }
  // EXECUTE takes no bind parameters: the batch goes in as a string literal (standard conforming
  // strings; JSON text has no NUL and only quotes need doubling).
  return (await pglite.query(`execute ${st.name}('${json.replace(/'/g, "''")}')`)).rows as Row[];
}

/**
 * Due times by calendar. A new stage without pauses is due a number of working days after the day
 * it starts (Shanghai time), whatever the hour: one computation per day and length serves every
 * letter of that day. A calendar edit yields a new WorkCalendar, hence a fresh cache.
 */
const dueCache = new WeakMap<WorkCalendar, Map<string, Date | null>>();
function dueOf(cal: WorkCalendar, day: string, start: Date, workdays: number): Date | null {
  let m = dueCache.get(cal);
  if (!m) dueCache.set(cal, (m = new Map()));
  const key = `${day}|${workdays}`;
  let due = m.get(key);
  if (due === undefined) {
    const r = cal.computeDeadline({ start, workdays });
    due = r.status === "running" ? r.due : null;
    if (m.size > 1000) m.clear();
    m.set(key, due);
  }
  return due && new Date(due.getTime());
}

class LetterIntake {
  private queue: Pending[] = [];
  private scheduled = false;
  private running = false;
  constructor(private svc: Services) {}

  submit(item: IntakeItem): Promise<IntakeResult> {
    // PostgreSQL text cannot hold NUL: refused here with a clear message rather than by the database.
    for (const v of Object.values(item.row)) {
      if (typeof v === "string" && v.includes("\u0000")) return Promise.reject(new AppError("VALIDATION_FAILED", "提交内容含有无法识别的控制字符，请删除后重新提交。"));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /**
   * The next batch starts in the check phase, after the pending I/O has been read: the requests
   * that arrived while the previous batch was being written join the next one.
   */
  private schedule() {
    if (this.scheduled || this.running || !this.queue.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain() {
    if (this.running) return;
    this.running = true;
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      await this.settle(batch);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  /** Writes a batch; if the database refuses it, writes each letter alone. */
  private async settle(batch: Pending[]) {
    let results: IntakeResult[];
    try {
      results = await this.write(batch.map((p) => p.item));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      for (const p of batch) await this.settle([p]);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]!));
  }

  private async write(items: IntakeItem[]): Promise<IntakeResult[]> {
    const cal = await this.svc.calendar();
    // Within a batch, the first of two items with the same key or solution wins; the others are
    // not sent (their callers look up the first case once this batch has committed).
    const seenKeys = new Set<string>();
    const seenPow = new Set<string>();
    const candidates = items.map((it) => {
      const first = !seenKeys.has(it.row.idempotencyKey) && !seenPow.has(it.pow.key);
      seenKeys.add(it.row.idempotencyKey);
      seenPow.add(it.pow.key);
      return first;
    });
    const keys = [...new Set(items.flatMap((it) => Object.keys(it.row)))].filter((k) => !SET_HERE.has(k)).sort();
    const dues = new Map<string, Record<string, Date | null>>();
    const records: Array<Record<string, unknown>> = [];
    items.forEach((it, ord) => {
      if (!candidates[ord]) return;
      const received = formatShanghai(it.row.receivedAt);
      const due: Record<string, Date | null> = {};
      const stages = it.stages.map((s) => {
        due[s.stage] = dueOf(cal, received.slice(0, 10), it.row.receivedAt, s.workdays);
        return { deadline_id: randomUUID(), stage: s.stage, workdays: s.workdays, due_at: due[s.stage] };
      });
      dues.set(it.row.id, due);
      const rec: Record<string, unknown> = {
        _ord: ord,
        _pow_key: it.pow.key,
        _pow_expires: it.pow.expiresAt,
        _case_prefix: `HD${received.slice(0, 4)}`,
        _event: it.event.summary,
        _stages: stages,
      };
      if (it.screenshot) {
        rec._file_id = randomUUID();
        rec._file_mime = it.screenshot.mime;
        rec._file_size = it.screenshot.bytes.length;
        rec._file_sha256 = createHash("sha256").update(it.screenshot.bytes).digest("hex");
        rec._file_data = it.screenshot.bytes.toString("base64");
      }
      const row = it.row as Record<string, unknown>;
      for (const k of keys) rec[letterColumns[k]!.name] = row[k] ?? null;
      records.push(rec);
    });
    if (!records.length) return items.map(() => ({ inserted: false as const }));
    const rows = await runStatement(this.svc, statementFor(keys), JSON.stringify(records));
    const caseOf = new Map(rows.map((r) => [r.id, r.case_no]));
    return items.map((it, i) => {
      const caseNo = candidates[i] ? caseOf.get(it.row.id) : undefined;
      return caseNo ? { inserted: true as const, caseNo, dues: dues.get(it.row.id) ?? {} } : { inserted: false as const };
    });
  }
}

const intakes = new WeakMap<Services, LetterIntake>();

/**
 * Queues a letter for the next group commit; resolves once the statement holding it has
 * committed (`inserted: false` when its key or challenge was taken before), rejects if the
 * database refused this letter.
 */
export function intakeLetter(svc: Services, item: IntakeItem): Promise<IntakeResult> {
  let q = intakes.get(svc);
  if (!q) intakes.set(svc, (q = new LetterIntake(svc)));
  return q.submit(item);
}
