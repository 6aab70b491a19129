/**
 * Parser for the dictionary text format (see packages/checks/dictionaries/README.md).
 * The same text is what the admin console stores for a deployment's own dictionaries,
 * so a bad line is reported and skipped, never fatal.
 */
import type { Dictionary, DictionaryEntry, DictionaryIssue, DictionaryKind, Severity } from "../types.ts";

const KINDS: readonly DictionaryKind[] = [
  "sensitive",
  "whitelist",
  "typo",
  "formulation",
  "institution",
  "advert",
  "leaders",
  "titles",
  "domains",
];
const SEVERITIES: readonly Severity[] = ["block", "warn", "info"];
const SEVERITY_WORDS: Record<string, Severity> = { 严重: "block", 警告: "warn", 提示: "info" };

export interface ParseResult {
  dictionary: Dictionary | undefined;
  issues: DictionaryIssue[];
}

export function parseDictionary(name: string, text: string, fallbackKind?: DictionaryKind): ParseResult {
  const issues: DictionaryIssue[] = [];
  const header: Record<string, string> = {};
  const entries: DictionaryEntry[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let kind: DictionaryKind | undefined = fallbackKind;
  const issue = (line: number, message: string) => issues.push({ dictionary: name, line, message });

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith("#!")) {
      const m = /^#!\s*([a-z]+)\s*[:：]\s*(.*)$/.exec(line);
      if (!m) return issue(lineNo, "无法识别的文件头，应为“#! 名称: 值”");
      header[m[1]!] = m[2]!.trim();
      if (m[1] === "kind") {
        if (!KINDS.includes(m[2]!.trim() as DictionaryKind)) return issue(lineNo, `未知的词典类型“${m[2]}”`);
        kind = m[2]!.trim() as DictionaryKind;
      }
      return;
    }
    if (line.startsWith("#")) return;
    const fields = line.split(/\t+|\s*\|\s*/).map((f) => f.trim());
    const entry = parseEntry(kind, fields);
    if (typeof entry === "string") return issue(lineNo, entry);
    entries.push(entry);
  });

  if (!kind) {
    issue(1, "缺少“#! kind: 类型”文件头，整个词典未加载");
    return { dictionary: undefined, issues };
  }
  const severity = header.severity ? toSeverity(header.severity) : undefined;
  if (header.severity && !severity) issue(1, `未知的级别“${header.severity}”，应为 block、warn 或 info`);
  const dictionary: Dictionary = { name, kind, entries };
  if (header.category) dictionary.category = header.category;
  if (severity) dictionary.severity = severity;
  if (header.source) dictionary.source = header.source;
  if (header.boundary === "none" || header.boundary === "word") dictionary.boundary = header.boundary;
  return { dictionary, issues };
}

function parseEntry(kind: DictionaryKind | undefined, fields: string[]): DictionaryEntry | string {
  const [term = "", second, third] = fields;
  if (!term) return "空词条";
  switch (kind) {
    case undefined:
      return "文件头“#! kind:”必须写在词条之前";
    case "sensitive":
    case "advert":
    case "whitelist":
    case "titles": {
      const entry: DictionaryEntry = { term };
      if (second) {
        const severity = toSeverity(second);
        if (!severity) return `未知的级别“${second}”`;
        entry.severity = severity;
      }
      if (third) entry.note = third;
      return entry;
    }
    case "typo":
    case "formulation":
    case "institution": {
      if (!second) return `“${term}”缺少正确写法（用制表符分隔）`;
      if (second === term) return `“${term}”的正确写法与错误写法相同`;
      const entry: DictionaryEntry = { term, replacement: second };
      if (third) {
        const severity = toSeverity(third);
        if (!severity) return `未知的级别“${third}”`;
        entry.severity = severity;
      }
      return entry;
    }
    case "leaders": {
      const titles = (second ?? "").split(/[、,，;；\s]+/).filter(Boolean);
      if (titles.length === 0) return `领导“${term}”缺少职务`;
      return { term, values: titles };
    }
    case "domains": {
      const mode = (second ?? "").toLowerCase();
      if (mode !== "block" && mode !== "allow" && mode !== "freemail") {
        return `域名“${term}”的类型应为 block、allow 或 freemail`;
      }
      return { term: term.toLowerCase().replace(/^\*?\./, ""), values: [mode] };
    }
  }
}

function toSeverity(value: string): Severity | undefined {
  const v = value.trim();
  return SEVERITIES.includes(v as Severity) ? (v as Severity) : SEVERITY_WORDS[v];
}
