/**
 * The character folding table used by the normaliser: one Uint16Array lookup per input
 * character, so normalisation costs the same whatever the dictionary holds.
 *
 *   FOLD[c] === 0      the character is noise (spaces, symbols inserted between characters)
 *   FOLD[c] === c      kept as is
 *   otherwise          replaced (full-width → half-width, upper → lower, traditional → simplified)
 *
 * Sentence punctuation (，。、；：？！“”《》（） and their ASCII forms) is deliberately NOT
 * noise: it is where sentences end, and a match must not run from one sentence into the next.
 */
import tsCharacters from "opencc-js/dict/TSCharacters";
import cjkCompatibility from "opencc-js/dict/CJK_Compatibility_Ideographs";

let table: Uint16Array | undefined;

export function foldTable(): Uint16Array {
  table ??= buildFoldTable();
  return table;
}

/** Characters that evasion inserts between the characters of a word. */
const NOISE =
  " \t\r\n\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" +
  "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff" +
  "\"#$%&'*+-./<=>@[\\]^_`{|}~" +
  "·•・‧∙⋅°˙ˉˇ¨´¯‐‑‒–—―‖′″‵※★☆✩✪✫✬✭✮✯✰⭐♀♂♪♫♥♡♦♢♠♣○●◎◇◆□■△▲▽▼◁▷◀▶♢※→←↑↓↔" +
  "︰︱︳︴﹉﹊﹋﹌﹍﹎﹏﹐﹑﹒﹔﹕﹖﹗﹙﹚﹛﹜﹝﹞﹟﹠﹡﹢﹣﹤﹥﹦﹨﹩﹪﹫〃〆〡〢〣〤〥〦〧〨〩";

function buildFoldTable(): Uint16Array {
  const t = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = c;

  // Full-width ASCII forms and the ideographic space.
  for (let c = 0xff01; c <= 0xff5e; c++) t[c] = c - 0xfee0;
  // Upper case folds to lower case (ASCII and the folded full-width letters alike).
  for (let c = 0x41; c <= 0x5a; c++) t[c] = c + 32;
  for (let c = 0xff21; c <= 0xff3a; c++) t[c] = c - 0xfee0 + 32;
  // Circled and parenthesised digits are a favourite way to write numbers past filters.
  for (let d = 0; d < 9; d++) {
    t[0x2460 + d] = 0x31 + d; // ①..⑨
    t[0x2474 + d] = 0x31 + d; // ⑴..⑼
    t[0x2488 + d] = 0x31 + d; // ⒈..⒐
  }

  applyOpenCC(t, cjkCompatibility);
  applyOpenCC(t, tsCharacters);

  // Noise last, so that full-width symbols folded above become noise too.
  for (let i = 0; i < NOISE.length; i++) t[NOISE.charCodeAt(i)] = 0;
  for (let c = 0xff01; c <= 0xff5e; c++) if (t[c - 0xfee0] === 0) t[c] = 0;
  return t;
}

/** Applies an OpenCC character table ("源 目标|…"), keeping only one-to-one BMP mappings. */
function applyOpenCC(t: Uint16Array, data: string): void {
  for (const pair of data.split("|")) {
    const space = pair.indexOf(" ");
    if (space !== 1) continue; // source outside the BMP
    const target = pair.slice(space + 1).split(" ")[0] ?? "";
    if (target.length !== 1) continue; // several candidates or outside the BMP
    const source = pair.charCodeAt(0);
    t[source] = t[target.charCodeAt(0)] ?? target.charCodeAt(0);
  }
}

/** Latin letters and digits need word boundaries; CJK relies on segmentation instead. */
export function isAsciiWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** CJK ideographs (BMP) — where repeated characters are collapsed. */
export function isCjk(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}
