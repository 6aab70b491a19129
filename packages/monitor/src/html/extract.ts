/**
 * One pass over a page (with the fast reader of scan.ts, or htmlparser2's callback parser when the
 * page needs it: both give the same events), collecting everything the page checks need: metas,
 * links with their text and whether people can see them, scripts and frames, the footer's text,
 * the dates of list items, and the text a reader sees (for the content checks, so that the page is
 * parsed once, not twice). No DOM is built; every list is capped.
 */
import { Parser } from "htmlparser2";
import { Attrs, scanHtml, type Sink } from "./scan.ts";
import {
  addStylesheet,
  backgroundColour,
  declarationsFor,
  emptyRules,
  hiddenReason,
  normaliseColour,
  type StyleRules,
} from "./css.ts";

export interface FoundLink {
  /** The attribute value as written (trimmed, not yet resolved). */
  href: string;
  tag: string;
  /** Link text (or the image's alt), whitespace not yet collapsed, at most 120 characters. */
  text: string;
  /** Why people cannot see it (Chinese), when they cannot. */
  hidden?: string;
  /** Inside the page footer. */
  footer: boolean;
}

export interface DatedItem {
  /** YYYY-MM-DD */
  date: string;
  href: string;
}

export interface PageFacts {
  title: string;
  h1: string;
  /** Meta name (lower case) → content of its first occurrence. */
  metas: Map<string, string>;
  links: FoundLink[];
  /** Targets the content checks judge as links: a/area href, iframe src, form action. */
  targets: string[];
  /** src of <script>, <iframe>, <frame>, <embed>, data of <object>. */
  embeds: Array<{ tag: string; src: string }>;
  /** URLs written into the page by inline scripts (document.write, createElement + src). */
  scriptedUrls: string[];
  footer: { found: boolean; text: string };
  /** The last characters of the page's text, when no footer container was found (else empty). */
  tail: string;
  /** List items (li, tr, dd, dt) with a link and a date. */
  items: DatedItem[];
  /** Dates anywhere in the page text outside the footer (capped). */
  dates: string[];
  /** The 党政机关网站标识 (conac.cn seal) is present. */
  conacMark: boolean;
  /** The page says its list is empty (暂无信息 …). */
  emptyNotice: boolean;
  /** Characters of visible text. */
  textLength: number;
  /** The text shows publishing information (发布时间, 来源 …), as article pages do. */
  pubInfo: boolean;
  /** The page says its column is archived (已归档): no longer updated, kept for reference. */
  archived: boolean;
  /**
   * What a reader sees, read the way the check engine reads HTML: inline elements joined, block
   * elements and shown attributes (alt, title, aria-label, placeholder) on lines of their own.
   */
  lines: string[];
  base?: string;
}

const MAX_LINKS = 5000;
const MAX_ITEMS = 1000;
const MAX_DATES = 500;
const MAX_FOOTER = 4000;
const MAX_TEXT = 2_000_000;
const TAIL = 2000;

/** What the walk needs to know about a tag, looked up once per element. */
const INLINE = 1; // joins its neighbours in the text, as in the check engine
const UNSEEN = 2; // not shown to readers (the <title> excepted), as in the check engine
const ITEM = 4; // a list item whose link and date make a dated entry
const RAW = 8; // raw text content
const TAGS = new Map<string, number>();
for (const t of ["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "label", "mark", "q",
  "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "strike", "big", "tt", "ins", "del"]) TAGS.set(t, INLINE);
for (const t of ["script", "style", "noscript", "template", "head"]) TAGS.set(t, (TAGS.get(t) ?? 0) | UNSEEN);
for (const t of ["li", "tr", "dd", "dt"]) TAGS.set(t, (TAGS.get(t) ?? 0) | ITEM);
for (const t of ["script", "style", "noscript", "template", "textarea"]) TAGS.set(t, (TAGS.get(t) ?? 0) | RAW);
const HANDLED = 16; // read by the switch in `open`
for (const t of ["a", "area", "img", "link", "script", "iframe", "frame", "embed", "object", "form", "meta", "base", "title", "h1", "time"]) {
  TAGS.set(t, (TAGS.get(t) ?? 0) | HANDLED);
}
const FOOTER_NAME = /(^|[\s_-])(foot|footer|bottom|copyright|copy|banquan|bq|dibu)([\s_-]|\d|$)/i;
const EMPTY_NOTICE = /[暂暫][无無]([相]?[关關])?(信息|[资資]?[讯訊]|内容|[数數]据|[记記][录錄]|文章|新[闻聞]|公告)|没有(找到)?(相[关關])?(信息|[记記][录錄]|内容)/;
const ARCHIVED = /已[归歸][档檔]/;
const PUB_INFO = /([发發]布|[发發]佈|[发發]文|成文|更新)([时時][间間]|日期)|信息[来來]源|[来來]源\s*[:：]/;
export const DATE_RE = /(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(0?[1-9]|1[0-2])\s*[-/.月]\s*(0?[1-9]|[12]\d|3[01])(?!\d)/g;

interface Frame {
  hidden?: string;
  colour?: string;
  background?: string;
  footer: boolean;
}

interface AnchorAcc {
  link: FoundLink;
  frameHidden?: string;
  visible: boolean;
  innerHidden?: string;
  text: string;
}

interface ItemAcc {
  text: string;
  href?: string;
}

/** Dates found in a string, as YYYY-MM-DD. */
export function datesIn(text: string, out: string[], max = Infinity): void {
  DATE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_RE.exec(text)) && out.length < max) {
    out.push(`${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`);
  }
}

/** Characters of `s` that are not white space (as /\s/ has it). */
function nonSpace(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c < 127) n++;
    else if (!(c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff)) n++;
  }
  return n;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** Same as html.includes("<style") || html.includes("<STYLE"), in one pass. */
const STYLE_TAG = /<(?:style|STYLE)/;

/** PageFacts with the text length counted only when asked for (few pages need it). */
class Facts implements PageFacts {
  title = "";
  h1 = "";
  metas = new Map<string, string>();
  links: FoundLink[] = [];
  targets: string[] = [];
  embeds: Array<{ tag: string; src: string }> = [];
  scriptedUrls: string[] = [];
  footer = { found: false, text: "" };
  tail = "";
  items: DatedItem[] = [];
  dates: string[] = [];
  conacMark = false;
  emptyNotice = false;
  pubInfo = false;
  archived = false;
  lines: string[] = [];
  declare base?: string;
  #body = "";
  #textLength: number | undefined;

  setBody(body: string): void {
    this.#body = body;
  }

  get textLength(): number {
    return (this.#textLength ??= nonSpace(this.#body));
  }
}

const PARSER_OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

/**
 * The page's facts. It is read with the fast reader (html/scan.ts), or with htmlparser2 when the
 * fast reader does not model something in the page; both give the same events.
 */
export function extractPage(html: string): PageFacts {
  return read(html, true) ?? read(html, false)!;
}

/** The page read by one reader: "fast" gives undefined when it leaves the page to htmlparser2 (for the tests). */
export function extractPageWith(html: string, reader: "fast" | "htmlparser2"): PageFacts | undefined {
  return read(html, reader === "fast");
}

function read(html: string, fast: boolean): PageFacts | undefined {
  const rules: StyleRules = emptyRules();
  // Style blocks apply wherever they are in the page; read them all before walking the elements.
  if (STYLE_TAG.test(html)) {
    const re = /<style[^>]*>([\s\S]*?)<\/style>/gi;
    let m: RegExpExecArray | null;
    while ((m = re.exec(html))) addStylesheet(m[1]!, rules);
  }
  const styled = rules.byClass.size > 0 || rules.byId.size > 0;

  const facts = new Facts();
  const root: Frame = { footer: false };
  const stack: Frame[] = [root];
  const items: ItemAcc[] = [];
  const lines = facts.lines;
  let line = "";
  let textSize = 0;
  // The text outside the footer: its pieces, joined once at the end (appending each piece to a
  // string made two strings per piece).
  const bodyParts: string[] = [];
  let bodyLength = 0;
  let body = "";
  let unseen = 0;
  let anchor: AnchorAcc | undefined;
  let raw: string | undefined;
  let rawText = "";
  let inTitle = false;
  let titleDone = false;
  let inH1 = false;
  let h1Done = false;

  const breakLine = () => {
    if (line !== "") {
      lines.push(line);
      line = "";
    }
  };
  const show = (s: string) => {
    if (textSize >= MAX_TEXT) return;
    line += s;
    textSize += s.length;
  };
  const showAttribute = (v: string) => {
    if (!v.trim()) return;
    breakLine();
    show(v);
    breakLine();
  };

  const addLink = (href: string | undefined, tag: string, frame: Frame, text = ""): FoundLink | undefined => {
    if (!href || facts.links.length >= MAX_LINKS) return undefined;
    const h = href.trim();
    if (!h) return undefined;
    const link: FoundLink = { href: h, tag, text, footer: frame.footer };
    if (frame.hidden) link.hidden = frame.hidden;
    facts.links.push(link);
    return link;
  };

  const sink: Sink = {
      open(name, attrs) {
        const parent = stack[stack.length - 1]!;
        let frame = parent;
        const cls = attrs.class;
        const id = attrs.id;
        const style = attrs.style;
        const hiddenAttr = attrs.hidden !== undefined;
        // Most elements inherit everything; a frame of their own only when something changes.
        if (style || attrs.color || attrs.bgcolor || name === "footer" || name === "marquee" || hiddenAttr || ((cls || id) && (styled || !parent.footer))) {
          frame = { hidden: parent.hidden, colour: parent.colour, background: parent.background, footer: parent.footer };
          if (style || (styled && (cls || id))) {
            const decls = declarationsFor(rules, cls, id, style);
            if (decls) {
              frame.hidden ??= hiddenReason(decls);
              frame.colour = normaliseColour(decls.get("color")) ?? frame.colour;
              frame.background = backgroundColour(decls) ?? frame.background;
            }
          }
          // (Each on its own: the same as testing "class id" joined by a space, without building it.)
          if (!frame.footer && ((cls && FOOTER_NAME.test(cls)) || (id && FOOTER_NAME.test(id)))) frame.footer = true;
          if (hiddenAttr) frame.hidden ??= "hidden 属性隐藏";
          if (attrs.color) frame.colour = normaliseColour(attrs.color) ?? frame.colour;
          if (attrs.bgcolor) frame.background = normaliseColour(attrs.bgcolor) ?? frame.background;
          if (name === "footer") frame.footer = true;
          if (name === "marquee") {
            const h = Number.parseInt(attrs.height ?? "", 10);
            const w = Number.parseInt(attrs.width ?? "", 10);
            const speed = Number.parseInt(attrs.scrollamount ?? "", 10);
            if ((h >= 0 && h <= 10) || (w >= 0 && w <= 10)) frame.hidden ??= "marquee 滚动区域尺寸极小";
            else if (speed >= 300) frame.hidden ??= "marquee 滚动速度极快";
          }
        }
        if (id === "_ideConac") facts.conacMark = true;
        stack.push(frame);

        const flags = TAGS.get(name) ?? 0;
        if (flags & UNSEEN) unseen++;
        if (!unseen && !(flags & INLINE)) breakLine();
        if (!unseen) {
          // The shown attributes, in the check engine's order: alt, title, aria-label, placeholder.
          if (attrs.alt) showAttribute(attrs.alt);
          if (attrs.title) showAttribute(attrs.title);
          if (attrs.ariaLabel) showAttribute(attrs.ariaLabel);
          if (attrs.placeholder) showAttribute(attrs.placeholder);
        }

        if (flags & HANDLED) switch (name) {
          case "a":
          case "area": {
            const link = addLink(attrs.href, name, frame);
            if (link) facts.targets.push(link.href);
            if (link && name === "a") {
              anchor = { link, frameHidden: frame.hidden, visible: false, text: "" };
              const last = items[items.length - 1];
              if (last && last.href === undefined) last.href = link.href;
            } else if (link) {
              link.text = collapse(attrs.alt ?? "");
            }
            break;
          }
          case "img": {
            addLink(attrs.src, "img", frame, attrs.alt ? collapse(attrs.alt) : "");
            if (attrs.src?.includes("conac.cn") || (attrs.alt && /[党黨]政[机機][关關]/.test(attrs.alt))) facts.conacMark = true;
            if (anchor && !frame.hidden) anchor.visible = true;
            if (anchor && attrs.alt && !anchor.text) anchor.text = attrs.alt;
            break;
          }
          case "link":
            if (attrs.href && /stylesheet|icon/i.test(attrs.rel ?? "")) addLink(attrs.href, "link", frame);
            break;
          case "script":
            if (attrs.src) {
              addLink(attrs.src, "script", frame);
              facts.embeds.push({ tag: "script", src: attrs.src.trim() });
              if (attrs.src.includes("conac.cn")) facts.conacMark = true;
            }
            break;
          case "iframe":
          case "frame":
          case "embed":
            if (attrs.src) {
              addLink(attrs.src, name, frame);
              facts.embeds.push({ tag: name, src: attrs.src.trim() });
              if (name === "iframe") facts.targets.push(attrs.src.trim());
            }
            break;
          case "object":
            if (attrs.data) facts.embeds.push({ tag: "object", src: attrs.data.trim() });
            break;
          case "form":
            if (attrs.action?.trim()) facts.targets.push(attrs.action.trim());
            break;
          case "meta": {
            const key = (attrs.name ?? attrs.property ?? "").trim().toLowerCase();
            if (key && !facts.metas.has(key)) facts.metas.set(key, (attrs.content ?? "").trim());
            if (attrs.httpEquiv?.toLowerCase() === "refresh" && attrs.content) {
              const m = /url\s*=\s*['"]?([^'";]+)/i.exec(attrs.content);
              if (m) addLink(m[1], "meta", frame);
            }
            break;
          }
          case "base":
            if (attrs.href && facts.base === undefined) facts.base = attrs.href.trim();
            break;
          case "title":
            // The page title is shown (in the tab and in search results); an <svg> title is not ours.
            if (!titleDone && unseen === 1) {
              inTitle = true;
              unseen--;
            }
            break;
          case "h1":
            if (!h1Done) inH1 = true;
            break;
          case "time":
            if (attrs.datetime && items.length > 0) items[items.length - 1]!.text += ` ${attrs.datetime}`;
            break;
        }
        if (flags & ITEM) items.push({ text: "" });
        if (flags & RAW) {
          raw = name;
          rawText = "";
        }
      },
      text(text) {
        if (raw) {
          if (raw === "script" && rawText.length < 20000) rawText += text;
          return;
        }
        if (inTitle) {
          facts.title += text;
          show(text);
          return;
        }
        if (unseen) return;
        show(text);
        if (inH1) facts.h1 += text;
        const frame = stack[stack.length - 1]!;
        if (anchor) {
          if (anchor.text.length < 80) anchor.text += text;
          const trimmed = text.trim();
          if (trimmed) {
            if (frame.hidden) anchor.innerHidden ??= frame.hidden;
            else if (frame.colour !== undefined && frame.colour === frame.background) anchor.innerHidden ??= "文字颜色与背景色相同";
            else anchor.visible = true;
          }
        }
        const item = items[items.length - 1];
        if (item && item.text.length < 400) item.text += ` ${text}`;
        if (frame.footer) {
          facts.footer.found = true;
          if (facts.footer.text.length < MAX_FOOTER) facts.footer.text += ` ${text}`;
        } else if (bodyLength < MAX_TEXT) {
          bodyParts.push(text);
          bodyLength += text.length + 1;
        }
      },
      close(name) {
        if (stack.length > 1) stack.pop();
        if (raw === name) {
          if (name === "script" && rawText) scanInlineScript(rawText, facts);
          raw = undefined;
          rawText = "";
        }
        const flags = TAGS.get(name) ?? 0;
        if (flags & UNSEEN) unseen = Math.max(0, unseen - 1);
        if (!unseen && !(flags & INLINE)) breakLine();
        if (name === "title" && inTitle) {
          inTitle = false;
          titleDone = true;
          unseen++;
        }
        if (name === "h1" && inH1) {
          inH1 = false;
          h1Done = true;
        }
        if (name === "a" && anchor) {
          const a = anchor;
          anchor = undefined;
          // Collapsed only where a report shows it (most links never appear in one).
          a.link.text = a.text.length > 120 ? a.text.slice(0, 120) : a.text;
          const reason = a.frameHidden ?? (!a.visible ? a.innerHidden : undefined);
          if (reason) a.link.hidden = reason;
          else delete a.link.hidden;
        }
        if (flags & ITEM) {
          const item = items.pop();
          if (item?.href && facts.items.length < MAX_ITEMS) {
            const found: string[] = [];
            datesIn(item.text, found, 1);
            if (found[0]) facts.items.push({ date: found[0], href: item.href });
          }
        }
      },
  };
  if (fast) {
    if (!scanHtml(html, sink)) return undefined;
  } else {
    const parser = new Parser(
      {
        onopentag: (name, attribs) => sink.open(name, Attrs.from(attribs)),
        ontext: (text) => sink.text(text),
        onclosetag: (name) => sink.close(name),
      },
      PARSER_OPTIONS,
    );
    parser.write(html);
    parser.end();
  }

  breakLine();
  facts.title = collapse(facts.title);
  facts.h1 = collapse(facts.h1);
  facts.footer.text = collapse(facts.footer.text);
  if (!facts.footer.found) {
    let tail = "";
    for (let i = lines.length - 1; i >= 0 && tail.length < TAIL * 2; i--) tail = `${lines[i]} ${tail}`;
    facts.tail = collapse(tail).slice(-TAIL);
  }
  // The page-wide signals, read once over the text outside the footer.
  // The same string as appending " " + piece for each piece.
  body = bodyParts.length > 0 ? ` ${bodyParts.join(" ")}` : "";
  facts.setBody(body);
  datesIn(body, facts.dates, MAX_DATES);
  facts.emptyNotice = EMPTY_NOTICE.test(body);
  facts.pubInfo = PUB_INFO.test(body);
  facts.archived = ARCHIVED.test(body);
  return facts;
}

const SCRIPTED_URL = /(?:src|href)\s*=\s*\\?["']?((?:https?:)?\/\/[^"'\\\s>]+)/gi;
const LOCATION_URL = /(?:location(?:\.href)?\s*=|location\.(?:replace|assign)\()\s*["']((?:https?:)?\/\/[^"']+)/gi;

/** URLs an inline script writes into the page or sends the reader to. */
function scanInlineScript(code: string, facts: PageFacts): void {
  if (!code.includes("//")) return;
  for (const re of [SCRIPTED_URL, LOCATION_URL]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(code)) && facts.scriptedUrls.length < 50) facts.scriptedUrls.push(m[1]!);
  }
}
