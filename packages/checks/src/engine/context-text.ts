/** Small helpers for looking at the text around a match. */

/** Start of the line containing `index`. */
export function lineStart(text: string, index: number): number {
  const nl = text.lastIndexOf("\n", index - 1);
  return nl + 1;
}

/** End of the line containing `index` (exclusive, before the newline). */
export function lineEnd(text: string, index: number): number {
  const nl = text.indexOf("\n", index);
  return nl < 0 ? text.length : nl;
}

/** The `count` characters before `index` on the same line. */
export function before(text: string, index: number, count: number): string {
  return text.slice(Math.max(lineStart(text, index), index - count), index);
}

/** The `count` characters after `index` on the same line. */
export function after(text: string, index: number, count: number): string {
  return text.slice(index, Math.min(lineEnd(text, index), index + count));
}

export function isCjkChar(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/**
 * Where `term` is written, exactly, within the original span of a match. Repeated characters
 * are collapsed by normalisation, so the span of "扶贫办" in "扶贫办办理" covers "扶贫办办";
 * exact kinds (typos, names, formulations) use the term's own characters.
 */
export function exactSpan(text: string, start: number, end: number, term: string): [number, number] | undefined {
  const at = text.indexOf(term, start);
  return at >= 0 && at + term.length <= end ? [at, at + term.length] : undefined;
}
