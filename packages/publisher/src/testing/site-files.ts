/** Test helpers: read a published tree and parse its pages. */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Parser } from "htmlparser2";

export function listFiles(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel)).sort()) {
    const r = rel ? `${rel}/${e}` : e;
    if (statSync(join(root, r)).isDirectory()) out.push(...listFiles(root, r));
    else out.push(r);
  }
  return out;
}

/** path → sha256 of every file under root. */
export function treeHashes(root: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of listFiles(root)) m.set(f, createHash("sha256").update(readFileSync(join(root, f))).digest("hex"));
  return m;
}

export interface ParsedPage {
  lang: string;
  htmlClass: string;
  bodyClass: string;
  metas: Map<string, string[]>;
  /** href/src values with the tag they came from. */
  links: Array<{ tag: string; attr: string; url: string }>;
  text: string;
  times: number;
  listItemsWithoutTime: number;
  imgsWithoutAlt: number;
  headings: number[];
}

export function parsePage(html: string): ParsedPage {
  const page: ParsedPage = {
    lang: "",
    htmlClass: "",
    bodyClass: "",
    metas: new Map(),
    links: [],
    text: "",
    times: 0,
    listItemsWithoutTime: 0,
    imgsWithoutAlt: 0,
    headings: [],
  };
  const stack: Array<{ name: string; cls: string; hasTime: boolean; isItem: boolean }> = [];
  let inScript = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "html") {
          page.lang = attrs.lang ?? "";
          page.htmlClass = attrs.class ?? "";
        }
        if (name === "body") page.bodyClass = attrs.class ?? "";
        if (name === "meta" && attrs.name) {
          const a = page.metas.get(attrs.name) ?? [];
          a.push(attrs.content ?? "");
          page.metas.set(attrs.name, a);
        }
        if (name === "script") inScript = true;
        for (const attr of ["href", "src"]) {
          const v = attrs[attr];
          if (v !== undefined) page.links.push({ tag: name, attr, url: v });
        }
        if (name === "img" && attrs.alt === undefined) page.imgsWithoutAlt++;
        if (/^h[1-6]$/.test(name)) page.headings.push(Number(name[1]));
        if (name === "time") for (const s of stack) s.hasTime = true;
        const parent = stack[stack.length - 1];
        stack.push({ name, cls: attrs.class ?? "", hasTime: false, isItem: name === "li" && !!parent && parent.cls.split(" ").includes("items") });
      },
      onclosetag(name) {
        if (name === "script") inScript = false;
        const top = stack.pop();
        if (top?.name === "time") page.times++;
        if (top?.isItem && !top.hasTime) page.listItemsWithoutTime++;
      },
      ontext(t) {
        if (!inScript) page.text += t;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return page;
}

/**
 * Resolves a site-relative URL against published trees: `trees` maps a path prefix ("/", "/fgw/")
 * to its output directory; the longest matching prefix wins. Returns whether the file exists.
 */
export function resolvesInTrees(url: string, trees: Record<string, string>): boolean {
  const path = decodeURI(url.split("#")[0]!.split("?")[0]!);
  const prefix = Object.keys(trees)
    .filter((p) => path.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  if (!prefix) return false;
  let rel = path.slice(prefix.length);
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  return existsSync(join(trees[prefix]!, rel));
}
