// The one source of "now", so tests can move time (session expiry, lockout, deadlines).
let offsetMs = 0;
let frozen: number | null = null;

export function now(): Date {
  return new Date((frozen ?? Date.now()) + offsetMs);
}

export const testClock = {
  advance(ms: number) {
    offsetMs += ms;
  },
  freeze(at: Date) {
    frozen = at.getTime();
    offsetMs = 0;
  },
  reset() {
    offsetMs = 0;
    frozen = null;
  },
};

/** "YYYY-MM-DD HH:MM:SS" in Asia/Shanghai (UTC+8, no daylight saving), for documents and exports. */
export function shanghaiText(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().replace("T", " ").slice(0, 19);
}

/** Today's date in Asia/Shanghai, "YYYY-MM-DD". */
export const shanghaiToday = () => shanghaiText(now()).slice(0, 10);
