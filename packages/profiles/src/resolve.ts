// Pure part of loading: merge an `extends` chain of profile files, split values from sources,
// validate, and collect every problem in Chinese. File access lives in load.ts.
import { z } from "zod";
import { profileFileSchema, profileValuesSchema, type ProfileValues, type RuleKey } from "./schema.ts";

export interface Profile {
  name: string;
  title: string;
  description?: string;
  /** The regulation the profile implements, when it implements one. */
  document?: { title: string; number?: string | undefined; issuer: string; date?: string | undefined };
  /** The extends chain from the base to this profile, e.g. ["national", "fengjie"]. */
  chain: string[];
  /** Plain values: `profile.values.password.minLength` is a number. */
  values: ProfileValues;
  /** The source (article or national document) of every rule, by dotted path. */
  sources: Readonly<Record<RuleKey, string>>;
  /**
   * Which profile in the chain set each rule (for the console: 本地规定 vs 国家基线), by dotted
   * path; column categories also appear one by one as "columns.categories.<key>".
   */
  definedBy: Readonly<Record<string, string>>;
  /** Optional remarks on rules (why a default was chosen). */
  notes: Readonly<Partial<Record<RuleKey, string>>>;
  source(key: RuleKey): string;
}

/** Thrown when a profile cannot be used; `issues` lists every problem found, in Chinese. */
export class ProfileError extends Error {
  readonly code = "PROFILE_INVALID";
  readonly profile: string;
  readonly issues: string[];

  constructor(profile: string, issues: string[]) {
    super(
      `规则方案“${profile}”有 ${issues.length} 处问题，无法使用：\n` +
        issues.map((m, i) => `  ${i + 1}. ${m}`).join("\n"),
    );
    this.name = "ProfileError";
    this.profile = profile;
    this.issues = issues;
  }
}

/** Reads a profile file by name; returns undefined when there is no such profile. */
export type ProfileReader = (name: string) => unknown;

interface Leaf {
  value: unknown;
  source: string;
  note?: string;
  definedBy: string;
  /** For keyed arrays: which file last set each item. */
  itemDefinedBy?: Map<string, string>;
}

/**
 * Arrays merged item by item on `key` instead of replaced: a child profile may retune one column
 * category (石柱 sets 动态信息类 to 7 days) without restating the others, and can never drop a
 * category that columns of the demo data or of a running site refer to.
 */
const KEYED_ARRAYS = new Set(["columns.categories"]);

const LEAF_KEYS = new Set(["value", "source", "note"]);

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function isLeaf(x: unknown): x is { value: unknown; source?: unknown; note?: unknown } {
  return isPlainObject(x) && "value" in x && Object.keys(x).every((k) => LEAF_KEYS.has(k));
}

function collectLeaves(
  tree: Record<string, unknown>,
  prefix: string,
  file: string,
  out: Map<string, Leaf>,
  issues: string[],
): void {
  for (const [k, node] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isLeaf(node)) {
      const source = typeof node.source === "string" ? node.source.trim() : "";
      if (!source) issues.push(`${file}：规则 ${path} 缺少出处（source），每项规则都须注明依据的条款或文件`);
      const leaf: Leaf = { value: node.value, source, definedBy: file };
      if (typeof node.note === "string" && node.note.trim()) leaf.note = node.note.trim();
      out.set(path, leaf);
    } else if (isPlainObject(node) && Object.keys(node).length > 0) {
      collectLeaves(node, path, file, out, issues);
    } else {
      issues.push(`${file}：规则 ${path} 应写成 {"value": …, "source": "…"} 的形式`);
    }
  }
}

function mergeKeyedArray(parent: Leaf, child: Leaf, path: string, issues: string[]): Leaf {
  const withSource = (items: unknown, fallback: string): unknown[] =>
    Array.isArray(items)
      ? items.map((it) => (isPlainObject(it) && !("source" in it) ? { ...it, source: fallback } : it))
      : [];
  if (!Array.isArray(child.value)) {
    issues.push(`${child.definedBy}：规则 ${path} 应为列表`);
    return child;
  }
  const merged = withSource(parent.value, parent.source);
  const itemDefinedBy = new Map(parent.itemDefinedBy ?? []);
  for (const m of merged) {
    if (isPlainObject(m) && typeof m["key"] === "string" && !itemDefinedBy.has(m["key"])) {
      itemDefinedBy.set(m["key"], parent.definedBy);
    }
  }
  for (const item of withSource(child.value, child.source)) {
    const key = isPlainObject(item) ? item["key"] : undefined;
    const i = merged.findIndex((m) => isPlainObject(m) && m["key"] === key);
    const existing = merged[i];
    if (key !== undefined && i >= 0 && isPlainObject(existing) && isPlainObject(item)) merged[i] = { ...existing, ...item };
    else merged.push(item);
    if (typeof key === "string") itemDefinedBy.set(key, child.definedBy);
  }
  const leaf: Leaf = { value: merged, source: child.source, definedBy: child.definedBy, itemDefinedBy };
  if (child.note) leaf.note = child.note;
  return leaf;
}

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = root;
  for (const p of parts.slice(0, -1)) {
    const next = node[p];
    if (isPlainObject(next)) node = next;
    else {
      const created: Record<string, unknown> = {};
      node[p] = created;
      node = created;
    }
  }
  node[parts[parts.length - 1]!] = value;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p + 1}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  number: "数字",
  int: "整数",
  string: "文字",
  boolean: "是/否（true 或 false）",
  array: "列表",
  object: "对象",
  null: "空值（null）",
};

/** Chinese messages that a county office can act on; zod's own zh-CN texts are the fallback. */
function message(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return issue.input === undefined ? "缺少此项" : `应为${expected}`;
    }
    case "too_small":
      return issue.origin === "array"
        ? `至少应有 ${String(issue.minimum)} 项`
        : issue.origin === "string"
          ? "不能为空"
          : `不得小于 ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array" ? `最多 ${String(issue.maximum)} 项` : `不得大于 ${String(issue.maximum)}`;
    case "invalid_value":
      return `应为以下之一：${issue.values.map((v) => String(v)).join("、")}`;
    case "unrecognized_keys":
      return `未知的规则项：${issue.keys.join("、")}（可能是拼写错误）`;
    case "invalid_union":
      return "取值不符合要求";
    default:
      return issue.message;
  }
}

function zodIssues(error: z.ZodError, file: string): string[] {
  return error.issues.map((i) => {
    const where = formatPath(i.path);
    return `${file}：${where ? `规则 ${where}` : "方案"}：${message(i)}`;
  });
}

/**
 * Resolves a profile and its `extends` chain with `read`, validating everything.
 * Throws `ProfileError` listing every problem.
 */
export function resolveProfile(name: string, read: ProfileReader): Profile {
  const issues: string[] = [];
  const files: Array<z.infer<typeof profileFileSchema>> = [];
  const seen = new Set<string>();
  let current: string | null = name;
  while (current !== null) {
    if (seen.has(current)) {
      issues.push(`方案继承出现循环：${[...seen, current].join(" → ")}`);
      break;
    }
    seen.add(current);
    let raw: unknown;
    try {
      raw = read(current);
    } catch (e) {
      issues.push(`${current}.json：无法读取（${e instanceof Error ? e.message : String(e)}）`);
      break;
    }
    if (raw === undefined) {
      issues.push(
        current === name ? `找不到规则方案“${current}”` : `找不到“${[...seen].at(-2) ?? name}”所继承的方案“${current}”`,
      );
      break;
    }
    const parsed = profileFileSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      issues.push(...zodIssues(parsed.error, `${current}.json`));
      break;
    }
    if (parsed.data.name !== current) {
      issues.push(`${current}.json：文件中的方案名“${parsed.data.name}”与文件名不一致`);
    }
    files.unshift(parsed.data);
    current = parsed.data.extends;
  }
  if (issues.length) throw new ProfileError(name, issues);

  const leaves = new Map<string, Leaf>();
  for (const f of files) {
    const own = new Map<string, Leaf>();
    collectLeaves(f.rules, "", `${f.name}.json`, own, issues);
    for (const [path, leaf] of own) {
      const parent = leaves.get(path);
      if (KEYED_ARRAYS.has(path)) {
        leaves.set(path, mergeKeyedArray(parent ?? { ...leaf, value: [] }, leaf, path, issues));
      } else leaves.set(path, leaf);
    }
  }
  const paths = [...leaves.keys()];
  for (const p of paths) {
    const clash = paths.find((q) => q.startsWith(`${p}.`));
    if (clash) issues.push(`规则 ${p} 与 ${clash} 冲突：一项规则不能既是单个值又包含下级规则`);
  }

  const tree: Record<string, unknown> = {};
  for (const [path, leaf] of leaves) setPath(tree, path, leaf.value);
  const result = profileValuesSchema.safeParse(tree, { reportInput: true });
  if (!result.success) {
    // Attribute each problem to the file that set the offending rule.
    for (const i of result.error.issues) {
      const where = formatPath(i.path);
      const dotted = i.path.filter((p) => typeof p === "string").join(".");
      const owner = [...leaves.entries()].find(([p]) => dotted === p || dotted.startsWith(`${p}.`))?.[1].definedBy;
      issues.push(`${owner ?? `${name}.json`}：${where ? `规则 ${where}` : "方案"}：${message(i)}`);
    }
  }
  if (issues.length) throw new ProfileError(name, issues);

  const top = files[files.length - 1]!;
  const sources: Record<string, string> = {};
  const definedBy: Record<string, string> = {};
  const notes: Record<string, string> = {};
  for (const [path, leaf] of leaves) {
    sources[path] = leaf.source;
    definedBy[path] = leaf.definedBy.replace(/\.json$/, "");
    for (const [key, file] of leaf.itemDefinedBy ?? []) definedBy[`${path}.${key}`] = file.replace(/\.json$/, "");
    if (leaf.note) notes[path] = leaf.note;
  }
  const profile: Profile = {
    name: top.name,
    title: top.title,
    chain: files.map((f) => f.name),
    values: result.data!,
    sources: sources as Record<RuleKey, string>,
    definedBy,
    notes: notes as Partial<Record<RuleKey, string>>,
    source(key: RuleKey) {
      return sources[key] ?? "";
    },
  };
  if (top.description) profile.description = top.description;
  if (top.document) profile.document = top.document;
  return profile;
}
