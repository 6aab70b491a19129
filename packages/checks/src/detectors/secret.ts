/**
 * Classified markings (密级标志) and warning labels (内部资料, 注意保存 …).
 *
 * A marking is a form, not a word: "机密★1年", "密级：秘密", "【绝密】", or the level alone on
 * its line. The same words in a sentence ("保密工作会议", "涉及商业秘密", "标注“内部资料”
 * 字样的信息不得上网") are ordinary language and must stay quiet — regulations that forbid
 * publishing markings are themselves published.
 */
import type { Scan } from "../engine/scan.ts";
import { isCjkChar } from "../engine/context-text.ts";
import { according } from "../regulations.ts";

const S = "[ \\t\\u3000]*"; // spaces that may sit between the characters of a marking
const LEVEL = `(?:绝${S}密|机${S}密|秘${S}密)`;
const STAR = "[★☆✩✪✫✭✮✯⭐*＊]";
const PERIOD = `(?:${S}(?:[0-9０-９]+|[一二三四五六七八九十两]+)${S}[年个月]+|${S}长${S}期|${S}启${S}用${S}前|${S}公${S}布${S}前)?`;

/** "机密★1年", "秘密★", "★绝密". */
const STAR_MARKING = new RegExp(`${LEVEL}${S}${STAR}${PERIOD}|${STAR}${S}${LEVEL}`, "g");
/** "密级：机密", "密级 秘密★". */
const LEVEL_FIELD = new RegExp(`密${S}级${S}[:：]?${S}${LEVEL}(?:${S}${STAR}${PERIOD})?`, "g");
/** "【机密】", "（秘密级）". */
const BRACKETED = new RegExp(`[【\\[〔（(]${S}${LEVEL}(?:级)?${S}[】\\]〕）)]`, "g");
/** The level alone on its line (the top corner of a document). */
const ALONE = new RegExp(`^[ \\t\\u3000]*${LEVEL}(?:级)?[ \\t\\u3000]*$`, "gm");

/** What the document is ("内部资料") and what the reader must do with it ("注意保存"). */
const LABEL_NOUNS = "内部文件|内部资料|内部材料|内部刊物|内部参考";
const LABEL_ORDERS = "仅供内部使用|仅限内部使用|内部使用|内部传阅|注意保存|注意保管|注意保密|不得外传|请勿外传|严禁外传|不得翻印";
const LABEL_WORDS = `${LABEL_NOUNS}|${LABEL_ORDERS}`;
const LABEL_GROUP = new RegExp(`(?:${LABEL_WORDS})(?:[ \t\u3000，、,]*(?:${LABEL_WORDS}))*`, "g");
const LABEL_AT_END = new RegExp(`(?:${LABEL_WORDS})$`);

function lastLabel(group: string): string {
  return LABEL_AT_END.exec(group)?.[0] ?? group;
}
const LABEL_ONLY = new RegExp(`^(?:${LABEL_WORDS})+$`);
const LABEL_AT_START = new RegExp(`^(?:${LABEL_WORDS})`);

/** Every marking and label contains one of these; most documents contain none. */
const MAY_HAVE_MARKING = /密|内部|注意保|外传|翻印/;

export function detectSecret(scan: Scan): void {
  if (!scan.enabled("secret")) return;
  const { text } = scan;
  if (!MAY_HAVE_MARKING.test(text)) return;
  const seen: [number, number][] = [];
  const emitMarking = (start: number, end: number) => {
    if (seen.some(([s, e]) => s < end && start < e)) return;
    seen.push([start, end]);
    const shown = text.slice(start, end);
    const quoted = isQuoted(text, start, end);
    scan.emit({
      rule: "secret.marking",
      category: "secret",
      severity: quoted ? "warn" : "block",
      start,
      end,
      message: quoted
        ? `文中引用了密级标志“${shown}”。请确认这只是举例说明，而非文件本身的密级。`
        : `发现密级标志“${shown}”。${according(scan.citations.secretMarking)}标注有密级的文电、资料严禁在政府网站和政务新媒体发布，请立即撤下并按保密审查程序处理。`,
    });
  };

  for (const re of [LEVEL_FIELD, BRACKETED, STAR_MARKING, ALONE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const lead = m[0].length - m[0].trimStart().length;
      emitMarking(m.index + lead, m.index + m[0].trimEnd().length);
    }
  }

  LABEL_GROUP.lastIndex = 0;
  for (let m = LABEL_GROUP.exec(text); m; m = LABEL_GROUP.exec(text)) {
    // "内部资料，注意保存" is one label: report it once, judged by its first word.
    const start = m.index;
    const first = LABEL_AT_START.exec(m[0])![0];
    const end = start + m[0].length;
    if (seen.some(([s, e]) => s < end && start < e)) continue;
    if (!isLabelForm(text, start, start + first.length) && !isLabelForm(text, end - lastLabel(m[0]).length, end)) continue;
    seen.push([start, end]);
    scan.emit({
      rule: "secret.label",
      category: "secret",
      severity: "block",
      start,
      end,
      message: `发现“${m[0]}”警示字样。${according(scan.citations.secretLabel)}标注有“内部文件（资料）”“注意保存（保管、保密）”等警示字样的信息不得发布，请撤下并经保密审查后处理。`,
    });
  }
}

/**
 * A label is a label when it stands apart: alone on its line or in brackets, at the head of
 * a short line, or clustered with another label ("内部资料，注意保存"). Inside an ordinary
 * sentence or in quotation marks it is talk about labels.
 */
function isLabelForm(text: string, start: number, end: number): boolean {
  if (isQuoted(text, start, end)) return false;
  // "注意保存好票据", "内部资料室": the words run on into an ordinary sentence.
  if (isCjkChar(text[end]) && !LABEL_AT_START.test(text.slice(end, end + 8))) return false;
  const lineFrom = text.lastIndexOf("\n", start - 1) + 1;
  const lineTo = nextNewline(text, end);
  const line = text.slice(lineFrom, lineTo).trim();
  if (onlyLabels(line)) return true;
  // Enclosed in brackets: "（内部资料，注意保存）".
  const open = text.slice(lineFrom, start).search(/[【\[〔（(][^【\[〔（(】\]〕）)]*$/);
  if (open >= 0) {
    const close = text.slice(end, lineTo).search(/[】\]〕）)]/);
    if (close >= 0 && onlyLabels(text.slice(lineFrom + open + 1, end + close))) return true;
  }
  // A noun label next to an order in the same sentence: "本材料系内部资料，请勿外传".
  const near = text.slice(Math.max(lineFrom, start - 10), Math.min(lineTo, end + 10));
  if (LABEL_NOUN_RE.test(near) && LABEL_ORDER_RE.test(near)) return true;
  // At the head of a short line: "内部资料 请妥善保管".
  return text.slice(lineFrom, start).trim() === "" && line.length <= 15;
}

const LABEL_NOUN_RE = new RegExp(`(?:${LABEL_NOUNS})(?![”"」’])`);
const LABEL_ORDER_RE = new RegExp(`(?<![“"「‘])(?:${LABEL_ORDERS})`);

function onlyLabels(s: string): boolean {
  const words = s.split(/[\s，、,；;。.！!【\[〔（(】\]〕）)]+/).filter(Boolean);
  return words.length > 0 && words.every((w) => LABEL_ONLY.test(w));
}

function isQuoted(text: string, start: number, end: number): boolean {
  const prev = text[start - 1];
  const next = text[end];
  return (prev === "“" || prev === "\"" || prev === "「" || prev === "‘") && (next === "”" || next === "\"" || next === "」" || next === "’" || next === "（" || next === "(");
}

function nextNewline(text: string, index: number): number {
  const i = text.indexOf("\n", index);
  return i < 0 ? text.length : i;
}
