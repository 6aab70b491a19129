/**
 * The state shared by the detectors while one text is checked. Detectors read the text,
 * its normalised form and the dictionary matches, and emit findings in text offsets; the
 * engine maps them to the caller's input and adds line and column.
 */
import type { CompiledDictionaries } from "../dictionaries/compile.ts";
import type { Citations } from "../regulations.ts";
import type { Category, CheckContext, Severity } from "../types.ts";
import type { Normalized } from "./normalize.ts";
import type { Segmenter } from "./segmenter.ts";

export interface RawFinding {
  rule: string;
  category: Category;
  severity: Severity;
  /** Offsets into the checked text; or into the HTML source when `inSource` is set. */
  start: number;
  end: number;
  suggestion?: string;
  message: string;
  /** Offsets are already into the original source (used for HTML attributes such as href). */
  inSource?: boolean;
  /** The visible text, when it differs from the slice (set with `inSource`). */
  text?: string;
}

/** One dictionary match, in normalised offsets and in text offsets. */
export interface TermMatch {
  term: number;
  /** Normalised offsets [nStart, nEnd). */
  nStart: number;
  nEnd: number;
  /** Text offsets [start, end). */
  start: number;
  end: number;
}

/** A link target that is not part of the visible text (an HTML href). Offsets into the source. */
export interface LinkTarget {
  url: string;
  start: number;
  end: number;
}

export interface Scan {
  text: string;
  norm: Normalized;
  dictionaries: CompiledDictionaries;
  /** Matches grouped by term kind. */
  matches: Map<number, TermMatch[]>;
  ctx: CheckContext;
  citations: Citations;
  segmenter: Segmenter;
  now: Date;
  /** Link targets from HTML attributes. */
  links: LinkTarget[];
  /** Text ranges inside <a> elements (their href is checked instead of the visible URL). */
  anchors: [number, number][];
  emit(finding: RawFinding): void;
  enabled(category: Category): boolean;
}
