/**
 * Turns parsed dictionaries into the tables the engine scans with: one automaton for every
 * phrase of every kind (so a document is scanned once, whatever the number of dictionaries),
 * plus small lookup tables for leaders and domains.
 */
import { Automaton } from "../engine/automaton.ts";
import { normalizeTerm } from "../engine/normalize.ts";
import type { Dictionary, DictionaryIssue, Leader, Severity } from "../types.ts";

/** Kinds of automaton terms; numeric because they live in a typed array. */
export const TermKind = {
  Sensitive: 1,
  Whitelist: 2,
  Advert: 3,
  Typo: 4,
  Formulation: 5,
  Institution: 6,
  LeaderName: 7,
  Title: 8,
} as const;
export type TermKind = (typeof TermKind)[keyof typeof TermKind];

export interface TermTable {
  kind: Uint8Array;
  /** 1 when the match must sit on word boundaries. */
  boundary: Uint8Array;
  text: string[];
  replacement: (string | undefined)[];
  severity: Severity[];
  /** Sensitive-word category (political, drugs, …) or "" for other kinds. */
  category: string[];
  /** Index into `leaders` for LeaderName terms, else -1. */
  leader: Int32Array;
  /** The dictionary the term came from, for reports. */
  dictionary: string[];
}

export interface CompiledDictionaries {
  automaton: Automaton;
  terms: TermTable;
  leaders: Leader[];
  /** Every known title (from the titles dictionaries and the leaders' own titles). */
  titles: Set<string>;
  domains: { block: string[]; allow: string[]; freemail: string[] };
  issues: DictionaryIssue[];
  /** Dictionaries that were loaded, with their sources, for `govsite lint --list` style reports. */
  loaded: { name: string; kind: string; category?: string; source?: string; entries: number }[];
}

/** Dictionary kinds whose entries become automaton terms. */
const ENTRY_KIND: Partial<Record<Dictionary["kind"], TermKind>> = {
  sensitive: TermKind.Sensitive,
  whitelist: TermKind.Whitelist,
  advert: TermKind.Advert,
  typo: TermKind.Typo,
  formulation: TermKind.Formulation,
  institution: TermKind.Institution,
};
/** Kinds that must sit on word boundaries unless the dictionary says `boundary: none`. */
const BOUNDARY_KINDS = new Set<TermKind>([TermKind.Sensitive, TermKind.Advert, TermKind.Typo]);

const DEFAULT_SEVERITY: Record<string, Severity> = {
  sensitive: "block",
  advert: "warn",
  typo: "warn",
  formulation: "block",
  institution: "warn",
};

interface PendingTerm {
  key: number[];
  kind: TermKind;
  boundary: boolean;
  text: string;
  replacement: string | undefined;
  severity: Severity;
  category: string;
  leader: number;
  dictionary: string;
}

export function compileDictionaries(dictionaries: readonly Dictionary[]): CompiledDictionaries {
  const issues: DictionaryIssue[] = [];
  // Later dictionaries override earlier ones for the same phrase and kind: a deployment's
  // file can change a default's severity or replacement without editing the default.
  const pending = new Map<string, PendingTerm>();
  const leaders: Leader[] = [];
  const titles = new Set<string>();
  const domains = { block: [] as string[], allow: [] as string[], freemail: [] as string[] };
  const loaded: CompiledDictionaries["loaded"] = [];

  // Every key is normalised exactly like the text. Kinds compared with the original
  // characters afterwards (typos, names, formulations) are checked by their detectors.
  const add = (
    dict: string,
    line: number,
    kind: TermKind,
    text: string,
    boundary: boolean,
    severity: Severity,
    category: string,
    replacement: string | undefined,
    leader: number,
  ) => {
    const key = normalizeTerm(text);
    const minimum = kind === TermKind.Sensitive || kind === TermKind.Advert || kind === TermKind.Whitelist ? 2 : 1;
    if (key.length < minimum) {
      issues.push({ dictionary: dict, line, message: `“${text}”规范化后不足两个字符，单字词条误报太多，已忽略` });
      return;
    }
    pending.set(`${kind}:${text}`, { key, kind, boundary, text, replacement, severity, category, leader, dictionary: dict });
  };

  for (const dict of dictionaries) {
    const entry0: { name: string; kind: string; category?: string; source?: string; entries: number } = {
      name: dict.name,
      kind: dict.kind,
      entries: dict.entries.length,
    };
    if (dict.category) entry0.category = dict.category;
    if (dict.source) entry0.source = dict.source;
    loaded.push(entry0);
    const kind = ENTRY_KIND[dict.kind];
    dict.entries.forEach((e, i) => {
      const severity = e.severity ?? dict.severity ?? DEFAULT_SEVERITY[dict.kind] ?? "warn";
      if (kind !== undefined) {
        const boundary = BOUNDARY_KINDS.has(kind) && dict.boundary !== "none";
        const category = kind === TermKind.Sensitive ? (dict.category ?? "other") : "";
        add(dict.name, i + 1, kind, e.term, boundary, severity, category, e.replacement, -1);
      } else if (dict.kind === "titles") {
        titles.add(e.term);
      } else if (dict.kind === "leaders") {
        const leader = { name: e.term, titles: e.values ?? [] };
        leaders.push(leader);
        for (const title of leader.titles) titles.add(title);
      } else if (dict.kind === "domains") {
        const mode = e.values?.[0];
        if (mode === "block" || mode === "allow" || mode === "freemail") domains[mode].push(e.term);
      }
    });
  }

  // Leaders and titles go into the automaton last so that they are found in the same pass.
  leaders.forEach((leader, index) => {
    add("leaders", index + 1, TermKind.LeaderName, leader.name, false, "block", "", undefined, index);
  });
  for (const title of titles) add("titles", 0, TermKind.Title, title, false, "block", "", undefined, -1);

  const list = [...pending.values()];
  const terms: TermTable = {
    kind: Uint8Array.from(list, (t) => t.kind),
    boundary: Uint8Array.from(list, (t) => (t.boundary ? 1 : 0)),
    text: list.map((t) => t.text),
    replacement: list.map((t) => t.replacement),
    severity: list.map((t) => t.severity),
    category: list.map((t) => t.category),
    leader: Int32Array.from(list, (t) => t.leader),
    dictionary: list.map((t) => t.dictionary),
  };
  const automaton = new Automaton(list.map((t) => t.key));
  return { automaton, terms, leaders, titles, domains, issues, loaded };
}
