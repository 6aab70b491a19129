/**
 * Times on public pages are Asia/Shanghai wall-clock time. China has had no daylight saving time
 * since 1991, so a fixed +08:00 offset is exact for every date a government site publishes.
 */
const OFFSET_MS = 8 * 3600_000;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\+08:00$/;

function shanghaiParts(instant: string): { y: string; m: string; d: string; hh: string; mm: string; ss: string } {
  // Fast path: the server writes Asia/Shanghai instants; no Date arithmetic needed.
  const l = LOCAL.exec(instant);
  if (l) return { y: l[1]!, m: l[2]!, d: l[3]!, hh: l[4]!, mm: l[5]!, ss: l[6] ?? "00" };
  const t = Date.parse(instant);
  if (Number.isNaN(t)) throw new Error(`无效的时间：${instant}`);
  const iso = new Date(t + OFFSET_MS).toISOString(); // 2024-05-01T09:30:00.000Z, shifted to +08:00
  return {
    y: iso.slice(0, 4),
    m: iso.slice(5, 7),
    d: iso.slice(8, 10),
    hh: iso.slice(11, 13),
    mm: iso.slice(14, 16),
    ss: iso.slice(17, 19),
  };
}

/** `YYYY-MM-DD HH:MM` — the PubDate format of the national page norms. */
export function pubDate(instant: string): string {
  const p = shanghaiParts(instant);
  return `${p.y}-${p.m}-${p.d} ${p.hh}:${p.mm}`;
}

/** `YYYY-MM-DD` in Asia/Shanghai. */
export function dateOnly(instant: string): string {
  const p = shanghaiParts(instant);
  return `${p.y}-${p.m}-${p.d}`;
}

/** `YYYYMMDD` and `YYYYMM` for article paths. */
export function compactDate(instant: string): { ymd: string; ym: string; y: string } {
  if (instant.length >= 22 && instant.endsWith("+08:00") && instant[4] === "-" && instant[7] === "-" && instant[10] === "T") {
    const y = instant.slice(0, 4);
    const m = instant.slice(5, 7);
    return { ymd: y + m + instant.slice(8, 10), ym: y + m, y };
  }
  const p = shanghaiParts(instant);
  return { ymd: `${p.y}${p.m}${p.d}`, ym: `${p.y}${p.m}`, y: p.y };
}

/** ISO 8601 with +08:00, for <time datetime> and sitemap lastmod. */
export function isoShanghai(instant: string): string {
  const p = shanghaiParts(instant);
  return `${p.y}-${p.m}-${p.d}T${p.hh}:${p.mm}:${p.ss}+08:00`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 822 date for RSS, in +0800. */
export function rfc822(instant: string): string {
  const d = new Date(Date.parse(instant) + OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0800`;
}

/** Today's date `YYYY-MM-DD` in Asia/Shanghai for a given clock. */
export function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function isValidDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}
