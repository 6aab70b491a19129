// Check findings shown inside the editor. The check engine answers with offsets into the HTML the
// editor produced; here they become ProseMirror positions and inline decorations, which move with
// the text as the author keeps typing and never become part of the document.
import { Extension, type Editor } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import type { Node as PMNode } from "@tiptap/pm/model";
import type { Finding, Severity } from "../types";

export interface Highlight {
  from: number;
  to: number;
  severity: Severity;
  /** Index of the finding in the list shown beside the editor. */
  index: number;
}

const key = new PluginKey<DecorationSet>("gs-findings");

export const FindingHighlights = Extension.create({
  name: "findingHighlights",
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const next = tr.getMeta(key) as Highlight[] | undefined;
            if (next) {
              return DecorationSet.create(
                tr.doc,
                next
                  .filter((h) => h.to > h.from)
                  .map((h) =>
                    Decoration.inline(h.from, h.to, {
                      class: `gs-finding gs-finding-${h.severity}`,
                      "data-finding": String(h.index),
                    }),
                  ),
              );
            }
            return set.map(tr.mapping, tr.doc);
          },
        },
        props: {
          decorations: (state) => key.getState(state),
        },
      }),
    ];
  },
});

export function showHighlights(editor: Editor, highlights: Highlight[]): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(key, highlights).setMeta("addToHistory", false));
}

/**
 * For every offset of `html`, how many characters a reader sees before it: tags count nothing,
 * an entity counts one. `map[html.length]` is the length of the visible text.
 */
export function visibleOffsets(html: string): Int32Array {
  const n = html.length;
  const map = new Int32Array(n + 1);
  let v = 0;
  let i = 0;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === 60 /* < */) {
      let j = i + 1;
      let quote = 0;
      while (j < n) {
        const d = html.charCodeAt(j);
        if (quote) {
          if (d === quote) quote = 0;
        } else if (d === 34 || d === 39) quote = d;
        else if (d === 62 /* > */) break;
        j++;
      }
      for (let k = i; k <= j && k < n; k++) map[k] = v;
      i = j + 1;
      continue;
    }
    if (c === 38 /* & */) {
      const m = /^&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/.exec(html.slice(i, i + 40));
      if (m) {
        let width = 1;
        if (m[1]!.startsWith("#")) {
          const cp = m[1]!.startsWith("#x") || m[1]!.startsWith("#X") ? parseInt(m[1]!.slice(2), 16) : parseInt(m[1]!.slice(1), 10);
          if (cp > 0xffff) width = 2;
        }
        for (let k = i; k < i + m[0].length; k++) map[k] = v;
        v += width;
        i += m[0].length;
        continue;
      }
    }
    map[i] = v;
    v++;
    i++;
  }
  map[n] = v;
  return map;
}

interface Segment {
  v: number;
  pos: number;
  len: number;
}

function textSegments(doc: PMNode): { segments: Segment[]; text: string } {
  const segments: Segment[] = [];
  const parts: string[] = [];
  let v = 0;
  doc.descendants((node, pos) => {
    if (node.isText && node.text) {
      segments.push({ v, pos, len: node.text.length });
      parts.push(node.text);
      v += node.text.length;
    }
  });
  return { segments, text: parts.join("") };
}

function toPos(segments: Segment[], v: number, isEnd: boolean): number | null {
  for (const s of segments) {
    if (isEnd ? v > s.v && v <= s.v + s.len : v >= s.v && v < s.v + s.len) return s.pos + (v - s.v);
  }
  return null;
}

const squash = (s: string) => s.replace(/\s+/g, "");

/**
 * Places findings (offsets into `html`, which must be `editor.getHTML()` of `doc`) on the document.
 * A finding whose mapped text does not match is looked for near where it should be; a finding in
 * markup (a link target) marks the text of the element it sits in.
 */
export function placeFindings(doc: PMNode, html: string, findings: Finding[]): Highlight[] {
  const map = visibleOffsets(html);
  const { segments, text } = textSegments(doc);
  const out: Highlight[] = [];
  findings.forEach((f, index) => {
    const clamp = (x: number) => Math.max(0, Math.min(html.length, x));
    let vs = map[clamp(f.start)]!;
    let ve = map[clamp(f.end)]!;
    const wanted = squash(f.text ?? "");
    if (ve > vs && wanted && squash(text.slice(vs, ve)) !== wanted) {
      const near = text.indexOf(f.text, Math.max(0, vs - 40));
      const found = near >= 0 ? near : text.indexOf(f.text);
      if (found >= 0) {
        vs = found;
        ve = found + f.text.length;
      }
    }
    if (ve <= vs) {
      // Inside a tag (e.g. an href): mark the text node that starts there.
      const seg = segments.find((s) => s.v >= vs) ?? segments[segments.length - 1];
      if (!seg) return;
      out.push({ from: seg.pos, to: seg.pos + seg.len, severity: f.severity, index });
      return;
    }
    const from = toPos(segments, vs, false);
    const to = toPos(segments, ve, true);
    if (from === null || to === null || to <= from) return;
    out.push({ from, to, severity: f.severity, index });
  });
  return out;
}
