/**
 * Every sentence the auditor shows a person, in Chinese, each naming the rule it applies.
 * Kept in one place so the wording and the citations stay consistent.
 */
import type { ColumnClass, LinkProblem, PageKind } from "./types.ts";

export const REF = {
  inspection: "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）",
  design: "《政府网站发展指引》（国办发〔2017〕47号）附件《政府网站网页设计规范》",
  icp: "《非经营性互联网信息服务备案管理办法》第十三条",
  census: "《全国政府网站普查评分表》（国办发〔2015〕15号）",
} as const;

export const KIND_LABEL: Record<PageKind, string> = {
  home: "首页",
  column: "栏目页",
  article: "内容页",
  other: "页面",
};

export const META_MEANING: Record<string, string> = {
  SiteName: "网站名称",
  SiteDomain: "网站域名",
  SiteIDCode: "网站标识码",
  ColumnName: "栏目名称",
  ColumnDescription: "栏目描述",
  ColumnKeywords: "栏目关键词",
  ColumnType: "栏目类别",
  ArticleTitle: "文章标题",
  PubDate: "发布时间",
  ContentSource: "信息来源",
};

export const CLASS_LABEL: Record<ColumnClass, string> = {
  dynamic: "动态、要闻",
  notice: "通知公告、政策文件",
  plan: "人事、规划计划",
  other: "其他",
};

export const PROBLEM_LABEL: Record<LinkProblem, string> = {
  not_found: "页面不存在（404）",
  gone: "页面已删除（410）",
  forbidden: "拒绝访问（403/401），可能是对方拦截了自动访问",
  throttled: "对方限制访问频率（429），等待后仍未放行",
  server_error: "对方服务器错误（5xx），重试后仍失败",
  timeout: "超时未响应",
  network: "网络连接失败",
  dns: "域名无法解析",
  tls: "HTTPS 证书错误",
  bot_block: "对方的防护系统拦截了自动访问",
  status: "返回异常状态",
  redirect_loop: "循环跳转或跳转次数过多",
  invalid_url: "链接地址无效",
};

/** "in N days" for an early warning; 0 means today is the last day. */
function left(days: number): string {
  return days <= 0 ? "今天不更新，明天起" : `再过 ${days} 天`;
}

export const msg = {
  unavailable: (url: string, why: string) =>
    `网站首页 ${url} 无法访问（${why}）。${REF.inspection}将“站点无法访问”列为单项否决指标：监测1周，每天访问20次以上，超过（含）15秒仍打不开的次数占比超过（含）5%即否决。`,

  brokenInSite: (status: number, why: string, pages: number, onHome: boolean) =>
    `站内链接无法访问：${why}${status ? `（HTTP ${status}）` : ""}，出现在 ${pages} 个页面${onHome ? "（含首页）" : ""}。${REF.inspection}“链接可用性”指标对首页及其他页面不能正常访问的链接逐个扣分。`,

  brokenExternal: (status: number, why: string, pages: number, onHome: boolean) =>
    `外部链接已失效：${why}${status ? `（HTTP ${status}）` : ""}，出现在 ${pages} 个页面${onHome ? "（含首页）" : ""}。${REF.inspection}“链接可用性”指标对打不开的链接（含外部链接）逐个扣分，请删除或更正。`,

  suspected: (why: string, pages: number) =>
    `链接疑似无法访问：${why}，出现在 ${pages} 个页面。这类情况常因对方限制自动访问所致，不计为死链，请人工打开核实。`,

  softNotFound: "站内页面显示“页面不存在”（软404）",

  hidden: (reason: string, host: string, pages: number) =>
    `发现隐藏链接（暗链）：${reason}，指向外部网站 ${host}，出现在 ${pages} 个页面。网页被植入暗链属于${REF.inspection}单项否决指标“安全、泄密事故等严重问题”中的内容被篡改，请立即删除并排查网站后台和服务器。`,

  foreign: (tag: string, host: string, pages: number, scripted: boolean) =>
    `页面${scripted ? "的内联脚本写入了" : "加载了"}来自 ${host} 的${tag}，出现在 ${pages} 个页面；该域名不在允许名单（本站、*.gov.cn 和已登记的域名）中。请确认是否为本单位有意引用：被挂马或植入的脚本属于${REF.inspection}单项否决指标“对安全攻击没有及时有效处置”的情形。`,

  cloaking: (as: string, what: string) =>
    `以${as}访问时页面与普通访问不同（${what}），疑似针对搜索引擎的劫持（快照劫持或跳转劫持）。属于${REF.inspection}单项否决指标“安全、泄密事故等严重问题”中的内容被篡改，请立即排查服务器和网页文件。`,

  metaMissing: (name: string, kind: PageKind, pages: number) =>
    `${pages} 个${KIND_LABEL[kind]}缺少 <meta name="${name}">（${META_MEANING[name] ?? name}）。${REF.design}规定${KIND_LABEL[kind]}必须设置该标签。`,

  pubDateFormat: (value: string, pages: number) =>
    `${pages} 个内容页的 <meta name="PubDate"> 格式不规范（如“${value}”），${REF.design}规定格式为“YYYY-MM-DD HH:MM”。`,

  footerMissing: (label: string, pages: number, home: boolean) =>
    `${pages} 个页面${home ? "（含首页）" : ""}底部缺少“${label}”。${REF.design}规定页面底部功能区应列明主办单位、联系方式、网站标识码、ICP备案编号、公安机关备案号和党政机关网站标识。`,

  icpLink: (pages: number) =>
    `${pages} 个页面的 ICP备案编号未链接至工信部备案管理系统（beian.miit.gov.cn）。依据${REF.icp}，网站应在主页底部标明备案编号并链接至备案管理系统。`,

  icpOldLink: (pages: number) =>
    `${pages} 个页面的 ICP备案编号仍链接到已停用的旧地址 miitbeian.gov.cn，应改为 https://beian.miit.gov.cn/。`,

  psbLink: (pages: number) =>
    `${pages} 个页面的公安机关备案号未链接至全国互联网安全管理服务平台（www.beian.gov.cn）。${REF.design}要求页面底部展示公安机关备案标识。`,

  siteIdInvalid: (value: string, where: string, pages: number) =>
    `${pages} 个页面${where}的网站标识码“${value}”格式不正确：应为10位数字（6位行政区划代码加4位顺序号）或“bm”加8位数字。${REF.design}规定每个页面须标明网站标识码。`,

  siteIdMismatch: (meta: string, footer: string, pages: number) =>
    `${pages} 个页面的 <meta name="SiteIDCode">（${meta}）与页面底部的网站标识码（${footer}）不一致。`,

  homeStale: (date: string, days: number, limit: number) =>
    `首页最近一条信息发布于 ${date}，已 ${days} 天没有更新。${REF.inspection}规定监测${limit}天（2周）首页无信息更新即单项否决。`,

  homeDueSoon: (date: string, days: number, limit: number) =>
    `首页最近一条信息发布于 ${date}，已 ${days} 天没有更新，${left(limit - days)}将触及${REF.inspection}“首页不更新”单项否决。`,

  homeUndated: () =>
    `首页没有显示信息发布时间，无法判断更新情况。${REF.census}注明：未注明信息发布时间的视为不更新。`,

  columnStale: (name: string, cls: ColumnClass, date: string, days: number, limit: number) =>
    `栏目“${name}”最近一条信息发布于 ${date}，已 ${days} 天没有更新（${CLASS_LABEL[cls]}类栏目应在 ${limit} 天内更新）。${REF.inspection}“栏目不更新”指标按此类栏目计数。`,

  columnDueSoon: (name: string, cls: ColumnClass, date: string, days: number, limit: number) =>
    `栏目“${name}”最近一条信息发布于 ${date}，已 ${days} 天没有更新，${left(limit - days)}将超过${CLASS_LABEL[cls]}类栏目的更新期限（${limit} 天）。`,

  columnUndated: (name: string) =>
    `栏目“${name}”的信息列表没有显示发布时间。${REF.census}注明：未注明信息发布时间的视为不更新。`,

  blank: (name: string) =>
    `栏目“${name}”是空白栏目（没有任何信息）。${REF.inspection}规定空白栏目超过（含）5个即单项否决；无信息可发的栏目应调整或撤并。`,

  vetoKeyColumns: (n: number) =>
    `动态要闻类栏目超过2周未更新、通知公告和政策文件类栏目超过6个月未更新的共 ${n} 个。${REF.inspection}“栏目不更新”规定累计超过（含）5个即单项否决。`,

  vetoKeyColumnsSoon: (n: number) =>
    `动态要闻、通知公告、政策文件类栏目已有 ${n} 个超期未更新，达到5个即触及${REF.inspection}“栏目不更新”单项否决。`,

  vetoShouldUpdate: (n: number) =>
    `应更新但长期未更新的栏目共 ${n} 个。${REF.inspection}“栏目不更新”规定超过（含）10个即单项否决。`,

  vetoBlank: (n: number) =>
    `空白栏目共 ${n} 个。${REF.inspection}“栏目不更新”规定空白栏目超过（含）5个即单项否决。`,

  truncated: (why: "max-pages" | "deadline", skipped: number) =>
    why === "max-pages"
      ? `已达到页数上限，另有 ${skipped} 个页面未检查；可用 --max-pages 调大。`
      : `已达到时间上限，另有 ${skipped} 个页面未检查。`,
};
