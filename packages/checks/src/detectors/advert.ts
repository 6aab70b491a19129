/**
 * Commercial advertising by pattern: contact-for-business ("加微信 abc123", "QQ：12345678")
 * and solicitations for agents ("诚招代理"). Promotional phrases come from the advert
 * dictionary through the term detector.
 */
import type { Scan } from "../engine/scan.ts";
import { according } from "../regulations.ts";

// The pattern starts at the messenger's name so that the regular expression engine can skip
// ahead to it; the verb before it ("加", "联系") is picked up afterwards.
const CONTACT =
  /(?:微信|微\s信|威信|薇信|V信|v信|VX|vx|Vx|wx|WX)(?:号|群)?\s*[:：]?\s*[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])|(?:QQ|qq|扣扣|企鹅)(?:号|群)?\s*[:：]?\s*(?:[1-9]\d{4,10}(?!\d)|[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-]))/g;
const VERB_BEFORE = /(?:加|添加|联系|咨询|扫码加|私信|详询|垂询)\s*$/;
const SOLICIT = /(?:诚招|招募|火热招募|急招|诚邀)(?:各地|全国)?(?:代理商?|加盟商?|经销商|分销商|合伙人)/g;

export function detectAdvertPatterns(scan: Scan): void {
  if (!scan.enabled("advert")) return;
  const { text } = scan;
  for (const m of text.matchAll(CONTACT)) {
    // "微信公众号：shizhufabu" is how an office names its own account.
    if (/公众号|视频号|官方|政务/.test(text.slice(Math.max(0, m.index! - 6), m.index! + m[0].length))) continue;
    const verb = VERB_BEFORE.exec(text.slice(Math.max(0, m.index! - 6), m.index!));
    const start = m.index! - (verb ? verb[0].length : 0);
    const end = m.index! + m[0].length;
    scan.emit({
      rule: "advert.contact",
      category: "advert",
      severity: "block",
      start,
      end,
      message: `“${text.slice(start, end)}”是招揽生意的联系方式。${according(scan.citations.advert)}政府网站和政务新媒体不得刊登商业广告，请删除。`,
    });
  }
  for (const m of text.matchAll(SOLICIT)) {
    scan.emit({
      rule: "advert.solicit",
      category: "advert",
      severity: "block",
      start: m.index!,
      end: m.index! + m[0].length,
      message: `“${m[0]}”属于招商加盟类商业广告。${according(scan.citations.advert)}政府网站和政务新媒体不得刊登商业广告，请删除。`,
    });
  }
}
