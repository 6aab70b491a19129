/**
 * Just enough CSS to find links hidden from people but not from search engines (暗链): inline
 * `style`, `<font color>`, and the simple rules of `<style>` blocks (`.cls`, `#id`, `tag.cls`,
 * comma lists). Rules inside @media and compound selectors are ignored on purpose: they hide
 * menus on small screens, not injected links, and guessing would raise false alarms.
 */

export type Declarations = Map<string, string>;

export function parseDeclarations(style: string): Declarations {
  const out: Declarations = new Map();
  for (const part of style.split(";")) {
    const i = part.indexOf(":");
    if (i <= 0) continue;
    const prop = part.slice(0, i).trim().toLowerCase();
    const value = part
      .slice(i + 1)
      .replace(/!important/i, "")
      .trim()
      .toLowerCase();
    if (prop && value) out.set(prop, value);
  }
  return out;
}

export interface StyleRules {
  byClass: Map<string, Declarations>;
  byId: Map<string, Declarations>;
}

export function emptyRules(): StyleRules {
  return { byClass: new Map(), byId: new Map() };
}

const SIMPLE_SELECTOR = /^([a-z][a-z0-9]*)?([.#])([\w-]+)$/i;

/** Adds the top-level simple rules of a stylesheet to `rules`. */
export function addStylesheet(css: string, rules: StyleRules): void {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  let depth = 0;
  let start = 0;
  let selector = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{") {
      if (depth === 0) selector = text.slice(start, i).trim();
      depth++;
      start = i + 1;
    } else if (c === "}") {
      depth--;
      if (depth === 0) {
        if (!selector.startsWith("@")) addRule(selector, text.slice(start, i), rules);
        start = i + 1;
      } else if (depth < 0) {
        depth = 0;
        start = i + 1;
      }
    }
  }
}

function addRule(selectorList: string, body: string, rules: StyleRules): void {
  const decls = parseDeclarations(body);
  if (decls.size === 0) return;
  for (const raw of selectorList.split(",")) {
    const m = SIMPLE_SELECTOR.exec(raw.trim());
    if (!m) continue;
    const map = m[2] === "." ? rules.byClass : rules.byId;
    const key = m[3]!;
    const prev = map.get(key);
    map.set(key, prev ? new Map([...prev, ...decls]) : decls);
  }
}

/** The declarations that apply to an element: class rules, then id rules, then inline style. */
export function declarationsFor(
  rules: StyleRules,
  cls: string | undefined,
  id: string | undefined,
  style: string | undefined,
): Declarations | undefined {
  let out: Declarations | undefined;
  if (cls && rules.byClass.size > 0) {
    for (const c of cls.split(/\s+/)) {
      const d = c && rules.byClass.get(c);
      if (d) out = new Map([...(out ?? []), ...d]);
    }
  }
  if (id && rules.byId.size > 0) {
    const d = rules.byId.get(id);
    if (d) out = new Map([...(out ?? []), ...d]);
  }
  if (style) {
    const d = parseDeclarations(style);
    if (d.size > 0) out = out ? new Map([...out, ...d]) : d;
  }
  return out;
}

/** Length in px, for the units hiders use; undefined for anything else (%, em, auto …). */
function px(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(-?\d+(?:\.\d+)?)(px|pt)?$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === "pt" ? (n * 4) / 3 : n;
}

const OFF_SCREEN_PX = -500;

/** Why an element with these declarations cannot be seen, in Chinese; undefined when it can. */
export function hiddenReason(d: Declarations): string | undefined {
  const display = d.get("display");
  if (display === "none") return "display:none 隐藏";
  const visibility = d.get("visibility");
  if (visibility === "hidden" || visibility === "collapse") return "visibility:hidden 隐藏";
  const opacity = d.get("opacity");
  if (opacity !== undefined && Number(opacity) === 0) return "透明度为 0";
  const fontSize = px(d.get("font-size"));
  if (fontSize !== undefined && fontSize < 3) return `字号过小（${d.get("font-size")}）`;
  const position = d.get("position");
  if (position === "absolute" || position === "fixed" || position === "relative") {
    for (const side of ["left", "top", "right", "margin-left", "margin-top"]) {
      const v = px(d.get(side));
      if (v !== undefined && v <= OFF_SCREEN_PX) return `定位到屏幕之外（${side}:${d.get(side)}）`;
    }
  }
  const indent = px(d.get("text-indent"));
  if (indent !== undefined && indent <= OFF_SCREEN_PX) return `文字缩进到屏幕之外（text-indent:${d.get("text-indent")}）`;
  const w = px(d.get("width"));
  const h = px(d.get("height"));
  if ((w !== undefined && w <= 1) || (h !== undefined && h <= 1)) {
    const overflow = d.get("overflow");
    if (overflow === "hidden" || (w !== undefined && w <= 0) || (h !== undefined && h <= 0)) return "尺寸为零";
  }
  const clip = d.get("clip");
  if (clip && /rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)/.test(clip)) return "clip 裁剪为零";
  return undefined;
}

const NAMED: Record<string, string> = {
  white: "#ffffff",
  black: "#000000",
  red: "#ff0000",
  blue: "#0000ff",
  green: "#008000",
  gray: "#808080",
  grey: "#808080",
  silver: "#c0c0c0",
  yellow: "#ffff00",
};

/** A colour as #rrggbb, or undefined when it is not a plain opaque colour. */
export function normaliseColour(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (NAMED[v]) return NAMED[v];
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (m) return `#${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`;
  m = /^#([0-9a-f]{6})$/.exec(v);
  if (m) return `#${m[1]}`;
  m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*(1|1\.0+)\s*)?\)$/.exec(v);
  if (m) return `#${[m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, "0")).join("")}`;
  return undefined;
}

/** The background colour declared by `background-color` or the `background` shorthand. */
export function backgroundColour(d: Declarations): string | undefined {
  const bc = normaliseColour(d.get("background-color"));
  if (bc) return bc;
  const bg = d.get("background");
  if (!bg) return undefined;
  for (const token of bg.split(/\s+(?![^(]*\))/)) {
    const c = normaliseColour(token);
    if (c) return c;
  }
  return undefined;
}
