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
