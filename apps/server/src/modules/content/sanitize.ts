// Rich text from the editor is sanitised on the server against an allowlist: what reaches the
// database (and so the public site) can hold no script, handler, javascript: link or SVG trick.
import sanitizeHtml from "sanitize-html";

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "h2", "h3", "h4", "h5", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "caption", "colgroup", "col", "hr", "span", "div", "pre", "code", "video", "source",
  ],
  allowedAttributes: {
    a: ["href", "title", "target", "rel"],
    img: ["src", "alt", "title", "width", "height"],
    td: ["colspan", "rowspan", "style"],
    th: ["colspan", "rowspan", "scope", "style"],
    p: ["style"],
    span: ["style"],
    div: ["style"],
    col: ["span", "width"],
    video: ["src", "controls", "poster", "width", "height"],
    source: ["src", "type"],
    ol: ["start", "type"],
  },
  allowedStyles: {
    "*": {
      "text-align": [/^(left|right|center|justify)$/],
      "text-indent": [/^\d+(\.\d+)?(em|px)$/],
    },
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https", "data"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "poster"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Content of these is dropped entirely, not kept as text.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "svg", "math", "iframe", "object", "embed", "template"],
  transformTags: {
    a: (tagName, attribs) => {
      const out: Record<string, string> = { ...attribs };
      if (out.target === "_blank") out.rel = "noopener noreferrer";
      else delete out.target;
      return { tagName, attribs: out };
    },
  },
  exclusiveFilter: (frame) => frame.tag === "img" && !!frame.attribs.src && /^data:/i.test(frame.attribs.src) && !/^data:image\/(png|jpeg|gif|webp);base64,/i.test(frame.attribs.src),
};

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** Images in the body without alternative text (accessibility, 長治 第二十二条). */
export function imagesWithoutAlt(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<img\b[^>]*>/gi)) {
    const alt = /\balt\s*=\s*"([^"]*)"/i.exec(m[0])?.[1] ?? "";
    if (!alt.trim()) out.push(/\bsrc\s*=\s*"([^"]*)"/i.exec(m[0])?.[1] ?? "");
  }
  return out;
}

/** Plain text of sanitised HTML, for checks and search. */
export function htmlToText(html: string): string {
  return sanitizeHtml(html.replace(/<(\/p|br|\/h\d|\/li|\/tr|\/div)\b[^>]*>/gi, "$&\n"), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
