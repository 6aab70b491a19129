/**
 * Personal data (个人隐私): ID numbers, bank cards, personal mobile and home numbers,
 * personal e-mail, passports. Each finding carries the de-identified form as suggestion.
 *
 * What an office publishes about itself is not personal data: a number after 办公电话,
 * 咨询电话, 监督电话, 传真 …, an address on a government domain. In punishment notices and
 * mandatory disclosures the law allows the necessary personal data, so findings there are
 * warnings (the reviewer still checks that only the necessary data is shown).
 */
import { before } from "../engine/context-text.ts";
import type { Scan } from "../engine/scan.ts";
import { according } from "../regulations.ts";
import type { Severity } from "../types.ts";
import { isBankCard, isValidId15, isValidId18, looksLikeId18, mask } from "./pii-validate.ts";

const CARD_GROUPS = /^\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?$/;
const MOBILE_FORM = /^(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}$/;
const LANDLINE_FORM = /^(?:0\d{2,3}[ -]?)?[2-9]\d{6,7}$/;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
const PASSPORT = /(?<![0-9A-Za-z])(?:E[A-HJ-NP-Z0-9]\d{7}|[EGDSP]\d{8})(?![0-9A-Za-z])/g;

/** Labels under which an office publishes its own numbers. */
const OFFICE_LABEL = /(?:办公|咨询|监督|投诉|举报|值班|受理|服务|业务|公开|热线|传真|总机|政务|单位)[^，。；\n]{0,8}$/i;
/** A person named just before the label makes the number theirs, whatever the label. */
const PERSON_BEFORE = /(?:联系人|负责人|申请人|当事人|被处罚人|本人|姓名|户主|家属)[:：]?\s*[\u4e00-\u9fff·]{1,5}[，,、\s]*(?:联系)?(?:电话|手机|邮箱)?[:：]?\s*$/;
const PERSONAL_LABEL = /(?:家庭|住宅|私人|个人|本人)(?:电话|号码|固话)|宅电/;
const CONTEXT_ID = /身份证|身份号码|证件号|公民身份/;
const CONTEXT_PASSPORT = /护照/;
const NOT_A_CARD = /信用代码|社会信用|注册号|编号|文号|订单|单号|流水号|批准号|批文号|准考证|许可证|合同号|索引号|条码/;

const FREE_MAIL_DEFAULT = [
  "qq.com", "vip.qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "vip.163.com", "sina.com", "sina.cn",
  "sohu.com", "139.com", "189.cn", "wo.cn", "aliyun.com", "gmail.com", "hotmail.com", "outlook.com", "live.com",
  "yahoo.com", "icloud.com", "me.com",
];

/** Cheap tests that let most documents skip the expensive patterns altogether. */
const HAS_NUMBER = /\d{3}[ -]?\d{4}/;

export function detectPii(scan: Scan): void {
  if (!scan.enabled("pii")) return;
  const { text } = scan;
  const numbers = HAS_NUMBER.test(text);
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => a < e && s < b);
  const exempt = scan.ctx.documentKind === "punishment_notice" || scan.ctx.documentKind === "mandatory_disclosure";
  const report = (rule: string, start: number, end: number, what: string, masked: string, severity: Severity = "block") => {
    taken.push([start, end]);
    const finalSeverity: Severity = exempt && severity === "block" ? "warn" : severity;
    const message = exempt
      ? `发现${what}。本文属于${scan.ctx.documentKind === "punishment_notice" ? "惩戒公示" : "强制性信息披露"}，${according(scan.citations.piiExemption)}可公开必要的个人信息，但请确认确有公开必要，不必要的部分建议去标识化为“${masked}”。`
      : `发现${what}。${according(scan.citations.pii)}涉及个人隐私的信息不得公开，应当去标识化处理后再发布，建议改为“${masked}”。`;
    scan.emit({ rule, category: "pii", severity: finalSeverity, start, end, suggestion: masked, message });
  };

  if (numbers) {
    for (const run of digitRuns(text)) classifyRun(run, report, free, taken, text, scan.now);
  }

  const freeMail = scan.dictionaries.domains.freemail.length > 0 ? scan.dictionaries.domains.freemail : FREE_MAIL_DEFAULT;
  if (text.includes("@")) for (const m of text.matchAll(EMAIL)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (!free(start, end)) continue;
    const verdict = classifyEmail(m[0], freeMail);
    if (verdict === "official") continue;
    if (verdict === "free") {
      const lead = before(text, start, 24);
      if (OFFICE_LABEL.test(lead) && !PERSON_BEFORE.test(lead)) {
        taken.push([start, end]);
        scan.emit({
          rule: "pii.office-email",
          category: "pii",
          severity: "info",
          start,
          end,
          message: `单位公开的邮箱“${m[0]}”使用的是商业免费邮箱，建议改用政务邮箱（.gov.cn）。`,
        });
        continue;
      }
      report("pii.email", start, end, `个人电子邮箱“${m[0]}”`, mask.email(m[0]));
    }
  }

  if (text.includes("护照")) for (const m of text.matchAll(PASSPORT)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (!free(start, end) || !CONTEXT_PASSPORT.test(before(text, start, 20))) continue;
    report("pii.passport", start, end, `护照号码“${m[0]}”`, mask.passport(m[0]));
  }
}

/** official: on a government domain; free: a personal mailbox provider; other: a company or school. */
export function classifyEmail(address: string, freeMail: readonly string[] = FREE_MAIL_DEFAULT): "official" | "free" | "other" {
  const domain = address.slice(address.lastIndexOf("@") + 1).toLowerCase();
  if (domain === "gov.cn" || domain.endsWith(".gov.cn")) return "official";
  return freeMail.some((d) => domain === d || domain.endsWith(`.${d}`)) ? "free" : "other";
}

type Reporter = (rule: string, start: number, end: number, what: string, masked: string, severity?: Severity) => void;

/** A run of digits with single spaces or hyphens between them, as numbers are written. */
interface DigitRun {
  start: number;
  end: number;
  /** The run as written. */
  raw: string;
}

/**
 * One pass over the text finding the numbers worth a look (at least 7 digits). Cheaper than
 * one regular expression per kind of number, and most text has none.
 */
export function digitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    const plus = c === 0x2b && i + 1 < n && isDigit(text.charCodeAt(i + 1));
    if (!isDigit(c) && !plus) {
      i++;
      continue;
    }
    const start = i;
    let digits = 0;
    if (plus) i++;
    while (i < n) {
      c = text.charCodeAt(i);
      if (isDigit(c)) {
        digits++;
        i++;
      } else if ((c === 0x20 || c === 0x2d) && i + 1 < n && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i - 1))) {
        i++;
      } else break;
    }
    // The check character of an ID number.
    if (i < n && (text[i] === "X" || text[i] === "x") && digits === 17) i++;
    if (digits >= 7 && !isWordChar(text.charCodeAt(start - 1)) && !isWordChar(text.charCodeAt(i))) {
      runs.push({ start, end: i, raw: text.slice(start, i) });
    }
    while (i < n && isWordChar(text.charCodeAt(i))) i++; // skip the rest of a code like "AB12345678CD"
  }
  return runs;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Decides what a number is: ID (18 or 15), bank card, mobile, or a home landline. */
function classifyRun(
  run: DigitRun,
  report: Reporter,
  free: (s: number, e: number) => boolean,
  taken: [number, number][],
  text: string,
  now: Date,
): void {
  const pieces = [run];
  // "2023 13812345678" is two numbers; try the pieces when the whole is nothing.
  if (/[ -]/.test(run.raw)) {
    let offset = 0;
    for (const piece of run.raw.split(/[ -]/)) {
      if (piece.length >= 7) pieces.push({ start: run.start + offset, end: run.start + offset + piece.length, raw: piece });
      offset += piece.length + 1;
    }
  }
  for (const { start, end, raw } of pieces) {
    if (!free(start, end)) continue;
    const digits = raw.replace(/[ -]/g, "");
    if (/^\d{17}[\dXx]$/.test(raw)) {
      if (isValidId18(raw, now)) {
        report("pii.id-card", start, end, `公民身份号码“${raw}”`, mask.id(raw));
        continue;
      }
      // Region and date fit but the check character does not: not an ID number, and not a card either.
      if (looksLikeId18(raw, now)) {
        taken.push([start, end]);
        continue;
      }
    }
    if (/^\d{15}$/.test(raw) && isValidId15(raw, now)) {
      // Fifteen digits are also business licence numbers; without "身份证" nearby it is only a warning.
      const labelled = CONTEXT_ID.test(before(text, start, 20));
      report("pii.id-card-15", start, end, `15位旧版公民身份号码“${raw}”`, mask.id(raw), labelled ? "block" : "warn");
      continue;
    }
    if (CARD_GROUPS.test(raw) && isBankCard(digits) && !NOT_A_CARD.test(before(text, start, 16))) {
      report("pii.bank-card", start, end, `银行卡号（金融账号）“${raw}”`, mask.card(digits));
      continue;
    }
    if (MOBILE_FORM.test(raw)) {
      const lead = before(text, start, 24);
      if (OFFICE_LABEL.test(lead) && !PERSON_BEFORE.test(lead)) {
        taken.push([start, end]);
        continue;
      }
      report("pii.mobile", start, end, `个人手机号码“${raw}”`, mask.mobile(digits.slice(-11)));
      continue;
    }
    // Fixed lines are offices' unless the text says they are someone's home.
    if (LANDLINE_FORM.test(raw) && PERSONAL_LABEL.test(before(text, start, 12))) {
      report("pii.landline", start, end, `个人固定电话“${raw}”`, mask.landline(raw));
    }
  }
}
