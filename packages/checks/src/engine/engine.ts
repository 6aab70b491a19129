/**
 * The engine: compiled dictionaries + detectors. Pure — no files, no network — so the
 * editor, the review screens, the site scanner and the linter all get the same answers.
 */
import type { CompiledDictionaries } from "../dictionaries/compile.ts";
import { detectAdvertPatterns } from "../detectors/advert.ts";
import { detectLeaders } from "../detectors/leaders.ts";
import { detectLinks } from "../detectors/links.ts";
import { detectPii } from "../detectors/pii.ts";
import { detectSecret } from "../detectors/secret.ts";
import { detectTerms } from "../detectors/terms.ts";
import { type Citations } from "../regulations.ts";
import { CATEGORIES, type Category, type CheckContext, type Finding, type Severity } from "../types.ts";
import { MatchBuffer } from "./automaton.ts";
import { extractVisibleText } from "./html.ts";
import { Normalizer } from "./normalize.ts";
import { LineIndex } from "./positions.ts";
import type { LinkTarget, RawFinding, Scan, TermMatch } from "./scan.ts";
import type { Segmenter } from "./segmenter.ts";

const DETECTORS: ((scan: Scan) => void)[] = [
  detectSecret,
  detectPii,
  detectTerms,
  detectLeaders,
  detectAdvertPatterns,
  detectLinks,
];

const SEVERITY_ORDER: Record<Severity, number> = { block: 0, warn: 1, info: 2 };

export interface EngineOptions {
  dictionaries: CompiledDictionaries;
  citations: Citations;
  segmenter: Segmenter;
}

export class Engine {
  private readonly normalizer = new Normalizer();
  private readonly buffer = new MatchBuffer();

  constructor(private readonly options: EngineOptions) {}

  get dictionaries(): CompiledDictionaries {
    return this.options.dictionaries;
  }

  checkText(text: string, ctx: CheckContext = {}): Finding[] {
    const raw = this.scan(text, ctx, [], []);
    const lines = new LineIndex(text);
    return finish(
      raw.map((f) => ({ ...f, text: f.text ?? text.slice(f.start, f.end) })),
      lines,
    );
  }

  checkHtml(html: string, ctx: CheckContext = {}): Finding[] {
    const visible = extractVisibleText(html);
    const raw = this.scan(visible.text, ctx, visible.links, visible.anchors);
    const lines = new LineIndex(html);
    return finish(
      raw.map((f) => {
        if (f.inSource) return { ...f, text: f.text ?? html.slice(f.start, f.end) };
        const start = visible.start[f.start] ?? html.length;
        const end = f.end > f.start ? (visible.end[f.end - 1] ?? start) : start;
        return { ...f, start, end, text: visible.text.slice(f.start, f.end) };
      }),
      lines,
    );
  }

  /** Runs every detector over `text`; findings in text offsets (or source offsets when marked). */
  private scan(text: string, ctx: CheckContext, links: LinkTarget[], anchors: [number, number][]): RawFinding[] {
    const { dictionaries, citations, segmenter } = this.options;
    const norm = this.normalizer.normalize(text);
    const count = dictionaries.automaton.scan(norm.codes, norm.length, this.buffer);
    const matches = new Map<number, TermMatch[]>();
    const { terms } = dictionaries;
    for (let i = 0; i < count; i++) {
      const term = this.buffer.terms[i]!;
      const nEnd = this.buffer.ends[i]!;
      const nStart = nEnd - dictionaries.automaton.termLength[term]!;
      const kind = terms.kind[term]!;
      let list = matches.get(kind);
      if (!list) matches.set(kind, (list = []));
      list.push({ term, nStart, nEnd, start: norm.start[nStart]!, end: norm.end[nEnd - 1]! });
    }
    const only = ctx.categories ? new Set<Category>(ctx.categories) : new Set<Category>(CATEGORIES);
    const findings: RawFinding[] = [];
    const scan: Scan = {
      text,
      norm,
      dictionaries,
      matches,
      ctx,
      citations,
      segmenter,
      now: ctx.now ?? new Date(),
      links,
      anchors,
      emit: (f) => findings.push(f),
      enabled: (c) => only.has(c),
    };
    for (const detect of DETECTORS) detect(scan);
    return findings;
  }
}

function finish(findings: (RawFinding & { text: string })[], lines: LineIndex): Finding[] {
  // Two rules of one category on the same characters say the same thing twice; keep the graver.
  const best = new Map<string, RawFinding & { text: string }>();
  for (const f of findings) {
    const key = `${f.category}:${f.start}:${f.end}`;
    const seen = best.get(key);
    if (!seen || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[seen.severity]) best.set(key, f);
  }
  return [...best.values()]
    .map((f) => {
      const { line, column } = lines.locate(f.start);
      const out: Finding = {
        rule: f.rule,
        category: f.category,
        severity: f.severity,
        start: f.start,
        end: f.end,
        line,
        column,
        text: f.text,
        message: f.message,
      };
      if (f.suggestion !== undefined) out.suggestion = f.suggestion;
      return out;
    })
    .sort((a, b) => a.start - b.start || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.end - b.end);
}
