/**
 * Serious expression errors about leaders (领导姓名、职务错误), one of the items that veto a
 * site in national inspections. The leaders' table is data of the deployment: names with
 * the titles each currently holds.
 *
 *   1. A leader's name next to a title they do not hold: "县长张明华" when 张明华 is 县委书记.
 *   2. A title held by one person next to a name one character away from theirs:
 *      "县长李建明" when the 县长 is 李建国 (the commonest slip: a homophone in the name).
 */
import { TermKind } from "../dictionaries/compile.ts";
import type { Scan } from "../engine/scan.ts";
import { exactSpan, isCjkChar } from "../engine/context-text.ts";
import { according } from "../regulations.ts";
import type { Leader } from "../types.ts";

interface Span {
  start: number;
  end: number;
  value: string;
}

export function detectLeaders(scan: Scan): void {
  if (!scan.enabled("expression")) return;
  const leaders = [...scan.dictionaries.leaders, ...(scan.ctx.leaders ?? [])];
  if (leaders.length === 0) return;
  const { text } = scan;
  const { terms } = scan.dictionaries;

  const titleSet = new Set(scan.dictionaries.titles);
  for (const l of scan.ctx.leaders ?? []) for (const t of l.titles) titleSet.add(t);
  const titles = outermost([
    ...exactMatches(scan, TermKind.Title),
    ...findAll(text, [...titleSet].filter((t) => !scan.dictionaries.titles.has(t))),
  ]);
  const names: (Span & { leader: Leader })[] = [
    ...exactMatches(scan, TermKind.LeaderName).map((s) => ({ ...s, leader: scan.dictionaries.leaders[terms.leader[s.term]!]! })),
    ...(scan.ctx.leaders ?? []).flatMap((leader) => findAll(text, [leader.name]).map((s) => ({ ...s, leader }))),
  ];

  const titleEndingAt = new Map<number, Span>();
  const titleStartingAt = new Map<number, Span>();
  for (const t of titles) {
    titleEndingAt.set(t.end, t);
    titleStartingAt.set(t.start, t);
  }

  // 1. Known names with a title they do not hold.
  const reported = new Set<string>();
  for (const name of names) {
    for (const title of adjacentTitles(text, name, titleEndingAt, titleStartingAt)) {
      if (holds(name.leader, title.value)) continue;
      const key = `${title.start}:${title.end}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const start = Math.min(title.start, name.start);
      const end = Math.max(title.end, name.end);
      scan.emit({
        rule: "expression.leader-title",
        category: "expression",
        severity: "block",
        start,
        end,
        suggestion: title.start < name.start ? `${name.leader.titles[0]}${name.value}` : `${name.value}${name.leader.titles[0]}`,
        message: `领导职务错误：${name.value}现任${name.leader.titles.join("、")}，文中写作“${title.value}”。${according(scan.citations.expression)}领导姓名、职务错误属于严重表述错误，请核实改正。`,
      });
    }
  }

  // 2. Titles held by exactly one leader, next to a name one character away from theirs.
  const holders = new Map<string, Leader[]>();
  for (const l of leaders) for (const t of l.titles) holders.set(t, [...(holders.get(t) ?? []), l]);
  const knownNameSpans = names.map((n) => [n.start, n.end] as const);
  for (const title of titles) {
    const only = holders.get(title.value);
    if (!only || only.length !== 1) continue;
    const holder = only[0]!;
    const len = holder.name.length;
    for (const [start, end] of [
      [title.end, title.end + len],
      [title.start - len, title.start],
    ] as const) {
      if (start < 0 || end > text.length) continue;
      const written = text.slice(start, end);
      if (written === holder.name || ![...written].every((c) => isCjkChar(c))) continue;
      if (differences(written, holder.name) !== 1) continue;
      if (knownNameSpans.some(([s, e]) => s < end && start < e)) continue;
      scan.emit({
        rule: "expression.leader-name",
        category: "expression",
        severity: "block",
        start,
        end,
        suggestion: holder.name,
        message: `领导姓名疑似错误：现任${title.value}为${holder.name}，文中写作“${written}”。${according(scan.citations.expression)}领导姓名、职务错误属于严重表述错误，请核实改正。`,
      });
    }
  }
}

/** Titles written right before the name (possibly a chain "县委副书记、县长") or right after it. */
function adjacentTitles(text: string, name: Span, endingAt: Map<number, Span>, startingAt: Map<number, Span>): Span[] {
  const found: Span[] = [];
  let pos = name.start;
  for (let guard = 0; guard < 4; guard++) {
    const t = endingAt.get(pos);
    if (!t) break;
    found.push(t);
    pos = t.start;
    if (text[pos - 1] === "、") pos--;
    else break;
  }
  const following = startingAt.get(name.end);
  if (following) found.push(following);
  return found;
}

/**
 * Whether `written` correctly names one of the leader's titles. A short form is accepted when
 * what it leaves out is only the unit ("书记" for "县委书记"), never a rank ("县长" for "副县长").
 */
export function holds(leader: Leader, written: string): boolean {
  return leader.titles.some((t) => {
    if (t === written) return true;
    if (!t.endsWith(written)) return false;
    return !/副|常务|助理|^代/.test(t.slice(0, t.length - written.length));
  });
}

function differences(a: string, b: string): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

function exactMatches(scan: Scan, kind: number): (Span & { term: number })[] {
  const { terms } = scan.dictionaries;
  const out: (Span & { term: number })[] = [];
  for (const m of scan.matches.get(kind) ?? []) {
    const value = terms.text[m.term]!;
    const span = exactSpan(scan.text, m.start, m.end, value);
    if (span) out.push({ start: span[0], end: span[1], value, term: m.term });
  }
  return out;
}

function findAll(text: string, words: string[]): Span[] {
  const out: Span[] = [];
  for (const w of words) {
    if (!w) continue;
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) out.push({ start: i, end: i + w.length, value: w });
  }
  return out;
}

/** Drops titles inside a longer title ("县长" inside "副县长"). */
function outermost(spans: Span[]): Span[] {
  return spans.filter((s) => !spans.some((o) => o !== s && o.start <= s.start && s.end <= o.end && o.end - o.start > s.end - s.start));
}
