// Findings come back as offsets into the editor's HTML; they must land on the same characters of
// the document, whatever tags and entities stand before them.
import { describe, expect, it } from "vitest";
import { Schema } from "@tiptap/pm/model";
import { placeFindings, visibleOffsets } from "./highlights";
import type { Finding } from "../types";

const schema = new Schema({
  nodes: {
    doc: { content: "block+" },
    paragraph: { group: "block", content: "inline*" },
    image: { group: "block", attrs: { src: {}, alt: { default: "" } } },
    text: { group: "inline" },
  },
  marks: { strong: {}, link: { attrs: { href: {} } } },
});

const finding = (html: string, text: string, severity: Finding["severity"] = "block", nth = 0): Finding => {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = html.indexOf(text, start + 1);
  return { rule: "t", category: "pii", severity, start, end: start + text.length, line: 1, column: 1, text, message: "" };
};

describe("visibleOffsets", () => {
  it("counts nothing for tags and one character for an entity", () => {
    const html = '<p>a&amp;b</p><p title="x>y">c</p>';
    const map = visibleOffsets(html);
    expect(map[html.indexOf("a")]).toBe(0);
    expect(map[html.indexOf("b")]).toBe(2);
    expect(map[html.indexOf("c")]).toBe(3);
    expect(map[html.length]).toBe(4);
  });
});

describe("placeFindings", () => {
  it("maps HTML offsets to document positions across paragraphs, marks and entities", () => {
    const doc = schema.node("doc", null, [
      schema.node("paragraph", null, [schema.text("联系人 "), schema.text("张三", [schema.marks.strong.create()]), schema.text(" & 李四")]),
      schema.node("image", { src: "/api/media/1", alt: "现场" }),
      schema.node("paragraph", null, [schema.text("电话13800138000。")]),
    ]);
    const html = '<p>联系人 <strong>张三</strong> &amp; 李四</p><img src="/api/media/1" alt="现场"><p>电话13800138000。</p>';
    const found = placeFindings(doc, html, [finding(html, "13800138000"), finding(html, "李四", "warn"), finding(html, "张三", "info")]);
    expect(found).toHaveLength(3);
    for (const h of found) {
      const expected = ["13800138000", "李四", "张三"][h.index];
      expect(doc.textBetween(h.from, h.to)).toBe(expected);
    }
    expect(found.map((h) => h.severity)).toEqual(["block", "warn", "info"]);
  });

  it("marks the link text when a finding points into the tag (its href)", () => {
    const doc = schema.node("doc", null, [
      schema.node("paragraph", null, [schema.text("详见"), schema.text("此处", [schema.marks.link.create({ href: "javascript:alert(1)" })]), schema.text("。")]),
    ]);
    const html = '<p>详见<a href="javascript:alert(1)">此处</a>。</p>';
    const start = html.indexOf("javascript:");
    const [h] = placeFindings(doc, html, [{ rule: "link", category: "link", severity: "block", start, end: start + 19, line: 1, column: 1, text: "javascript:alert(1)", message: "" }]);
    expect(h && doc.textBetween(h.from, h.to)).toBe("此处");
  });
});
