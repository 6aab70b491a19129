/**
 * Reading dictionary files and folders. The only place (with extract.ts) where the
 * package touches the file system, so that the engine itself stays pure.
 */
import { readFileSync, readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDictionary } from "../dictionaries/parse.ts";
import type { Dictionary, DictionaryIssue, DictionarySource } from "../types.ts";

/** The dictionaries shipped with the package. */
export const DEFAULT_DICTIONARY_DIR = fileURLToPath(new URL("../../dictionaries/", import.meta.url));
/** Deployment data of the demo county (its leaders); not loaded unless asked for. */
export const DEMO_DEPLOYMENT_DIR = join(DEFAULT_DICTIONARY_DIR, "deployments", "demo");

/** Folders below the default directory that hold per-deployment data, skipped when loading defaults. */
const DEPLOYMENTS = "deployments";

export interface LoadedDictionaries {
  dictionaries: Dictionary[];
  issues: DictionaryIssue[];
  /** Every file read, for watching. */
  files: string[];
}

export function loadDictionarySources(sources: readonly DictionarySource[], includeDefaults: boolean): LoadedDictionaries {
  const out: LoadedDictionaries = { dictionaries: [], issues: [], files: [] };
  if (includeDefaults) readPath(DEFAULT_DICTIONARY_DIR, out, true);
  for (const source of sources) {
    if (typeof source === "string") readPath(source, out, false);
    else if ("text" in source) addParsed(source.name, source.text, out);
    else out.dictionaries.push(source);
  }
  return out;
}

function readPath(path: string, out: LoadedDictionaries, defaults: boolean): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    out.issues.push({ dictionary: path, line: 0, message: "词典文件或目录不存在" });
    return;
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (defaults && name === DEPLOYMENTS) continue;
      const child = join(path, name);
      if (statSync(child).isDirectory() || name.endsWith(".txt")) readPath(child, out, defaults);
    }
    return;
  }
  out.files.push(path);
  const name = defaults ? relative(DEFAULT_DICTIONARY_DIR, path) : path;
  addParsed(name, readFileSync(path, "utf8"), out);
}

function addParsed(name: string, text: string, out: LoadedDictionaries): void {
  const { dictionary, issues } = parseDictionary(name, text);
  out.issues.push(...issues);
  if (dictionary) out.dictionaries.push(dictionary);
}

/**
 * Calls `onChange` (debounced) when any of the files or folders changes. Editors replace
 * files rather than write them in place, so folders are watched too.
 */
export function watchDictionaries(paths: readonly string[], onChange: () => void, debounceMs = 200): () => void {
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const path of new Set(paths)) {
    try {
      const w = watch(path, { recursive: statSync(path).isDirectory() }, fire);
      w.unref();
      watchers.push(w);
    } catch {
      // A path that disappears is reported by the next reload; nothing to watch meanwhile.
    }
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
