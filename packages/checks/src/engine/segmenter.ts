/**
 * Word segmentation, used only around candidate matches to answer one question: does the
 * match start and end on word boundaries? That is what keeps 口交 out of 路口交通 and 大麻
 * out of 大麻烦 without a whitelist entry for every ordinary word.
 *
 * jieba's dictionary takes ~0.2 s to load, so it is loaded on the first question, not on import.
 */
import { createRequire } from "node:module";
import type { Jieba } from "@node-rs/jieba";

export interface Segmenter {
  /** Splits a short window of text into words. */
  cut(text: string): string[];
}

let shared: Segmenter | undefined;

/** The default segmenter: jieba with HMM on, so unknown names stay in one piece. */
export function defaultSegmenter(): Segmenter {
  shared ??= loadJieba();
  return shared;
}

function loadJieba(): Segmenter {
  // @node-rs/jieba is CommonJS with a native addon; require keeps it out of ESM resolution quirks.
  const require = createRequire(import.meta.url);
  const { Jieba: JiebaClass } = require("@node-rs/jieba") as { Jieba: typeof Jieba };
  const { dict } = require("@node-rs/jieba/dict.js") as { dict: Uint8Array };
  let jieba: Jieba | undefined;
  return {
    cut(text: string): string[] {
      jieba ??= JiebaClass.withDict(dict);
      return jieba.cut(text, true);
    },
  };
}

/**
 * True when [from, to) of `window` starts and ends between words as the segmenter cuts it.
 * A match that begins or ends inside a longer word is part of that word, not the term.
 */
export function onWordBoundaries(segmenter: Segmenter, window: string, from: number, to: number): boolean {
  let offset = 0;
  let startOk = from === 0;
  let endOk = to === window.length;
  for (const word of segmenter.cut(window)) {
    offset += word.length;
    if (offset === from) startOk = true;
    if (offset === to) endOk = true;
    if (offset >= to) break;
  }
  return startOk && endOk;
}
