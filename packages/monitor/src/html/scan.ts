/**
 * A fast reader for the common shape of HTML pages, giving exactly the events htmlparser2's Parser
 * gives (with decodeEntities, lowerCaseTags and lowerCaseAttributeNames), or giving up.
 *
 * Why: htmlparser2 walks every character through a state machine and builds an attribute object
 * with dynamic keys for every element; on a crawl that was about a quarter of the CPU time. This
 * reader jumps from `<` to `<` with indexOf, slices text once per run, and fills one reused
 * attribute record with only the attributes the page checks read.
 *
 * It models: text with the usual entities, elements and attributes as htmlparser2 tokenizes them
 * (including unquoted values and attributes without values), the implied end tags, void elements,
 * the one-form rule, `</p>` and `</br>` without an open tag, comments, doctypes, bogus comments,
 * and the raw-text and RCDATA elements (script, style, iframe, xmp, noembed, noframes; title,
 * textarea). Anything else — SVG or MathML (foreign content), CDATA, <plaintext>, entities outside
 * its table, legacy entities written without a semicolon, a document ending inside a tag — makes it
 * return false, and the caller reads the page again with htmlparser2. So a page is always read the
 * way htmlparser2 (and so the check engine) reads it; the tests compare both readers.
 */

/** The attributes the page checks read; first occurrence wins, as in htmlparser2. */
export class Attrs {
  class: string | undefined = undefined;
  id: string | undefined = undefined;
  style: string | undefined = undefined;
  color: string | undefined = undefined;
  bgcolor: string | undefined = undefined;
  hidden: string | undefined = undefined;
  alt: string | undefined = undefined;
  title: string | undefined = undefined;
  ariaLabel: string | undefined = undefined;
  placeholder: string | undefined = undefined;
  href: string | undefined = undefined;
  src: string | undefined = undefined;
  rel: string | undefined = undefined;
  data: string | undefined = undefined;
  action: string | undefined = undefined;
  name: string | undefined = undefined;
  property: string | undefined = undefined;
  content: string | undefined = undefined;
  httpEquiv: string | undefined = undefined;
  datetime: string | undefined = undefined;
  height: string | undefined = undefined;
  width: string | undefined = undefined;
  scrollamount: string | undefined = undefined;

  reset(): void {
    this.class = this.id = this.style = this.color = this.bgcolor = this.hidden = undefined;
    this.alt = this.title = this.ariaLabel = this.placeholder = undefined;
    this.href = this.src = this.rel = this.data = this.action = undefined;
    this.name = this.property = this.content = this.httpEquiv = this.datetime = undefined;
    this.height = this.width = this.scrollamount = undefined;
  }

  /** Sets attribute `id` (see ATTR_IDS) unless already set. */
  set(id: number, v: string): void {
    switch (id) {
      case 0: this.class ??= v; break;
      case 1: this.id ??= v; break;
      case 2: this.style ??= v; break;
      case 3: this.color ??= v; break;
      case 4: this.bgcolor ??= v; break;
      case 5: this.hidden ??= v; break;
      case 6: this.alt ??= v; break;
      case 7: this.title ??= v; break;
      case 8: this.ariaLabel ??= v; break;
      case 9: this.placeholder ??= v; break;
      case 10: this.href ??= v; break;
      case 11: this.src ??= v; break;
      case 12: this.rel ??= v; break;
      case 13: this.data ??= v; break;
      case 14: this.action ??= v; break;
      case 15: this.name ??= v; break;
      case 16: this.property ??= v; break;
      case 17: this.content ??= v; break;
      case 18: this.httpEquiv ??= v; break;
      case 19: this.datetime ??= v; break;
      case 20: this.height ??= v; break;
      case 21: this.width ??= v; break;
      case 22: this.scrollamount ??= v; break;
    }
  }

  /** From htmlparser2's attribute object (names already lower case). */
  static from(attribs: Record<string, string>): Attrs {
    const a = new Attrs();
    for (const k in attribs) {
      const id = ATTR_IDS.get(k);
      if (id !== undefined) a.set(id, attribs[k]!);
    }
    return a;
  }
}

const ATTR_IDS = new Map<string, number>(
  ["class", "id", "style", "color", "bgcolor", "hidden", "alt", "title", "aria-label", "placeholder", "href", "src", "rel", "data",
    "action", "name", "property", "content", "http-equiv", "datetime", "height", "width", "scrollamount"].map((n, i) => [n, i]),
);

export interface Sink {
  open(name: string, attrs: Attrs): void;
  text(s: string): void;
  close(name: string): void;
}

// ---- htmlparser2's tree rules (Parser.js), HTML mode.
const pTag = new Set(["p"]);
const formTags = new Set(["input", "option", "optgroup", "select", "button", "datalist", "textarea"]);
const headingTags = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "p"]);
const tableSectionTags = new Set(["thead", "tbody"]);
const ddtTags = new Set(["dd", "dt"]);
const rtpTags = new Set(["rt", "rp"]);
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ["tr", new Set(["tr", "th", "td"])],
  ["th", new Set(["th"])],
  ["td", new Set(["thead", "th", "td"])],
  ["body", new Set(["head", "link", "script"])],
  ["a", new Set(["a"])],
  ["li", new Set(["li"])],
  ["p", pTag],
  ["h1", headingTags], ["h2", headingTags], ["h3", headingTags], ["h4", headingTags], ["h5", headingTags], ["h6", headingTags],
  ["select", formTags], ["input", formTags], ["output", formTags], ["button", formTags], ["datalist", formTags], ["textarea", formTags],
  ["option", new Set(["option"])],
  ["optgroup", new Set(["optgroup", "option"])],
  ["dd", ddtTags], ["dt", ddtTags],
  ...["address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form",
    "header", "hr", "main", "nav", "ol", "pre", "section", "table", "ul"].map((t): [string, Set<string>] => [t, pTag]),
  ["rt", rtpTags], ["rp", rtpTags],
  ["tbody", tableSectionTags], ["tfoot", tableSectionTags],
]);
const VOID = new Set(["area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input", "isindex", "keygen",
  "link", "meta", "param", "source", "track", "wbr"]);
/** Elements whose content the tokenizer does not read as markup: raw text, or RCDATA (entities decoded). */
const RAW_TEXT = new Map<string, RegExp>(
  ["script", "style", "iframe", "xmp", "noembed", "noframes", "title", "textarea"].map((t) => [t, new RegExp(`</${t}[\\t\\n\\f\\r />]`, "gi")]),
);

// ---- entities: the common ones; anything else is left to htmlparser2.
const NAMED = new Map<string, string>([
  ["amp", "&"], ["lt", "<"], ["gt", ">"], ["quot", '"'], ["apos", "'"], ["AMP", "&"], ["LT", "<"], ["GT", ">"], ["QUOT", '"'],
  ["nbsp", "\u00a0"], ["copy", "\u00a9"], ["COPY", "\u00a9"], ["reg", "\u00ae"], ["REG", "\u00ae"], ["trade", "\u2122"],
  ["middot", "\u00b7"], ["ldquo", "\u201c"], ["rdquo", "\u201d"], ["lsquo", "\u2018"], ["rsquo", "\u2019"], ["mdash", "\u2014"],
  ["ndash", "\u2013"], ["hellip", "\u2026"], ["times", "\u00d7"], ["divide", "\u00f7"], ["deg", "\u00b0"], ["plusmn", "\u00b1"],
  ["bull", "\u2022"], ["yen", "\u00a5"], ["laquo", "\u00ab"], ["raquo", "\u00bb"], ["sect", "\u00a7"], ["para", "\u00b6"],
  ["ensp", "\u2002"], ["emsp", "\u2003"], ["thinsp", "\u2009"], ["cent", "\u00a2"], ["pound", "\u00a3"], ["euro", "\u20ac"],
  ["larr", "\u2190"], ["rarr", "\u2192"], ["uarr", "\u2191"], ["darr", "\u2193"],
]);
/** Entities HTML decodes without a semicolon (the legacy ones); after a `&`, a prefix of these is not modelled. */
export const LEGACY = new Set(
  ("AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT Iacute Icirc Igrave Iuml LT Ntilde " +
    "Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN Uacute Ucirc Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring " +
    "atilde auml brvbar ccedil cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12 frac14 frac34 gt iacute icirc " +
    "iexcl igrave iquest iuml laquo lt macr micro middot nbsp not ntilde oacute ocirc ograve ordf ordm oslash otilde ouml para plusmn " +
    "pound quot raquo reg sect shy sup1 sup2 sup3 szlig thorn times uacute ucirc ugrave uml uuml yacute yen yuml").split(" "),
);

/**
 * Tag and attribute names in lower case, one string object per name: a page repeats a few dozen
 * names hundreds of times, and slicing, lower-casing and hashing each occurrence anew was a large
 * part of reading it. Names are found by a hash of their characters and checked character by
 * character, so a collision only costs a fresh string.
 */
class Names {
  private readonly table = new Map<number, string>();

  constructor(known: string[]) {
    for (const n of known) this.table.set(Names.hash(n, 0, n.length), n);
  }

  private static hash(s: string, from: number, to: number): number {
    let h = to - from;
    for (let i = from; i < to; i++) {
      let c = s.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      h = (Math.imul(h, 31) + c) | 0;
    }
    return h;
  }

  /** s[from, to) in lower case. */
  get(s: string, from: number, to: number): string {
    const len = to - from;
    let h = len;
    for (let i = from; i < to; i++) {
      let c = s.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      else if (c > 127) return s.slice(from, to).toLowerCase();
      h = (Math.imul(h, 31) + c) | 0;
    }
    const known = this.table.get(h);
    if (known !== undefined && known.length === len) {
      let i = 0;
      for (; i < len; i++) {
        let c = s.charCodeAt(from + i);
        if (c >= 65 && c <= 90) c += 32;
        if (c !== known.charCodeAt(i)) break;
      }
      if (i === len) return known;
    }
    const name = s.slice(from, to).toLowerCase();
    if (known === undefined && this.table.size < 2048) this.table.set(h, name);
    return name;
  }
}

const TAG_NAMES = new Names(
  ("html head body title meta link script style base div span a p ul ol li dl dt dd table thead tbody tfoot tr td th caption " +
    "img br hr h1 h2 h3 h4 h5 h6 form input button select option textarea label iframe frame embed object param noscript " +
    "template footer header nav main section article aside b i u s em strong small big font center pre code blockquote " +
    "marquee time sub sup area map col colgroup wbr cite abbr q ins del strike tt kbd var samp dfn bdi bdo data mark " +
    "picture source video audio canvas figure figcaption details summary fieldset legend address svg math image").split(" "),
);
const ATTR_NAMES = new Names([...ATTR_IDS.keys(), ..."type lang charset target border align valign cellpadding cellspacing colspan rowspan value method for onclick onload tabindex role frameborder scrolling allowfullscreen loading async defer media sizes srcset".split(" ")]);

/** Thrown inside the reader when the page needs htmlparser2. */
const GIVE_UP = new Error("not modelled");

const isWs = (c: number) => c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
const isEndOfTagSection = (c: number) => c === 47 || c === 62 || isWs(c);
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

let decoded = "";
/** The next "&" at or after the last position asked about (Infinity: none); reset per page. */
let nextAmp = -1;

/**
 * Where the next "&" at or after `from` is. Positions only move forward through a page, so the
 * page is searched once, not once per text run (a page without "&" would otherwise be searched to
 * its end from every run).
 */
function ampFrom(s: string, from: number): number {
  if (nextAmp < from) {
    const at = s.indexOf("&", from);
    nextAmp = at < 0 ? Infinity : at;
  }
  return nextAmp;
}

/**
 * The entity at s[amp] === "&" (read no further than `end`): the length it takes when decoded (the
 * character is left in `decoded`), 0 when the "&" is a plain character, or GIVE_UP. In attribute
 * values (`inAttribute`), a legacy name without semicolon followed by a letter, digit or "=" is
 * not decoded (HTML's rule for query strings such as "?a=1&region=2").
 */
function entityAt(s: string, amp: number, end: number, inAttribute: boolean): number {
  let k = amp + 1;
  const c = s.charCodeAt(k);
  if (c === 35 /* # */) {
    k++;
    let base = 10;
    if ((s.charCodeAt(k) | 0x20) === 120 /* x */) {
      base = 16;
      k++;
    }
    const from = k;
    let cp = 0;
    while (k < end && k - from < 7) {
      const d = s.charCodeAt(k);
      let v: number;
      if (d >= 48 && d <= 57) v = d - 48;
      else if (base === 16 && (d | 0x20) >= 97 && (d | 0x20) <= 102) v = (d | 0x20) - 87;
      else break;
      cp = cp * base + v;
      k++;
    }
    if (k === from || k >= end || s.charCodeAt(k) !== 59) throw GIVE_UP;
    // Numbers HTML maps elsewhere (NUL, C1 controls, surrogates, beyond Unicode) are htmlparser2's business.
    if (!((cp >= 1 && cp < 0x80) || (cp >= 0xa0 && cp < 0xd800) || (cp >= 0xe000 && cp <= 0x10ffff))) throw GIVE_UP;
    decoded = String.fromCodePoint(cp);
    return k + 1 - amp;
  }
  while (k < end && isAlnum(s.charCodeAt(k))) k++;
  if (k === amp + 1) return 0;
  const name = s.slice(amp + 1, k);
  if (k < end && s.charCodeAt(k) === 59) {
    const v = NAMED.get(name);
    if (v === undefined) throw GIVE_UP;
    decoded = v;
    return k + 1 - amp;
  }
  if (inAttribute) {
    // Only a whole run that is a legacy name, not followed by "=", would be decoded.
    if (name.length <= 6 && LEGACY.has(name) && !(k < end && s.charCodeAt(k) === 61)) throw GIVE_UP;
    return 0;
  }
  for (let n = 2; n <= 6 && n <= name.length; n++) if (LEGACY.has(name.slice(0, n))) throw GIVE_UP;
  return 0;
}

/** Text s[from, to) as htmlparser2 reports it: one piece, split around every decoded entity. */
function emitText(s: string, from: number, to: number, sink: Sink): void {
  let amp = ampFrom(s, from);
  if (amp >= to) {
    sink.text(s.slice(from, to));
    return;
  }
  let start = from;
  while (amp < to) {
    const n = entityAt(s, amp, to, false);
    if (n > 0) {
      if (amp > start) sink.text(s.slice(start, amp));
      sink.text(decoded);
      start = amp + n;
      amp = ampFrom(s, start);
    } else amp = ampFrom(s, amp + 1);
  }
  if (to > start) sink.text(s.slice(start, to));
}

/** An attribute value s[from, to) with its entities decoded. */
function attrValue(s: string, from: number, to: number): string {
  let amp = ampFrom(s, from);
  if (amp >= to) return s.slice(from, to);
  let out = "";
  let start = from;
  while (amp < to) {
    const n = entityAt(s, amp, to, true);
    if (n > 0) {
      out += s.slice(start, amp) + decoded;
      start = amp + n;
      amp = ampFrom(s, start);
    } else amp = ampFrom(s, amp + 1);
  }
  return out + s.slice(start, to);
}

const NO_ATTRS = new Attrs();

/**
 * Reads `html`, calling `sink` as htmlparser2's Parser would call onopentag/ontext/onclosetag.
 * Returns false (after some events, possibly) when the page needs htmlparser2.
 */
export function scanHtml(html: string, sink: Sink): boolean {
  nextAmp = -1;
  try {
    scan(html, sink);
    return true;
  } catch (e) {
    if (e === GIVE_UP) return false;
    throw e;
  }
}

function scan(s: string, sink: Sink): void {
  const n = s.length;
  const stack: string[] = [];
  const attrs = new Attrs();

  const popTo = (depth: number) => {
    while (stack.length > depth) sink.close(stack.pop()!);
  };
  const openElement = (name: string, a: Attrs) => {
    const implied = IMPLIES_CLOSE.get(name);
    if (implied) while (stack.length > 0 && implied.has(stack[stack.length - 1]!)) sink.close(stack.pop()!);
    const isVoid = VOID.has(name);
    if (!isVoid) stack.push(name);
    sink.open(name, a);
    if (isVoid) sink.close(name);
  };
  const closeElement = (name: string) => {
    if (!VOID.has(name)) {
      const at = stack.lastIndexOf(name);
      if (at !== -1) popTo(at);
      else if (name === "p") {
        NO_ATTRS.reset();
        openElement("p", NO_ATTRS);
        if (stack[stack.length - 1] === "p") sink.close(stack.pop()!);
      }
    } else if (name === "br") {
      NO_ATTRS.reset();
      sink.open("br", NO_ATTRS);
      sink.close("br");
    }
  };
  /** Skips to just after the next ">" from `from` (the end of the document if none). */
  const past = (from: number) => {
    const gt = s.indexOf(">", from);
    return gt < 0 ? n : gt + 1;
  };

  let textStart = 0;
  let i = 0;
  for (;;) {
    const lt = s.indexOf("<", i);
    if (lt < 0) break;
    // The tokenizer ends a text run at every "<", whatever follows.
    if (lt > textStart) emitText(s, textStart, lt, sink);
    textStart = lt;
    const c = s.charCodeAt(lt + 1);

    if (isAlpha(c)) {
      // ---- open tag
      let k = lt + 2;
      while (k < n && !isEndOfTagSection(s.charCodeAt(k))) k++;
      if (k >= n) throw GIVE_UP;
      const raw = TAG_NAMES.get(s, lt + 1, k);
      if (raw === "svg" || raw === "math" || raw === "plaintext") throw GIVE_UP;
      attrs.reset();
      // Attributes, as the tokenizer's states read them.
      for (;;) {
        if (k >= n) throw GIVE_UP;
        let ch = s.charCodeAt(k);
        if (ch === 62 /* > */) break;
        if (ch === 47 /* / */ || isWs(ch)) {
          k++;
          continue;
        }
        // The name's first character is taken whatever it is (even "="), as the tokenizer does.
        const nameStart = k++;
        while (k < n) {
          ch = s.charCodeAt(k);
          if (ch === 61 /* = */ || isEndOfTagSection(ch)) break;
          k++;
        }
        if (k >= n) throw GIVE_UP;
        const id = ATTR_IDS.get(ATTR_NAMES.get(s, nameStart, k));
        while (k < n && isWs(s.charCodeAt(k))) k++;
        if (k >= n) throw GIVE_UP;
        if (s.charCodeAt(k) !== 61) {
          if (id !== undefined) attrs.set(id, "");
          continue;
        }
        k++;
        while (k < n && isWs(s.charCodeAt(k))) k++;
        if (k >= n) throw GIVE_UP;
        ch = s.charCodeAt(k);
        let from: number;
        let to: number;
        if (ch === 34 || ch === 39) {
          from = k + 1;
          to = s.indexOf(ch === 34 ? '"' : "'", from);
          if (to < 0) throw GIVE_UP;
          k = to + 1;
        } else {
          from = k;
          while (k < n) {
            ch = s.charCodeAt(k);
            if (ch === 62 || isWs(ch)) break;
            k++;
          }
          if (k >= n) throw GIVE_UP;
          to = k;
        }
        if (id !== undefined) attrs.set(id, attrValue(s, from, to));
      }
      // k is at ">"
      i = textStart = k + 1;
      const name = raw === "image" ? "img" : raw;
      if (!(name === "form" && stack.includes("form"))) openElement(name, attrs);
      const end = RAW_TEXT.get(raw);
      if (end) {
        end.lastIndex = i;
        const m = end.exec(s);
        const stop = m ? m.index : n;
        if (stop > i) {
          if (raw === "title" || raw === "textarea") {
            // RCDATA: entities are decoded, but an "&" right after a partial end tag is not (a corner
            // the tokenizer has); such text is left to htmlparser2.
            const lt2 = s.indexOf("<", i);
            if (lt2 >= 0 && lt2 < stop && ampFrom(s, i) < stop) throw GIVE_UP;
            emitText(s, i, stop, sink);
          } else sink.text(s.slice(i, stop));
        }
        if (!m) {
          i = textStart = n;
          break;
        }
        closeElement(raw);
        const gt = s.indexOf(">", stop + 2 + raw.length);
        if (gt < 0) throw GIVE_UP;
        i = textStart = gt + 1;
      }
      continue;
    }

    if (c === 47 /* / */) {
      const c2 = s.charCodeAt(lt + 2);
      if (lt + 2 >= n) throw GIVE_UP;
      if (isAlpha(c2)) {
        let k = lt + 3;
        while (k < n && !isEndOfTagSection(s.charCodeAt(k))) k++;
        if (k >= n) throw GIVE_UP;
        const raw = TAG_NAMES.get(s, lt + 2, k);
        closeElement(raw === "image" ? "img" : raw);
        const gt = s.indexOf(">", k);
        if (gt < 0) throw GIVE_UP;
        i = textStart = gt + 1;
      } else if (c2 === 62) {
        i = textStart = lt + 3;
      } else {
        // A bogus comment, to the next ">".
        i = textStart = past(lt + 2);
      }
      continue;
    }

    if (c === 33 /* ! */) {
      const c2 = s.charCodeAt(lt + 2);
      if (c2 === 91 /* [ */) throw GIVE_UP;
      if (c2 === 45 /* - */ && s.charCodeAt(lt + 3) === 45) {
        const p = lt + 4;
        let endAt: number;
        if (s.charCodeAt(p) === 62) endAt = p + 1;
        else if (s.charCodeAt(p) === 45 && s.charCodeAt(p + 1) === 62) endAt = p + 2;
        else {
          const a = s.indexOf("-->", p);
          const b = s.indexOf("--!>", p);
          endAt = a < 0 && b < 0 ? n : a < 0 ? b + 4 : b < 0 || a < b ? a + 3 : b + 4;
        }
        i = textStart = endAt;
      } else if (c2 === 45) {
        i = textStart = past(lt + 3);
      } else {
        // Doctype, an empty "<!>", or a bogus comment: all end at the next ">".
        i = textStart = past(lt + 2);
      }
      continue;
    }

    if (c === 63 /* ? */) {
      i = textStart = past(lt + 2);
      continue;
    }

    // "<" that starts nothing: it stays in the text, which goes on from here.
    i = lt + 1;
  }
  if (textStart < n) emitText(s, textStart, n, sink);
  popTo(0);
}
