/**
 * Which regulation article a finding cites, per rule profile (one per seed jurisdiction,
 * plus `national`). Messages name the article so that an editor knows why, and a reviewer
 * can point to it when rejecting a draft. A profile only lists what its own regulation
 * says; everything else falls back to the national documents.
 */

export type ProfileName = "national" | "shizhu" | "youyang" | "fengjie" | "changzhi" | "yuancheng";

export const PROFILE_NAMES: readonly ProfileName[] = [
  "national",
  "shizhu",
  "youyang",
  "fengjie",
  "changzhi",
  "yuancheng",
];

export interface Citations {
  /** Classified markings (密级标志). */
  secretMarking: string;
  /** Warning labels (内部资料, 注意保存 …). */
  secretLabel: string;
  /** Personal data. */
  pii: string;
  /** The article that allows personal data in punishment notices and mandatory disclosures. */
  piiExemption: string;
  sensitive: string;
  expression: string;
  /** Empty when no article speaks of typos; the message then cites nothing. */
  typo: string;
  advert: string;
  /** Links to illegal or blocklisted sites. */
  link: string;
}

const CHECK_INDICATORS = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）";

const NATIONAL: Citations = {
  secretMarking: `《中华人民共和国保守国家秘密法》和${CHECK_INDICATORS}单项否决指标（泄露国家秘密）`,
  secretLabel: "《中华人民共和国政府信息公开条例》第十七条（公开前保密审查）",
  pii: "《中华人民共和国政府信息公开条例》第十五条",
  piiExemption: "《中华人民共和国政府信息公开条例》第十五条",
  sensitive: `${CHECK_INDICATORS}单项否决指标（发布或链接反动、暴力、色情等内容）`,
  expression: `${CHECK_INDICATORS}单项否决指标（出现严重表述错误）`,
  typo: "",
  advert: "《国务院办公厅关于推进政务新媒体健康有序发展的意见》（国办发〔2018〕123号）",
  link: `${CHECK_INDICATORS}单项否决指标（发布或链接反动、暴力、色情等内容）`,
};

const SHIZHU_LAW = "《石柱土家族自治县人民政府网站和政务新媒体管理办法》";
const YOUYANG_LAW = "《酉阳土家族苗族自治县政府门户网站管理办法（试行）》";
const FENGJIE_LAW = "《奉节县政府网站和政务新媒体管理办法（修订）》";
const CHANGZHI_LAW = "《长治市政府网站管理办法》";
const YUANCHENG_LAW = "《源城区政府门户网站管理办法》";

const PROFILES: Record<ProfileName, Partial<Citations>> = {
  national: {},
  shizhu: {
    secretMarking: `${SHIZHU_LAW}第二十一条第（一）项`,
    secretLabel: `${SHIZHU_LAW}第二十一条第（四）项`,
    pii: `${SHIZHU_LAW}第十八条、第二十一条第（五）项`,
    piiExemption: `${SHIZHU_LAW}第十八条`,
    sensitive: `${SHIZHU_LAW}第二十一条第（三）项`,
    advert: `${SHIZHU_LAW}第十七条、第二十一条第（六）项`,
  },
  youyang: {
    secretMarking: `${YOUYANG_LAW}第二十二条第（二）项`,
    secretLabel: `${YOUYANG_LAW}第二十二条第（二）项`,
    pii: `${YOUYANG_LAW}第二十二条第（二）项`,
    sensitive: `${YOUYANG_LAW}第二十二条`,
    expression: `${YOUYANG_LAW}第二十二条（严把政治关、政策关、文字关）`,
    typo: `${YOUYANG_LAW}第二十二条（严把文字关）`,
    link: `${YOUYANG_LAW}第二十九条`,
  },
  fengjie: {
    secretMarking: `${FENGJIE_LAW}第十三条、第十六条第（一）项`,
    secretLabel: `${FENGJIE_LAW}第十三条`,
    pii: `${FENGJIE_LAW}第十三条`,
    piiExemption: `${FENGJIE_LAW}第十三条`,
    sensitive: `${FENGJIE_LAW}第十六条第（一）项`,
    expression: `${FENGJIE_LAW}第十六条第（六）项`,
    typo: `${FENGJIE_LAW}第十五条`,
  },
  changzhi: {
    advert: `${CHANGZHI_LAW}第十条`,
  },
  yuancheng: {
    secretMarking: `${YUANCHENG_LAW}第十五条`,
    secretLabel: `${YUANCHENG_LAW}第十五条`,
  },
};

export function citationsFor(profile: ProfileName = "national"): Citations {
  return { ...NATIONAL, ...PROFILES[profile] };
}

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/** "依据X，" or "" when nothing applies — keeps messages grammatical either way. */
export function according(citation: string): string {
  return citation ? `依据${citation}，` : "";
}
