/**
 * createChecker: the engine plus its dictionaries, loaded from the package defaults and
 * the deployment's own files or texts, reloadable without a restart.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { compileDictionaries, type CompiledDictionaries } from "./dictionaries/compile.ts";
import { Engine } from "./engine/engine.ts";
import { defaultSegmenter, type Segmenter } from "./engine/segmenter.ts";
import { loadDictionarySources, watchDictionaries } from "./files/dictionaries.ts";
import { extractFile, type FileFormat } from "./files/extract.ts";
import { citationsFor, type ProfileName } from "./regulations.ts";
import type { CheckContext, DictionaryIssue, DictionarySource, Finding, Leader } from "./types.ts";

export interface CheckerOptions {
  /** Extra dictionaries: files, folders, texts in the dictionary format, or parsed dictionaries. */
  dictionaries?: DictionarySource[];
  /** The deployment's leaders (added to any leaders dictionaries). */
  leaders?: Leader[];
  /** Extra whitelisted phrases of the deployment. */
  whitelist?: string[];
  /** Load the dictionaries shipped in packages/checks/dictionaries (default true). */
  defaults?: boolean;
  /** Whose regulation the messages cite (default "national"). */
  profile?: ProfileName;
  /** Re-read dictionary files when they change (default false). */
  watch?: boolean;
  /** Called after every reload, with the problems found in the dictionaries. */
  onReload?: (result: ReloadResult) => void;
  /** Word segmentation used for boundary decisions (default: jieba). */
  segmenter?: Segmenter;
}

export interface ReloadResult {
  ok: boolean;
  issues: DictionaryIssue[];
  /** Set when reloading failed; the previous dictionaries stay in use. */
  error?: Error;
  terms: number;
  buildMs: number;
}

export interface FileCheckResult {
  name: string;
  format: FileFormat;
  /** The text the findings point into (for HTML: the source). */
  text: string;
  findings: Finding[];
}

export interface Checker {
  checkText(text: string, ctx?: CheckContext): Finding[];
  checkHtml(html: string, ctx?: CheckContext): Finding[];
  checkFile(input: string | { name: string; bytes: Uint8Array }, ctx?: CheckContext): Promise<FileCheckResult>;
  /** Re-reads every dictionary; on failure keeps the previous ones and says why. */
  reload(): ReloadResult;
  /** Problems found in the dictionaries at the last (re)load. */
  readonly issues: DictionaryIssue[];
  readonly stats: { terms: number; states: number; buildMs: number; dictionaries: CompiledDictionaries["loaded"] };
  /** Stops watching dictionary files. */
  close(): void;
}

export function createChecker(options: CheckerOptions = {}): Checker {
  const citations = citationsFor(options.profile ?? "national");
  const segmenter = options.segmenter ?? defaultSegmenter();
  let files: string[] = [];

  const build = (): { engine: Engine; issues: DictionaryIssue[] } => {
    const sources: DictionarySource[] = [...(options.dictionaries ?? [])];
    if (options.leaders?.length) {
      sources.push({ name: "options.leaders", kind: "leaders", entries: options.leaders.map((l) => ({ term: l.name, values: l.titles })) });
    }
    if (options.whitelist?.length) {
      sources.push({ name: "options.whitelist", kind: "whitelist", entries: options.whitelist.map((term) => ({ term })) });
    }
    const loaded = loadDictionarySources(sources, options.defaults ?? true);
    files = loaded.files;
    const compiled = compileDictionaries(loaded.dictionaries);
    return { engine: new Engine({ dictionaries: compiled, citations, segmenter }), issues: [...loaded.issues, ...compiled.issues] };
  };

  let current = build();
  const pathSources = (options.dictionaries ?? []).filter((s): s is string => typeof s === "string");

  const reload = (): ReloadResult => {
    try {
      current = build();
      const { stats } = current.engine.dictionaries.automaton;
      const result: ReloadResult = { ok: true, issues: current.issues, terms: stats.terms, buildMs: stats.buildMs };
      options.onReload?.(result);
      return result;
    } catch (error) {
      const { stats } = current.engine.dictionaries.automaton;
      const result: ReloadResult = { ok: false, issues: current.issues, error: error as Error, terms: stats.terms, buildMs: stats.buildMs };
      options.onReload?.(result);
      return result;
    }
  };

  const stopWatching = options.watch ? watchDictionaries([...files, ...pathSources], () => reload()) : () => {};

  return {
    checkText: (text, ctx) => current.engine.checkText(text, ctx),
    checkHtml: (html, ctx) => current.engine.checkHtml(html, ctx),
    async checkFile(input, ctx) {
      const name = typeof input === "string" ? input : input.name;
      const bytes = typeof input === "string" ? await readFile(input) : input.bytes;
      const extracted = await extractFile(basename(name), bytes);
      const engine = current.engine;
      const findings = extracted.format === "html" ? engine.checkHtml(extracted.text, ctx) : engine.checkText(extracted.text, ctx);
      if (extracted.pageStarts) {
        const starts = extracted.pageStarts;
        for (const f of findings) {
          let page = 1;
          while (page < starts.length && starts[page]! <= f.start) page++;
          f.page = page;
        }
      }
      return { name, format: extracted.format, text: extracted.text, findings };
    },
    reload,
    get issues() {
      return current.issues;
    },
    get stats() {
      const d = current.engine.dictionaries;
      return { terms: d.automaton.stats.terms, states: d.automaton.stats.states, buildMs: d.automaton.stats.buildMs, dictionaries: d.loaded };
    },
    close: stopWatching,
  };
}
