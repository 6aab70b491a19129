/**
 * Traditional-script conversion of rendered HTML (OpenCC, simplified → traditional).
 * Only human-readable text is converted: text nodes and the alt, title, aria-label, placeholder
 * and content attributes, and the forms' own messages (data-msg, data-minmsg, data-patternmsg,
 * which the form script shows beside a field). Tags, URLs, scripts and styles are left as they
 * are, so a link to `/附件/通知.pdf` keeps working in the traditional tree.
 *
 * The theme's scripts carry messages of their own (hd.js: 提交成功, 正在进行安全验证, the error
 * summary …; site.js: the search page). They are not part of any page, so `traditionalScripts`
 * converts each script with Chinese text once per theme, and the traditional tree links that
 * copy (`assets/hd.hant.<hash>.js`) instead of the simplified one. Converting the whole file is
 * safe because the scripts' code is ASCII: OpenCC only maps Chinese characters, so only strings
 * and comments change. Keeping the messages in the script (rather than moving ~100 of them into
 * every page as data) leaves the simplified pages and the script exactly as they were.
 */
import * as OpenCC from "opencc-js";
import { contentHash, publishedName, type LoadedTheme, type ThemeAsset } from "./theme.ts";

type Convert = (s: string) => string;
let converter: Convert | undefined;

// Page chrome (navigation, footer, labels) repeats on every page: remember short conversions.
const memo = new Map<string, string>();
const MEMO_MAX_LEN = 160;
const MEMO_MAX_ENTRIES = 50_000;

function convert(): Convert {
  if (!converter) {
    const raw = OpenCC.Converter({ from: "cn", to: "tw" });
    converter = (s: string) => {
      if (s.length > MEMO_MAX_LEN) return raw(s);
      let r = memo.get(s);
      if (r === undefined) {
        r = raw(s);
        if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
        memo.set(s, r);
      }
      return r;
    };
  }
  return converter;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const TOKEN = /<script\b[\s\S]*?<\/script>|<style\b[\s\S]*?<\/style>|<!--[\s\S]*?-->|<[^>]*>|[^<]+/gi;
const ATTR = /(\s(?:alt|title|aria-label|placeholder|content|data-label|data-msg|data-minmsg|data-patternmsg)=")([^"]*)(")/gi;

export function toTraditional(text: string): string {
  return CJK.test(text) ? convert()(text) : text;
}

/**
 * Converts an HTML page. An element marked `lang="zh-CN"` (the 简体 switch) keeps its text.
 */
export function htmlToTraditional(html: string): string {
  const cv = convert();
  let keep: string | undefined; // tag name of an open element whose content stays simplified
  let depth = 0;
  return html.replace(TOKEN, (tok) => {
    const c0 = tok.charCodeAt(0);
    if (c0 === 60 /* < */) {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(tok);
      if (m) {
        const name = m[2]!.toLowerCase();
        if (keep) {
          if (name === keep) depth += m[1] ? -1 : 1;
          if (depth === 0) keep = undefined;
          return tok;
        }
        if (!m[1] && /\slang="zh-CN"/.test(tok) && !tok.endsWith("/>")) {
          keep = name;
          depth = 1;
          return tok;
        }
      }
      if (keep || !CJK.test(tok) || /^<(script|style|!--)/i.test(tok)) return tok;
      return tok.replace(ATTR, (_m, a: string, v: string, b: string) => a + (CJK.test(v) ? cv(v) : v) + b);
    }
    return keep || !CJK.test(tok) ? tok : cv(tok);
  });
}

const hantScripts = new Map<string, Map<string, ThemeAsset>>();

/**
 * Traditional-script copies of the theme's scripts that contain Chinese text, by asset name
 * (e.g. "hd.js" → { published: "hd.hant.<hash>.js", content }). Scripts without Chinese text
 * (the proof-of-work worker, prefs.js) have none: the traditional tree uses the simplified file.
 * Computed once per theme content (the theme hash covers every asset and override).
 */
export function traditionalScripts(theme: LoadedTheme): Map<string, ThemeAsset> {
  let out = hantScripts.get(theme.hash);
  if (out) return out;
  out = new Map();
  for (const a of theme.assets.values()) {
    if (!a.name.endsWith(".js")) continue;
    const text = a.content.toString("utf8");
    if (!CJK.test(text)) continue;
    const content = Buffer.from(convert()(text), "utf8");
    out.set(a.name, { name: a.name, published: publishedName(a.name, contentHash(content), "hant"), content });
  }
  if (hantScripts.size > 32) hantScripts.clear();
  hantScripts.set(theme.hash, out);
  return out;
}
