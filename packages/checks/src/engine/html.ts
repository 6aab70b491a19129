/**
 * HTML → the text a reader sees, with a map from every visible character back to the
 * HTML source, plus the link targets. Shown attributes (alt, title) are checked as text
 * of their own; href is a link target.
 *
 * Inline elements join their neighbours ("法<b>轮</b>功" is read as one word); block
 * elements and attributes are separated by a line break so that matches never run across.
 */
import { Parser } from "htmlparser2";
import type { LinkTarget } from "./scan.ts";

export interface VisibleText {
  text: string;
  /** Visible character i comes from source [start[i], end[i]). */
  start: Int32Array;
  end: Int32Array;
  links: LinkTarget[];
  /** Visible-text ranges of <a> elements. */
  anchors: [number, number][];
}

const HIDDEN = new Set(["script", "style", "noscript", "template", "head"]);
const SHOWN_IN_HEAD = new Set(["title"]);
const INLINE = new Set([
  "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "label", "mark", "q",
  "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "strike", "big", "tt", "ins", "del",
]);
const SHOWN_ATTRIBUTES = ["alt", "title", "aria-label", "placeholder"];
const LINK_ATTRIBUTES: Record<string, string> = { a: "href", area: "href", iframe: "src", form: "action" };

export function extractVisibleText(html: string): VisibleText {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const links: LinkTarget[] = [];
  const anchors: [number, number][] = [];
  const anchorStack: number[] = [];
  let length = 0;
  let hiddenDepth = 0;
  const stack: string[] = [];

  const push = (s: string, from: number, to: number, exact: boolean) => {
    chars.push(s);
    for (let i = 0; i < s.length; i++) {
      starts.push(exact ? from + i : from);
      ends.push(exact ? from + i + 1 : to);
    }
    length += s.length;
  };
  const breakLine = (at: number) => {
    if (length > 0 && chars[chars.length - 1] !== "\n") push("\n", at, at, false);
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        stack.push(name);
        const tagStart = parser.startIndex;
        const tagEnd = parser.endIndex + 1;
        if (HIDDEN.has(name) && !SHOWN_IN_HEAD.has(name)) hiddenDepth++;
        if (!INLINE.has(name)) breakLine(tagStart);
        if (hiddenDepth > 0) return;
        const located = locateAttributes(html, tagStart, tagEnd);
        for (const attribute of SHOWN_ATTRIBUTES) {
          const value = attributes[attribute];
          const at = located.get(attribute);
          if (!value || !at || !value.trim()) continue;
          breakLine(at[0]);
          push(value, at[0], at[1], value.length === at[1] - at[0]);
          breakLine(at[1]);
        }
        const linkAttribute = LINK_ATTRIBUTES[name];
        if (linkAttribute) {
          const value = attributes[linkAttribute];
          const at = located.get(linkAttribute);
          if (value !== undefined && at) links.push({ url: value, start: at[0], end: at[1] });
        }
        if (name === "a") anchorStack.push(length);
      },
      ontext(data) {
        if (hiddenDepth > 0 && !(stack.includes("title") && stack[stack.length - 1] === "title")) return;
        const from = parser.startIndex;
        const to = parser.endIndex + 1;
        push(data, from, to, data.length === to - from);
      },
      onclosetag(name) {
        stack.pop();
        if (name === "a") {
          const from = anchorStack.pop();
          if (from !== undefined) anchors.push([from, length]);
        }
        if (HIDDEN.has(name) && !SHOWN_IN_HEAD.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        if (!INLINE.has(name)) breakLine(parser.startIndex);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { text: chars.join(""), start: Int32Array.from(starts), end: Int32Array.from(ends), links, anchors };
}

/** Source ranges of attribute values in the tag html[from, to). htmlparser2 gives values, not positions. */
function locateAttributes(html: string, from: number, to: number): Map<string, [number, number]> {
  const found = new Map<string, [number, number]>();
  const tag = html.slice(from, to);
  const re = /([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;
  const nameEnd = tag.search(/[\s/>]/);
  re.lastIndex = nameEnd < 0 ? tag.length : nameEnd;
  for (let m = re.exec(tag); m; m = re.exec(tag)) {
    const value = m[2] ?? m[3] ?? m[4] ?? "";
    const valueStart = from + m.index + m[0].length - value.length - (m[4] === undefined ? 1 : 0);
    const name = m[1]!.toLowerCase();
    if (!found.has(name)) found.set(name, [valueStart, valueStart + value.length]);
  }
  return found;
}
