/**
 * Dictionary detectors: sensitive words, promotional phrases, typos, fixed formulations
 * and outdated institution names. All come from the one automaton scan; this module
 * decides which matches are real:
 *
 *   - a whitelisted phrase that contains a match silences it (the longer phrase wins);
 *   - among overlapping matches of one kind the longest wins;
 *   - matches must sit on word boundaries (Latin: no letter or digit next to them;
 *     Chinese: segmentation of a short window around the match), so 口交 does not fire
 *     in 路口交通 nor 大麻 in 大麻烦;
 *   - typos and formulations must match the original characters exactly, and typos never
 *     touch personal names or footer boilerplate (备案号, 版权所有 …).
 */
import { TermKind } from "../dictionaries/compile.ts";
import { isAsciiWordChar } from "../engine/fold.ts";
import { codesToString, normalizeTerm } from "../engine/normalize.ts";
import { BoundaryQuestions } from "../engine/segmenter.ts";
import { after, before, exactSpan, isCjkChar, lineEnd, lineStart } from "../engine/context-text.ts";
import type { Scan, TermMatch } from "../engine/scan.ts";
import { according } from "../regulations.ts";
import type { Severity } from "../types.ts";

export const SENSITIVE_CATEGORY_LABELS: Record<string, string> = {
  political: "政治类",
  obscene: "色情低俗类",
  gambling: "赌博类",
  violence: "暴力恐怖类",
  cult: "邪教和封建迷信类",
  drugs: "毒品类",
  insult: "侮辱歧视类",
  other: "其他",
};

const SEVERITY_ADVICE: Record<Severity, string> = {
  block: "请删除或改写后再发布",
  warn: "请审核人员结合上下文确认",
  info: "供参考",
};

/** How far segmentation looks on each side of a match. */
const WINDOW = 5;

/**
 * A candidate that passed every cheap test. Those that still need the segmenter wait for
 * the one segmentation call of the document (`question` is their id). Overlaps are settled
 * (longest wins) only among candidates that survived, so a long match rejected at a word
 * boundary does not hide a shorter, real one inside it.
 */
interface Pending {
  kind: TermKind;
  match: TermMatch;
  question: number;
  emit: () => void;
}

export function detectTerms(scan: Scan): void {
  const whitelist = whitelistSpans(scan);
  const questions = new BoundaryQuestions();
  const pending: Pending[] = [];
  if (scan.enabled("sensitive")) detectMatching(scan, TermKind.Sensitive, whitelist, questions, pending);
  if (scan.enabled("advert")) detectMatching(scan, TermKind.Advert, whitelist, questions, pending);
  if (scan.enabled("typo")) detectExact(scan, TermKind.Typo, questions, pending);
  if (scan.enabled("expression")) {
    detectExact(scan, TermKind.Formulation, questions, pending);
    detectExact(scan, TermKind.Institution, questions, pending);
  }
  const accepted = pending.filter((p) => p.question === ACCEPT || (p.question >= 0 && questions.answer(scan.segmenter, p.question)));
  for (const kind of new Set(accepted.map((p) => p.kind))) {
    const ofKind = accepted.filter((p) => p.kind === kind);
    const kept = new Set(longestFirst(ofKind.map((p) => p.match)));
    for (const p of ofKind) if (kept.has(p.match)) p.emit();
  }
}

/** Whitelisted phrases in normalised offsets: from the dictionaries and from the call. */
function whitelistSpans(scan: Scan): [number, number][] {
  const spans: [number, number][] = (scan.matches.get(TermKind.Whitelist) ?? []).map((m) => [m.nStart, m.nEnd]);
  const extra = scan.ctx.whitelist ?? [];
  if (extra.length > 0) {
    const normalised = codesToString(scan.norm.codes, 0, scan.norm.length);
    for (const phrase of extra) {
      const key = String.fromCharCode(...normalizeTerm(phrase));
      if (key.length === 0) continue;
      for (let i = normalised.indexOf(key); i >= 0; i = normalised.indexOf(key, i + 1)) spans.push([i, i + key.length]);
    }
  }
  return spans;
}

/** Keeps the longest of overlapping matches (a match inside a kept one is dropped). */
function longestFirst(matches: TermMatch[]): TermMatch[] {
  const sorted = [...matches].sort((a, b) => a.nStart - b.nStart || b.nEnd - a.nEnd);
  const kept: TermMatch[] = [];
  let coveredTo = -1;
  for (const m of sorted) {
    if (m.nEnd <= coveredTo) continue;
    kept.push(m);
    coveredTo = Math.max(coveredTo, m.nEnd);
  }
  return kept;
}

function detectMatching(scan: Scan, kind: TermKind, whitelist: [number, number][], questions: BoundaryQuestions, pending: Pending[]): void {
  const { terms } = scan.dictionaries;
  const candidates = (scan.matches.get(kind) ?? []).filter(
    (m) => !whitelist.some(([ws, we]) => ws <= m.nStart && m.nEnd <= we),
  );
  for (const m of candidates) {
    let question = ACCEPT;
    if (terms.boundary[m.term] === 1) {
      question = normalisedBoundaries(scan, m, questions);
      if (question === REJECT) continue;
    }
    pending.push({ kind, match: m, question, emit: () => emitMatching(scan, kind, m) });
  }
}

function emitMatching(scan: Scan, kind: TermKind, m: TermMatch): void {
  const { terms } = scan.dictionaries;
  const severity = terms.severity[m.term]!;
    const shown = scan.text.slice(m.start, m.end);
    const term = terms.text[m.term]!;
    const disguised = shown !== term ? `（变形写法，对应“${term}”）` : "";
    if (kind === TermKind.Sensitive) {
      const category = terms.category[m.term]!;
      const label = SENSITIVE_CATEGORY_LABELS[category] ?? category;
      scan.emit({
        rule: `sensitive.${category}`,
        category: "sensitive",
        severity,
        start: m.start,
        end: m.end,
        message: `“${shown}”${disguised}属于${label}敏感词。${according(scan.citations.sensitive)}政府网站不得发布此类信息，${SEVERITY_ADVICE[severity]}。`,
      });
    } else {
      scan.emit({
        rule: "advert.phrase",
        category: "advert",
        severity,
        start: m.start,
        end: m.end,
        message: `“${shown}”${disguised}属于商业广告或推销用语。${according(scan.citations.advert)}政府网站和政务新媒体不得刊登商业广告，${SEVERITY_ADVICE[severity]}。`,
      });
    }
}

/** Answers of the boundary tests that need no segmentation. */
const REJECT = -2;
const ACCEPT = -1;

/**
 * Word boundaries of a match in the normalised text (so that inserted symbols do not matter):
 * ACCEPT, REJECT, or the id of a question for the segmenter.
 */
function normalisedBoundaries(scan: Scan, m: TermMatch, questions: BoundaryQuestions): number {
  const { codes, length } = scan.norm;
  const first = codes[m.nStart]!;
  const last = codes[m.nEnd - 1]!;
  const asciiStart = isAsciiWordChar(first);
  const asciiEnd = isAsciiWordChar(last);
  if (asciiStart && m.nStart > 0 && isAsciiWordChar(codes[m.nStart - 1]!)) return REJECT;
  if (asciiEnd && m.nEnd < length && isAsciiWordChar(codes[m.nEnd]!)) return REJECT;
  if (asciiStart && asciiEnd) return ACCEPT;
  // Window of word characters around the match, stopping at punctuation.
  let from = m.nStart;
  while (from > 0 && m.nStart - from < WINDOW && isWordCode(codes[from - 1]!)) from--;
  let to = m.nEnd;
  while (to < length && to - m.nEnd < WINDOW && isWordCode(codes[to]!)) to++;
  if (from === m.nStart && to === m.nEnd) return ACCEPT;
  // Latin edges were settled above; ask the segmenter only about the Chinese ones.
  const window = codesToString(codes, asciiStart ? m.nStart : from, asciiEnd ? m.nEnd : to);
  const relStart = asciiStart ? 0 : m.nStart - from;
  const termLength = m.nEnd - m.nStart;
  return questions.ask(window, relStart, relStart + termLength, termLength >= 3);
}

function isWordCode(c: number): boolean {
  return isAsciiWordChar(c) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

const CONTINUES_WORD = /^(?:部[门分署]|办[公理事]|委员|局[长面势])$/;

const FOOTER = /ICP备|ICP证|公网安备|网站标识码|版权所有|主办单位|承办单位|技术支持|备案号|Copyright|©/i;

function detectExact(scan: Scan, kind: TermKind, questions: BoundaryQuestions, pending: Pending[]): void {
  const { terms } = scan.dictionaries;
  const { text } = scan;
  const exact: TermMatch[] = [];
  for (const m of scan.matches.get(kind) ?? []) {
    const span = exactSpan(text, m.start, m.end, terms.text[m.term]!);
    if (span) exact.push({ ...m, start: span[0], end: span[1] });
  }
  const names = kind === TermKind.Typo ? personNameSpans(scan) : [];
  for (const m of exact) {
    const wrong = terms.text[m.term]!;
    const right = terms.replacement[m.term] ?? "";
    if (right && coveredByCorrectForm(text, m.start, m.end, right)) continue;
    const severity = terms.severity[m.term]!;
    if (kind === TermKind.Typo) {
      if (names.some(([s, e]) => s < m.end && m.start < e)) continue;
      // "付书记" is right when a 书记 is surnamed 付.
      if (addressesKnownPerson(scan, wrong)) continue;
      if (FOOTER.test(text.slice(lineStart(text, m.start), lineEnd(text, m.end)))) continue;
      if (looksLikeGivenName(text, m.start, m.end)) continue;
      const question = terms.boundary[m.term] === 1 ? originalBoundaries(scan, m.start, m.end, questions) : ACCEPT;
      pending.push({ kind, match: m, question, emit: () => scan.emit({
        rule: "typo.confusion",
        category: "typo",
        severity,
        start: m.start,
        end: m.end,
        suggestion: right,
        message: `疑似错别字：“${wrong}”应为“${right}”。${according(scan.citations.typo)}请校对后发布。`,
      }) });
    } else if (kind === TermKind.Formulation) {
      // Short formulations can be the start of a longer word (台湾国 in 台湾国民党).
      const question = wrong.length <= 4 ? originalBoundaries(scan, m.start, m.end, questions) : ACCEPT;
      pending.push({ kind, match: m, question, emit: () => scan.emit({
        rule: "expression.formulation",
        category: "expression",
        severity,
        start: m.start,
        end: m.end,
        suggestion: right,
        message: `固定表述错误：“${wrong}”应为“${right}”。${according(scan.citations.expression)}严重表述错误实行单项否决，请立即改正。`,
      }) });
    } else {
      // "原国土资源局" and "国土资源局（现…）" speak of the old body on purpose.
      if (/原$|前$|撤销$|更名$/.test(before(text, m.start, 2)) || /^[（(]现/.test(after(text, m.end, 2))) continue;
      // 农业部 inside 农业部门, 法制办 inside 法制办公室: the name's last character starts a
      // common word with the next one. (Segmentation is unreliable on proper names here.)
      if (CONTINUES_WORD.test(text.slice(m.end - 1, m.end + 1))) continue;
      pending.push({ kind, match: m, question: ACCEPT, emit: () => scan.emit({
        rule: "expression.institution",
        category: "expression",
        severity,
        start: m.start,
        end: m.end,
        suggestion: right,
        message: `机构名称已过时：“${wrong}”在机构改革后已调整为“${right}”。如系回顾历史，请写作“原${wrong}”；否则请使用现行名称。`,
      }) });
    }
  }
}

/** The correct form is written here and merely contains the wrong one (e.g. a longer phrase). */
function coveredByCorrectForm(text: string, start: number, end: number, right: string): boolean {
  for (let i = text.indexOf(right, Math.max(0, end - right.length)); i >= 0 && i <= start; i = text.indexOf(right, i + 1)) {
    if (i + right.length >= end) return true;
  }
  return false;
}

/** Word boundaries in the original text (typos are compared with the original characters). */
function originalBoundaries(scan: Scan, start: number, end: number, questions: BoundaryQuestions): number {
  const { text } = scan;
  let from = start;
  while (from > 0 && start - from < WINDOW && isCjkChar(text[from - 1])) from--;
  let to = end;
  while (to < text.length && to - end < WINDOW && isCjkChar(text[to])) to++;
  if (from === start && to === end) return ACCEPT;
  return questions.ask(text.slice(from, to), start - from, end - from);
}

/** Spans of names the caller or the deployment declared (leaders, authors, people in the document). */
function knownNames(scan: Scan): string[] {
  return [
    ...scan.dictionaries.leaders.map((l) => l.name),
    ...(scan.ctx.leaders ?? []).map((l) => l.name),
    ...(scan.ctx.personNames ?? []),
  ].filter((n) => n.length > 0);
}

function personNameSpans(scan: Scan): [number, number][] {
  const names = knownNames(scan);
  const spans: [number, number][] = [];
  for (const name of names) {
    if (!name) continue;
    for (let i = scan.text.indexOf(name); i >= 0; i = scan.text.indexOf(name, i + 1)) spans.push([i, i + name.length]);
  }
  return spans;
}

/**
 * "付县长" is a typo for 副县长 — unless a 付 holds a 县长 title. Leaders are known with their
 * titles; other names the caller gives (personNames) are trusted whatever the title.
 */
function addressesKnownPerson(scan: Scan, wrong: string): boolean {
  const surname = wrong[0]!;
  const title = wrong.slice(1);
  if (!/(?:长|书记|主任|主席)$/.test(title)) return false;
  const leaders = [...scan.dictionaries.leaders, ...(scan.ctx.leaders ?? [])];
  if (leaders.some((l) => l.name.startsWith(surname) && l.titles.some((t) => t.endsWith(title)))) return true;
  return (scan.ctx.personNames ?? []).some((n) => n.startsWith(surname));
}

/** Common surnames: a two-character "typo" right after one of them is usually a given name. */
const SURNAMES = new Set(
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤冉谭隆秦".split(""),
);
const AFTER_NAME = /^(?:$|[，。、；：\s”）)]|同志|先生|女士|老师|医生|书记|主任|局长|镇长|乡长|村长|等|说|表示|介绍|告诉)/;

function looksLikeGivenName(text: string, start: number, end: number): boolean {
  if (end - start !== 2) return false;
  const prev = text[start - 1];
  if (!prev || !SURNAMES.has(prev)) return false;
  // A surname character that is itself part of a preceding word (e.g. 推动 + 建全) is not a surname.
  const prev2 = text[start - 2];
  if (prev2 && isCjkChar(prev2) && !/[，。、；：\s“（(]/.test(prev2)) {
    // Only accept when the character before the surname ends a word by itself, like a title.
    if (!/(?:长|记|任|员|师|生|士|人|和|与|及|由|是|为|的)$/.test(prev2)) return false;
  }
  return AFTER_NAME.test(text.slice(end, end + 4));
}
