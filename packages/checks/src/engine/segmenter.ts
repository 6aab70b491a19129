/**
 * Word segmentation, used only around candidate matches to answer one question: does the
 * match start and end on word boundaries? That is what keeps 口交 out of 路口交通 and 大麻
 * out of 大麻烦 without a whitelist entry for every ordinary word.
 *
 * All the questions of one document are asked in a single call (the windows joined by line
 * breaks, which the segmenter never joins across): the native call costs far more than the
 * few characters of each window.
 *
 * jieba's dictionary takes ~0.2 s to load, so it is loaded on the first question, not on import.
 */
import { createRequire } from "node:module";
import type { Jieba } from "@node-rs/jieba";

export interface Segmenter {
  /** Splits text into words; line breaks are never part of a word. */
  cut(text: string): string[];
}

let shared: Segmenter | undefined;

/**
 * The default segmenter: jieba with its dictionary only (HMM off). A match is then rejected
 * only when a real word of the dictionary runs across its edge; HMM would glue unknown
 * characters (typos above all) to their neighbours and hide them.
 */
export function defaultSegmenter(): Segmenter {
  shared ??= loadJieba();
  return shared;
}

function loadJieba(): Segmenter {
  // @node-rs/jieba is CommonJS with a native addon.
  const require = createRequire(import.meta.url);
  const { Jieba: JiebaClass } = require("@node-rs/jieba") as { Jieba: typeof Jieba };
  const { dict } = require("@node-rs/jieba/dict.js") as { dict: Uint8Array };
  let jieba: Jieba | undefined;
  return {
    cut(text: string): string[] {
      jieba ??= JiebaClass.withDict(dict);
      return jieba.cut(text, false);
    },
  };
}

/**
 * Collects "is [from, to) of this window on word boundaries?" questions and answers them
 * all with one segmentation call.
 */
export class BoundaryQuestions {
  private readonly windows: string[] = [];
  private readonly starts: number[] = [];
  private readonly ranges: number[] = [];
  private length = 0;
  private answers: Uint8Array | undefined;

  private readonly either: boolean[] = [];

  /**
   * Registers a question; returns its id for `answer`. With `either`, one aligned edge is
   * enough (for longer terms, where segmentation ambiguity at one edge is likelier than a
   * real word around the whole term).
   */
  ask(window: string, from: number, to: number, either = false): number {
    this.windows.push(window);
    this.starts.push(this.length);
    this.ranges.push(from, to);
    this.either.push(either);
    this.length += window.length + 1;
    this.answers = undefined;
    return this.windows.length - 1;
  }

  get size(): number {
    return this.windows.length;
  }

  answer(segmenter: Segmenter, id: number): boolean {
    if (!this.answers) this.answers = this.resolve(segmenter);
    return this.answers[id] === 1;
  }

  private resolve(segmenter: Segmenter): Uint8Array {
    const joined = this.windows.join("\n");
    const boundary = new Uint8Array(joined.length + 2);
    boundary[0] = 1;
    let offset = 0;
    for (const word of segmenter.cut(joined)) {
      offset += word.length;
      boundary[offset] = 1;
    }
    const out = new Uint8Array(this.windows.length);
    for (let i = 0; i < this.windows.length; i++) {
      const base = this.starts[i]!;
      const atStart = boundary[base + this.ranges[2 * i]!]!;
      const atEnd = boundary[base + this.ranges[2 * i + 1]!]!;
      out[i] = this.either[i] ? atStart | atEnd : atStart & atEnd;
    }
    return out;
  }
}
