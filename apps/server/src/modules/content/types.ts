// Information types (PRODUCT §3.3) as data: what each type requires of its fields.
export interface DocType {
  key: string;
  name: string;
  /** Shows the 信息公开 metadata block (索引号, 发布机构, 成文日期, 文号 …). */
  disclosure: boolean;
  /** Must carry source site, original link and reprint time. */
  reprint?: boolean;
  /** Policy documents can be marked important: then an interpretation must be linked. */
  policy?: boolean;
  interpretation?: boolean;
  /** Default 主题分类 / 体裁 for the disclosure catalogue. */
  genre?: string;
}

export const DOC_TYPES: DocType[] = [
  { key: "news", name: "工作动态", disclosure: false, genre: "其他" },
  { key: "notice", name: "通知公告", disclosure: true, genre: "通知" },
  { key: "policy", name: "政策文件", disclosure: true, policy: true, genre: "文件" },
  { key: "interpretation", name: "政策解读", disclosure: true, interpretation: true, genre: "解读" },
  { key: "reprint", name: "转载信息", disclosure: false, reprint: true, genre: "其他" },
  { key: "statistics", name: "统计数据", disclosure: true, genre: "统计信息" },
  { key: "report", name: "工作报告", disclosure: true, genre: "报告" },
  { key: "personnel", name: "人事信息", disclosure: true, genre: "公告" },
  { key: "picture", name: "图片新闻", disclosure: false, genre: "其他" },
  { key: "video", name: "视频新闻", disclosure: false, genre: "其他" },
  { key: "leader", name: "领导信息", disclosure: true, genre: "其他" },
  { key: "institution", name: "机构概况", disclosure: true, genre: "其他" },
];

export const docType = (key: string) => DOC_TYPES.find((t) => t.key === key);

export const VALIDITY = ["有效", "失效", "废止", "已修改"] as const;
export type Validity = (typeof VALIDITY)[number];

/** 主题分类 of the national 政府信息公开目录 (国务院组织机构 … 其他), shortened to the common ones. */
export const TOPICS = [
  "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源", "农业、林业、水利",
  "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育",
  "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察",
  "公安、安全、司法", "民政、扶贫、救灾", "民族、宗教", "对外事务", "港澳台侨工作", "国防", "其他",
] as const;
