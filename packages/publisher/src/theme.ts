/**
 * Themes: a directory of Liquid templates and static assets, optionally extending another theme.
 *
 *   themes/<name>/theme.json        {"label": "…", "extends": "default"}   (optional)
 *   themes/<name>/layouts/*.liquid  page skeletons
 *   themes/<name>/partials/*.liquid header, footer, lists …
 *   themes/<name>/templates/*.liquid one per page kind (home, column, article, …)
 *   themes/<name>/assets/**         css, js, images; published under <prefix>assets/ with a content hash
 *
 * A child theme's file replaces the parent's file of the same relative path, so a sub-site can
 * override just `partials/header.liquid` and keep the portal's look (统一风格, 局部特色).
 *
 * Sandbox: all templates are read into memory when the theme loads and LiquidJS renders from that
 * map only (`templates` option), so a template cannot name a file outside its theme — there is no
 * file system behind `include`/`render`/`layout` at all. Symbolic links inside theme directories
 * are ignored. Output is HTML-escaped by default; `| raw` is needed for sanitised HTML fields.
 */
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Context, type Emitter, Liquid, Tag, type TagToken, type Template, type TopLevelToken, Value } from "liquidjs";

export interface ThemeAsset {
  /** Relative path inside assets/, e.g. "site.css". */
  name: string;
  /** Published file name with content hash, e.g. "site.3f2a9c1b.css". */
  published: string;
  content: Buffer;
}

export interface LoadedTheme {
  name: string;
  /** Theme chain, child first. */
  chain: string[];
  templates: Record<string, string>;
  assets: Map<string, ThemeAsset>;
  /** Hash of every template and asset: part of a site's structure hash. */
  hash: string;
}

export class ThemeError extends Error {
  override name = "ThemeError";
}

const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const TEMPLATE_OVERRIDE_RE = /^(layouts|partials|templates)\/[a-z0-9_-]+(\/[a-z0-9_-]+)*\.liquid$/;
const ASSET_OVERRIDE_RE = /^assets\/[a-z0-9_-]+(\/[a-z0-9_-]+)*\.(css|js|svg|txt)$/;

/** Limits on one override file edited in the console. */
export const OVERRIDE_LIMITS = { maxBytes: 200_000, maxFiles: 100 } as const;

/**
 * Checks one theme override (relative path and text) against the sandbox rules: a known folder
 * (layouts, partials, templates for Liquid; assets for css/js/svg/txt), no `..`, no absolute path,
 * a size limit and text only. Returns a Chinese message, or null when the file is acceptable.
 */
export function checkOverride(rel: string, text: string): string | null {
  if (typeof rel !== "string" || !rel) return "缺少文件路径。";
  if (rel.includes("..") || rel.startsWith("/") || rel.includes("\\")) return `文件路径“${rel}”不允许包含“..”、反斜杠或以“/”开头。`;
  if (!TEMPLATE_OVERRIDE_RE.test(rel) && !ASSET_OVERRIDE_RE.test(rel)) {
    return `文件路径“${rel}”不允许：模板须位于 layouts/、partials/ 或 templates/ 下并以 .liquid 结尾，资源须位于 assets/ 下且为 .css、.js、.svg 或 .txt 文本文件；路径只能使用小写字母、数字、连字符和下划线。`;
  }
  if (typeof text !== "string") return `文件“${rel}”的内容必须是文本。`;
  if (Buffer.byteLength(text, "utf8") > OVERRIDE_LIMITS.maxBytes) return `文件“${rel}”超过 ${OVERRIDE_LIMITS.maxBytes / 1000} KB 的大小限制。`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return `文件“${rel}”含有二进制或无法识别的字符，只能保存文本文件。`;
  return null;
}

export interface TemplateProblem {
  file: string;
  line?: number;
  message: string;
}

/** File and line of a LiquidJS error (parse or render), when it carries them. */
export function describeLiquidError(err: unknown, fallbackFile: string): TemplateProblem {
  const e = err as { message?: string; token?: { file?: string; getPosition?: () => [number, number] }; originalError?: Error };
  let line: number | undefined;
  try {
    line = e.token?.getPosition?.()[0];
  } catch {
    line = undefined;
  }
  const msg = String(e.message ?? err);
  if (line === undefined) {
    const m = /line:(\d+)/.exec(msg);
    if (m) line = Number(m[1]);
  }
  const file = e.token?.file || fallbackFile;
  const clean = msg.replace(/,? (file:[^,\n]*|line:\d+)[\s\S]*$/, "").trim();
  return { file, ...(line !== undefined ? { line } : {}), message: liquidMessageZh(clean) };
}

/** LiquidJS's commonest messages in Chinese (the original kept for anything else). */
function liquidMessageZh(m: string): string {
  const rules: Array<[RegExp, (x: RegExpExecArray) => string]> = [
    [/^invalid value expression: "(.*)"$/, (x) => `表达式不完整或不合法${x[1] ? `：${x[1]}` : ""}`],
    [/^undefined filter: (.+)$/, (x) => `未知的过滤器 ${x[1]}`],
    [/^tag "?([^"\s]+)"? not found$/, (x) => `未知的标签 ${x[1]}`],
    [/^tag (.+) not closed$/, (x) => `标签 ${x[1]} 没有闭合`],
    [/^output (.+) not closed$/, (x) => `输出 ${x[1]} 没有闭合`],
    [/^ENOENT: Failed to lookup "?([^"]+)"?.*$/, (x) => `找不到被引用的模板 ${x[1]}`],
  ];
  for (const [re, f] of rules) {
    const x = re.exec(m);
    if (x) return f(x);
  }
  return m;
}

/**
 * Parses the given Liquid templates with the same sandboxed options and tags as the publishing
 * engine and lists every syntax error with file and line. Nothing is rendered.
 */
export function checkTemplateSyntax(templates: Record<string, string>, files: string[] = Object.keys(templates)): TemplateProblem[] {
  const liquid = new Liquid({ templates, extname: ".liquid", outputEscape: "escape", ownPropertyOnly: true, strictFilters: true, jsTruthy: false, parseLimit: 2_000_000 });
  registerSitewide(liquid);
  const problems: TemplateProblem[] = [];
  for (const rel of files) {
    if (!rel.endsWith(".liquid")) continue;
    const text = templates[rel];
    if (text === undefined) continue;
    try {
      liquid.parse(text, rel);
    } catch (e) {
      problems.push(describeLiquidError(e, rel));
    }
  }
  return problems;
}

function walk(dir: string, rel = ""): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(dir, rel)).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const r = rel ? `${rel}/${e}` : e;
    const st = lstatSync(join(dir, r));
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) out.push(...walk(dir, r));
    else if (st.isFile()) out.push(r);
  }
  return out;
}

/**
 * Loads a theme and its ancestors from `themesRoot`. `overrides` (relative path → template text)
 * replace files for previews of edits made in the console before they are saved.
 */
export function loadTheme(themesRoot: string, name: string, overrides: Record<string, string> = {}): LoadedTheme {
  const chain: string[] = [];
  let current: string | undefined = name;
  while (current) {
    if (!NAME_RE.test(current)) throw new ThemeError(`主题名称不合法：${current}`);
    if (chain.includes(current)) throw new ThemeError(`主题继承出现循环：${[...chain, current].join(" → ")}`);
    if (chain.length >= 8) throw new ThemeError(`主题继承层级过多：${chain.join(" → ")}`);
    const dir = join(themesRoot, current);
    let meta: { extends?: string | null } = {};
    try {
      meta = JSON.parse(readFileSync(join(dir, "theme.json"), "utf8")) as typeof meta;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new ThemeError(`主题 ${current} 的 theme.json 无法解析`);
      if (walk(dir).length === 0) throw new ThemeError(`主题不存在：${current}`);
    }
    chain.push(current);
    current = meta.extends ?? undefined;
  }

  const templates: Record<string, string> = {};
  const assets = new Map<string, ThemeAsset>();
  const hash = createHash("sha256");
  // Parents first, children overwrite.
  for (const t of [...chain].reverse()) {
    const dir = join(themesRoot, t);
    for (const rel of walk(dir)) {
      if (rel.endsWith(".liquid")) templates[rel] = readFileSync(join(dir, rel), "utf8");
      else if (rel.startsWith("assets/")) {
        const content = readFileSync(join(dir, rel));
        const name = rel.slice("assets/".length);
        assets.set(name, { name, published: "", content });
      }
    }
  }
  for (const [rel, text] of Object.entries(overrides)) {
    if (ASSET_OVERRIDE_RE.test(rel) && !rel.includes("..")) {
      // Text assets only (css, js, svg, txt): stored per site in the database, never on disk here.
      const name = rel.slice("assets/".length);
      assets.set(name, { name, published: "", content: Buffer.from(text, "utf8") });
      continue;
    }
    if (!/^(layouts|partials|templates)\/[a-z0-9_/-]+\.liquid$/.test(rel) || rel.includes("..")) {
      throw new ThemeError(`不允许的模板路径：${rel}`);
    }
    templates[rel] = text;
  }
  for (const rel of Object.keys(templates).sort()) hash.update(rel).update("\0").update(templates[rel]!).update("\0");
  for (const a of [...assets.values()].sort((x, y) => (x.name < y.name ? -1 : 1))) {
    const h = contentHash(a.content);
    a.published = publishedName(a.name, h);
    hash.update(a.name).update("\0").update(h).update("\0");
  }
  return { name, chain, templates, assets, hash: hash.digest("hex") };
}

/** The first ten hex digits of the content's SHA-256: the cache-busting part of an asset's name. */
export function contentHash(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 10);
}

/** "hd.js" with hash h → "hd.<h>.js"; `infix` goes before the hash ("hd.hant.<h>.js"). */
export function publishedName(name: string, h: string, infix = ""): string {
  const dot = name.lastIndexOf(".");
  const tag = infix ? `${infix}.${h}` : h;
  return dot > 0 ? `${name.slice(0, dot)}.${tag}${name.slice(dot)}` : `${name}.${tag}`;
}

/**
 * `{% sitewide 'partials/footer' %}` renders a partial that depends only on `site` once per site
 * and tree, then reuses the HTML on every page (header, footer, toolbar). The memo is keyed by the
 * site view object, which the planner creates once per build and script.
 *
 * `{% sitewide 'partials/nav', page.navKey %}` does the same per value of the expression: the
 * partial must depend only on `site` and that value (the navigation differs only by which
 * entry is current). LiquidJS renders through generators, so skipping the repeated chrome of
 * every page is the largest single saving in a full build.
 */
function registerSitewide(liquid: Liquid): void {
  const memo = new WeakMap<object, Map<string, string>>();
  const parsed = new Map<string, Template[]>();
  class SitewideTag extends Tag {
    private file: string;
    private key?: Value;
    constructor(token: TagToken, remain: TopLevelToken[], l: Liquid) {
      super(token, remain, l);
      const [file = "", key] = token.args.split(",", 2).map((x) => x.trim());
      this.file = file.replace(/^['"]|['"]$/g, "");
      if (key) this.key = new Value(key, l);
      if (!/^partials\/[a-z0-9_/-]+$/.test(this.file)) throw new Error(`sitewide 只能引用 partials 下的模板：${this.file}`);
    }
    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const site = ctx.getSync(["site"]);
      if (!site || typeof site !== "object") throw new Error("sitewide 需要 site 变量");
      let m = memo.get(site);
      if (!m) memo.set(site, (m = new Map()));
      const k = this.key ? `${this.file}\0${String(yield this.key.value(ctx, false))}` : this.file;
      let html = m.get(k);
      if (html === undefined) {
        let tpl = parsed.get(this.file);
        if (!tpl) {
          tpl = this.liquid.parseFileSync(this.file);
          parsed.set(this.file, tpl);
        }
        html = this.liquid.renderSync(tpl, this.key ? ctx.getAll() : {}, { globals: { site } }) as string;
        m.set(k, html);
      }
      emitter.write(html);
    }
  }
  liquid.registerTag("sitewide", SitewideTag);
}

export interface ThemeEngine {
  render(template: string, scope: object, globals: object): string;
  has(template: string): boolean;
}

/**
 * Builds a LiquidJS engine over the theme's in-memory templates and precompiles every page
 * template once; rendering a page never re-parses.
 */
export function createEngine(theme: LoadedTheme, filters: Record<string, (...args: never[]) => unknown>): ThemeEngine {
  const liquid = new Liquid({
    templates: theme.templates,
    extname: ".liquid",
    cache: true,
    outputEscape: "escape",
    ownPropertyOnly: true,
    strictFilters: true,
    jsTruthy: false,
    parseLimit: 2_000_000,
    greedy: false,
  });
  for (const [name, fn] of Object.entries(filters)) liquid.registerFilter(name, fn as (...args: unknown[]) => unknown);
  registerSitewide(liquid);
  const compiled = new Map<string, Template[]>();
  for (const rel of Object.keys(theme.templates)) {
    if (!rel.startsWith("templates/")) continue;
    const key = rel.slice("templates/".length, -".liquid".length);
    try {
      compiled.set(key, liquid.parse(theme.templates[rel]!, rel));
    } catch (e) {
      throw new ThemeError(`模板 ${rel} 有语法错误：${(e as Error).message}`);
    }
  }
  return {
    has: (t) => compiled.has(t),
    render(template, scope, globals) {
      const tpl = compiled.get(template);
      if (!tpl) throw new ThemeError(`主题 ${theme.name} 缺少模板 templates/${template}.liquid`);
      return liquid.renderSync(tpl, scope, { globals }) as string;
    },
  };
}
