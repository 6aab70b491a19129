/**
 * Commercial advertising by pattern: contact-for-business ("加微信 abc123", "QQ：12345678")
 * and solicitations for agents ("诚招代理"). Promotional phrases come from the advert
 * dictionary through the term detector.
 */
import type { Scan } from "../engine/scan.ts";
import { according } from "../regulations.ts";

const CONTACT =
  /(?:加|添加|联系|咨询|扫码加|私信|详询|垂询)?\s*(?:微信|微\s*信|威信|薇信|V信|v信|VX|vx|Vx|wx|WX|QQ|qq|扣扣|企鹅号)(?:号|群)?\s*[:：]?\s*[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])|(?:QQ|qq|扣扣)(?:号|群)?\s*[:：]?\s*[1-9]\d{4,10}(?!\d)/g;
const SOLICIT = /(?:诚招|招募|火热招募|急招|诚邀)(?:各地|全国)?(?:代理商?|加盟商?|经销商|分销商|合伙人)/g;

export function detectAdvertPatterns(scan: Scan): void {
  if (!scan.enabled("advert")) return;
  const { text } = scan;
  for (const m of text.matchAll(CONTACT)) {
    // "微信公众号：shizhufabu" is how an office names its own account.
    if (/公众号|视频号|官方|政务/.test(text.slice(Math.max(0, m.index! - 6), m.index! + m[0].length))) continue;
    scan.emit({
      rule: "advert.contact",
      category: "advert",
      severity: "block",
      start: m.index!,
      end: m.index! + m[0].length,
      message: `“${m[0].trim()}”是招揽生意的联系方式。${according(scan.citations.advert)}政府网站和政务新媒体不得刊登商业广告，请删除。`,
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
