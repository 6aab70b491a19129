/**
 * The content snapshot: everything the publisher needs to render one site, and nothing more.
 *
 * The server builds a snapshot from the database (published editions only — never drafts) and
 * hands it to `publishSite` / `applyChanges`. The publisher never reads the database, so a
 * snapshot must be complete: every document a page links to (a policy's interpretation, the
 * document that replaces a repealed one) must be in `documents`, or the link is left out.
 *
 * Conventions:
 * - Instants are ISO 8601 strings with an offset (`2024-05-01T09:30:00+08:00` or `…Z`).
 *   Pages show them in Asia/Shanghai time.
 * - Calendar dates (成文日期, 有效性 dates) are `YYYY-MM-DD` strings, shown as written.
 * - Ids are opaque strings, stable across snapshots; `version` grows on every published edition.
 * - HTML fields (`bodyHtml`, `noticeHtml`, …) are already sanitised by the server. Every other
 *   string is plain text and is escaped by the templates.
 */

/** Column types of the national page norms (网页设计规范, 栏目标签 ColumnType). */
export const NATIONAL_COLUMN_TYPES = [
  "首页",
  "概况信息",
  "机构职能",
  "负责人信息",
  "工作动态",
  "政策文件",
  "信息公开指南",
  "信息公开目录",
  "信息公开年报",
  "依法申请公开",
  "数据发布",
  "数据开放",
  "政策解读",
  "回应关切",
  "办事服务",
  "咨询投诉",
  "征集调查",
  "在线访谈",
] as const;
export type NationalColumnType = (typeof NATIONAL_COLUMN_TYPES)[number];

export type SiteKind = "portal" | "department" | "subsite" | "topic";

/**
 * Where a column appears on the homepage. Unset: derived from the column type
 * (政策文件 → policy, 政策解读 → interpretation, the first 工作动态 column → news);
 * `"none"` keeps a column off the homepage.
 */
export type HomeSlot = "news" | "notice" | "policy" | "interpretation" | "data" | "none";

export interface DateRange {
  /** First day, `YYYY-MM-DD`, Asia/Shanghai, inclusive. */
  from: string;
  /** Last day, `YYYY-MM-DD`, Asia/Shanghai, inclusive. */
  to: string;
}

export interface LinkRef {
  label: string;
  url: string;
}

export interface SiteInfo {
  /** Site code, `[a-z0-9-]+`; the output directory name (`data/www/<code>`). */
  code: string;
  /** 规范名称, e.g. "某某县人民政府". Used for SiteName and the header. */
  name: string;
  kind: SiteKind;
  /** English domain without scheme, e.g. "www.mmx.gov.cn". Used for SiteDomain and absolute URLs. */
  domain: string;
  /** URL scheme of absolute links (sitemap, RSS, canonical). Default "https". */
  scheme?: "https" | "http";
  /** Path under the domain where the site lives: "/" for a portal, "/fgw/" for a sub-site. */
  pathPrefix: string;
  /** 网站标识码, `^(\d{10}|bm\d{8})$`. */
  siteIdCode: string;
  /** ICP备案号 as filed, e.g. "渝ICP备05003300号". */
  icp?: string;
  /** 公安机关备案号, e.g. "渝公网安备50024202000123号", and its 14-digit record code for the link. */
  psb?: { label: string; recordCode: string };
  /** 党政机关网站标识: the certificate link issued by 编办 and optionally its image. */
  partyGovMark?: { href: string; imageUrl?: string; certNo?: string };
  /** 主办单位. */
  ownerUnitName: string;
  /** 承办单位. */
  operatorUnitName?: string;
  contact: { phone?: string; email?: string; address?: string; postcode?: string };
  /** Theme directory name under the themes root; sub-sites usually name a theme that `extends` the portal's. */
  theme: string;
  /** For sub-sites: the portal they belong to (header link "返回主站"). */
  parent?: { code: string; name: string; url: string };
  /** Days of national mourning: every page turns grey (class `mourning` on <html>). */
  mourning?: DateRange[];
  /** Build a traditional-script copy of the site under `<prefix>zh-hant/` (OpenCC). */
  traditional?: boolean;
  /** 我为政府网站找错 entry. Default: the national platform with this site's 标识码. */
  errorReportUrl?: string;
  /** 互动交流 entries on the homepage (served by the public server, e.g. `/hd/mailbox/`). */
  interaction?: LinkRef[];
  /** 政务服务 platform of the province (渝快办 …), shown with the service block. */
  serviceHall?: LinkRef;
  /** Public search API. Default "/api/public/search". */
  searchApi?: string;
  /** 依申请公开 entry (online application form). */
  disclosureApplyUrl?: string;
  /** Links in the footer (上级政府网站, 部门网站 …). */
  friendLinks?: LinkRef[];
  /** Site-level keywords / description for the homepage meta tags. */
  keywords?: string;
  description?: string;
}

export interface Column {
  id: string;
  /** Parent column id, or undefined for a top-level column. */
  parentId?: string;
  /** Path segments under the site prefix, e.g. "zwgk/zcwj". `[a-z0-9_-]` segments joined by "/". */
  slugPath: string;
  name: string;
  columnType: NationalColumnType;
  /** ColumnDescription: what the column is for. */
  description?: string;
  /** ColumnKeywords. */
  keywords?: string;
  /** 已归档: kept online, no longer updated; every page in it shows the archive banner. */
  archived?: boolean;
  /** Instant of archiving, shown in the banner. */
  archivedAt?: string;
  /** A column that is only a link (e.g. to the provincial service platform). No pages are built. */
  externalUrl?: string;
  /** Ascending sort order among siblings. */
  sort: number;
  /** Shown in the main navigation (top-level columns only). Default true. */
  inNav?: boolean;
  /** Homepage placement; see HomeSlot. */
  homeSlot?: HomeSlot;
}

export interface Attachment {
  name: string;
  url: string;
  /** Bytes. */
  size?: number;
  /** File type label or extension, e.g. "pdf", "docx". */
  type?: string;
}

export interface DocImage {
  url: string;
  alt: string;
  caption?: string;
}

/** 有效性 of a normative document. */
export type Validity = "有效" | "失效" | "废止" | "已修改";

/** 政府信息公开 metadata (the block above a policy document). */
export interface DisclosureMeta {
  /** 索引号, e.g. "11500242MB1234567X/2024-00012". */
  indexNo: string;
  /** 发布机构. */
  issuer: string;
  /** 成文日期 `YYYY-MM-DD`. */
  writtenDate?: string;
  /** 文号, e.g. "某府发〔2024〕3号". */
  docNo?: string;
  /** 主题分类, e.g. "综合政务\\政务公开". */
  topic?: string;
  /** 体裁, e.g. "通知", "意见". */
  genre?: string;
  /** Code of the 信息公开目录 category it belongs to (see SiteSnapshot.catalogue). */
  catalogueCode?: string;
  validity?: Validity;
  /** Date the validity changed (废止日期, 失效日期, 修改日期), `YYYY-MM-DD`. */
  validityDate?: string;
  /** For 废止 / 已修改: the document that replaces it. */
  replacedById?: string;
}

export interface Withdrawal {
  /** Instant of withdrawal. */
  at: string;
  /** Reason shown to readers, plain text. */
  reason: string;
  /** Optional longer notice, sanitised HTML. */
  noticeHtml?: string;
}

export interface Document {
  id: string;
  /** Edition number; grows with every published edition. */
  version: number;
  title: string;
  subtitle?: string;
  summary?: string;
  /** Sanitised HTML of the body. */
  bodyHtml: string;
  author?: string;
  /** ContentSource: 发布单位 or, for reprints, the source site. */
  source: string;
  /** For reprints: original link. */
  sourceUrl?: string;
  publishedAt: string;
  /** Last published edit; defaults to publishedAt. */
  updatedAt?: string;
  columnId: string;
  /** Other columns it is also listed in (adopted into a portal column, etc.). */
  otherColumnIds?: string[];
  keywords?: string;
  attachments?: Attachment[];
  images?: DocImage[];
  /** Pinned items come first in lists (置顶). Higher number = higher. */
  pin?: number;
  disclosure?: DisclosureMeta;
  /** A policy's interpretations, or an interpretation's policy (双向关联). */
  partnerIds?: string[];
  /** Withdrawn: the page stays with a notice; the document leaves every list. */
  withdrawn?: Withdrawal;
  /** The page only forwards readers to this URL (merged or moved content). Not listed. */
  redirectTo?: string;
  /** A stable path (relative to the site prefix) assigned at first publication. Default derived. */
  urlPath?: string;
}

/** 办事指南 with the ten key elements of the national inspection indicators. */
export interface ServiceGuide {
  id: string;
  version: number;
  /** 事项名称. */
  name: string;
  /** Grouping on the service page (主题 or 部门), e.g. "社会保障". */
  group: string;
  /** 设定依据. */
  basis?: string;
  /** 申请条件. */
  conditions?: string;
  /** 办理材料. */
  materials?: string[];
  /** 办理地点. */
  location?: string;
  /** 办理机构. */
  agency?: string;
  /** 收费标准. */
  fees?: string;
  /** 办理时间. */
  hours?: string;
  /** 联系电话. */
  phone?: string;
  /** 办理流程. */
  process?: string;
  /** 在线办理 link on the provincial platform. */
  onlineUrl?: string;
  updatedAt: string;
}

/** A category of the 信息公开目录. */
export interface CatalogueCategory {
  code: string;
  name: string;
  /** URL segment, `[a-z0-9_-]+`. */
  slug: string;
  description?: string;
  sort: number;
}

export interface SiteSnapshot {
  /** Snapshot format version; the publisher refuses versions it does not know. */
  format: 1;
  site: SiteInfo;
  columns: Column[];
  documents: Document[];
  services?: ServiceGuide[];
  /** 信息公开目录 categories; documents with `disclosure.catalogueCode` are listed under them. */
  catalogue?: CatalogueCategory[];
  /** 政府信息公开指南 (sanitised HTML). The 指南 page is built when present. */
  disclosureGuideHtml?: string;
  /** 政民互动: the site's open channels, its published letters and their statistics (pages under hd/). */
  interaction?: InteractionSnapshot;
}

/** A public interaction channel as the static forms need it. */
export interface InteractionChannel {
  /** `[a-z][a-z0-9-]*`; the page is `hd/<slug>/index.html`. */
  slug: string;
  kind: "mailbox" | "consultation" | "complaint" | "suggestion" | "error_report" | "disclosure" | "solicitation" | "survey" | "interview";
  name: string;
  description?: string;
  /** Leader mailboxes: the leader's title (县长 …). */
  leaderTitle?: string;
  /** Reply period note shown above the form, plain text. */
  notice?: string;
}

/** The published (de-identified) version of a handled letter. All text is plain. */
export interface PublishedLetter {
  caseNo: string;
  channelSlug: string;
  channelName: string;
  title: string;
  content: string;
  /** 受理日期, `YYYY-MM-DD`. */
  acceptedAt: string;
  /** 答复日期, `YYYY-MM-DD`. */
  repliedAt: string;
  /** 答复部门. */
  units: string[];
  /** 答复内容. */
  reply: string;
}

/** 留言办理统计 of the current year, as published. */
export interface LetterStatisticsView {
  from: string;
  to: string;
  received: number;
  completed: number;
  averageWorkdays: number | null;
  onTimeShare: number | null;
  satisfactionShare: number | null;
  units: Array<{ unit: string; received: number; completed: number; averageWorkdays: number | null; onTimeShare: number | null }>;
  note?: string;
}

export interface InteractionSnapshot {
  /** Root of the public interaction API. Default "/api/public". */
  api?: string;
  channels: InteractionChannel[];
  /** Published letters, newest reply first. */
  letters: PublishedLetter[];
  statistics?: LetterStatisticsView;
  /** 依申请公开: the agencies an application may be addressed to. */
  disclosureUnits?: Array<{ id: string; name: string }>;
}
