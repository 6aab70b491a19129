/**
 * Single-pass normaliser. Produces the folded character codes and, for each of them, the
 * range of original characters it stands for, so that every match maps back to the input.
 *
 * Typed arrays, grown and reused between calls: a checker scans millions of characters in
 * small documents and must not allocate per character or per document.
 */
import { foldTable, isCjk } from "./fold.ts";

export interface Normalized {
  /** Folded character codes; only [0, length) is valid. */
  codes: Uint16Array;
  /** codes[j] comes from original characters [start[j], end[j]). */
  start: Int32Array;
  end: Int32Array;
  length: number;
}

export interface NormalizeOptions {
  /** Collapse runs of the same CJK character ("法法轮轮功" → "法轮功"). */
  collapseRepeats: boolean;
}

export class Normalizer {
  private readonly fold = foldTable();
  private buffer: Normalized = {
    codes: new Uint16Array(1024),
    start: new Int32Array(1024),
    end: new Int32Array(1024),
    length: 0,
  };

  constructor(private readonly options: NormalizeOptions = { collapseRepeats: true }) {}

  /**
   * Normalises `text`. The result is only valid until the next call; callers that need
   * to keep it (none in the engine) must copy.
   */
  normalize(text: string): Normalized {
    const n = text.length;
    if (this.buffer.codes.length < n) {
      const size = Math.max(n, this.buffer.codes.length * 2);
      this.buffer = {
        codes: new Uint16Array(size),
        start: new Int32Array(size),
        end: new Int32Array(size),
        length: 0,
      };
    }
    const { codes, start, end } = this.buffer;
    const fold = this.fold;
    const collapse = this.options.collapseRepeats;
    let j = 0;
    let previous = -1;
    for (let i = 0; i < n; i++) {
      const f = fold[text.charCodeAt(i)]!;
      if (f === 0) continue;
      if (f === previous && collapse && isCjk(f)) {
        end[j - 1] = i + 1;
        continue;
      }
      codes[j] = f;
      start[j] = i;
      end[j] = i + 1;
      j++;
      previous = f;
    }
    this.buffer.length = j;
    return this.buffer;
  }
}

/** Normalises a dictionary term the same way as the text, as a plain array of codes. */
export function normalizeTerm(term: string, collapseRepeats = true): number[] {
  const fold = foldTable();
  const out: number[] = [];
  let previous = -1;
  for (let i = 0; i < term.length; i++) {
    const f = fold[term.charCodeAt(i)]!;
    if (f === 0) continue;
    if (f === previous && collapseRepeats && isCjk(f)) continue;
    out.push(f);
    previous = f;
  }
  return out;
}

/** The normalised codes [from, to) as a string (for segmentation windows and messages). */
export function codesToString(codes: Uint16Array, from: number, to: number): string {
  let s = "";
  // String.fromCharCode.apply on a subarray is fast but limited in argument count; windows are small.
  for (let i = from; i < to; i += 4096) {
    s += String.fromCharCode.apply(null, codes.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
  }
  return s;
}
