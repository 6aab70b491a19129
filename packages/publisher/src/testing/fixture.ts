/**
 * A small but complete county portal snapshot for tests and previews: every column type the
 * homepage uses, disclosure metadata, a policy with its interpretation, a withdrawn notice, a
 * repealed and an amended document, an archived column, a redirect and a hostile title.
 */
import type { Column, Document, SiteSnapshot } from "../types.ts";

export function fixtureColumns(): Column[] {
  return [
    { id: "xwzx", slugPath: "xwzx", name: "新闻中心", columnType: "工作动态", sort: 1, homeSlot: "none", description: "全县政务要闻、部门动态和通知公告", keywords: "新闻,要闻,动态" },
    { id: "zwyw", parentId: "xwzx", slugPath: "xwzx/zwyw", name: "政务要闻", columnType: "工作动态", sort: 1, homeSlot: "news", description: "县委、县政府重要会议和活动", keywords: "政务要闻" },
    { id: "bmdt", parentId: "xwzx", slugPath: "xwzx/bmdt", name: "部门动态", columnType: "工作动态", sort: 2, homeSlot: "none" },
    { id: "tzgg", parentId: "xwzx", slugPath: "xwzx/tzgg", name: "通知公告", columnType: "工作动态", sort: 3, homeSlot: "notice", description: "县政府及部门发布的通知、公告、公示" },
    { id: "zwgk", slugPath: "zwgk", name: "政务公开", columnType: "政策文件", sort: 2, homeSlot: "none", description: "政策文件、政策解读和统计数据" },
    { id: "zcwj", parentId: "zwgk", slugPath: "zwgk/zcwj", name: "政策文件", columnType: "政策文件", sort: 1, description: "县政府及办公室印发的行政规范性文件" },
    { id: "zcjd", parentId: "zwgk", slugPath: "zwgk/zcjd", name: "政策解读", columnType: "政策解读", sort: 2 },
    { id: "tjsj", parentId: "zwgk", slugPath: "zwgk/tjsj", name: "统计数据", columnType: "数据发布", sort: 3 },
    { id: "ndbg", parentId: "zwgk", slugPath: "zwgk/ndbg", name: "政府信息公开年报", columnType: "信息公开年报", sort: 4, homeSlot: "none" },
    { id: "zjsf", slugPath: "zjsf", name: "走进示范", columnType: "概况信息", sort: 3, homeSlot: "none", description: "县情概况、历史沿革和行政区划" },
    { id: "zt", slugPath: "zt", name: "专题专栏", columnType: "工作动态", sort: 4, homeSlot: "none" },
    { id: "tpgj", parentId: "zt", slugPath: "zt/tpgj", name: "脱贫攻坚", columnType: "工作动态", sort: 1, homeSlot: "none", archived: true, archivedAt: "2021-03-01T10:00:00+08:00" },
    { id: "ykb", slugPath: "ykb", name: "渝快办", columnType: "办事服务", sort: 5, externalUrl: "https://zwykb.cq.gov.cn/" },
  ];
}

const p = (text: string) => `<p>${text}</p>`;

export function fixtureDocuments(): Document[] {
  const docs: Document[] = [
    {
      id: "d1", version: 1, title: "县政府召开第十二次常务会议", source: "县政府办公室", columnId: "zwyw",
      publishedAt: "2024-05-06T09:30:00+08:00", author: "李明",
      summary: "会议研究部署当前经济运行、安全生产和防汛工作。",
      bodyHtml: p("5月6日，县长主持召开县政府第十二次常务会议，研究部署当前经济运行、安全生产和防汛工作。") + p("会议强调，要压紧压实防汛责任，确保人民群众生命财产安全。"),
      images: [{ url: "/uploads/2024/05/meeting.jpg", alt: "县政府第十二次常务会议现场" }],
    },
    {
      id: "d2", version: 1, title: "关于做好2024年汛期安全防范工作的通知", source: "县应急管理局", columnId: "tzgg",
      publishedAt: "2024-05-05T16:00:00+08:00", bodyHtml: p("各乡镇人民政府、街道办事处，县级有关部门：") + p("为切实做好今年汛期安全防范工作，现将有关事项通知如下。"),
      attachments: [{ name: "汛期值班安排表.xlsx", url: "/uploads/2024/05/zbap.xlsx", size: 18_432, type: "xlsx" }],
    },
    {
      id: "policy", version: 2, title: "示范县人民政府关于印发示范县促进民营经济高质量发展若干措施的通知", source: "县政府办公室",
      columnId: "zcwj", publishedAt: "2024-04-20T10:00:00+08:00", bodyHtml: p("各乡镇人民政府、街道办事处，县政府各部门：") + p("现将《示范县促进民营经济高质量发展若干措施》印发给你们，请认真贯彻执行。"),
      disclosure: { indexNo: "11500242MB1234567X/2024-00012", issuer: "示范县人民政府", writtenDate: "2024-04-15", docNo: "示府发〔2024〕5号", topic: "综合政务\\政务公开", genre: "通知", catalogueCode: "gfxwj", validity: "有效" },
      partnerIds: ["interp"],
    },
    {
      id: "interp", version: 1, title: "《示范县促进民营经济高质量发展若干措施》政策解读", source: "县发展改革委",
      columnId: "zcjd", publishedAt: "2024-04-20T10:30:00+08:00", bodyHtml: p("一、出台背景") + p("二、主要内容"),
      disclosure: { indexNo: "11500242MB1234567X/2024-00013", issuer: "县发展改革委", catalogueCode: "zcjd" },
    },
    {
      id: "old-policy", version: 3, title: "示范县人民政府关于印发示范县扶持个体工商户发展办法的通知", source: "县政府办公室",
      columnId: "zcwj", publishedAt: "2019-08-01T09:00:00+08:00", bodyHtml: p("现将办法印发给你们。"),
      disclosure: { indexNo: "11500242MB1234567X/2019-00031", issuer: "示范县人民政府", writtenDate: "2019-07-25", docNo: "示府发〔2019〕12号", catalogueCode: "gfxwj", validity: "废止", validityDate: "2024-04-20", replacedById: "policy" },
    },
    {
      id: "amended", version: 2, title: "示范县城乡居民医疗救助实施办法", source: "县医疗保障局", columnId: "zcwj",
      publishedAt: "2022-03-10T09:00:00+08:00", bodyHtml: p("第一条 为进一步完善医疗救助制度……"),
      disclosure: { indexNo: "11500242MB1234567X/2022-00007", issuer: "县医疗保障局", catalogueCode: "gfxwj", validity: "已修改", validityDate: "2024-01-05", replacedById: "policy" },
    },
    {
      id: "withdrawn", version: 2, title: "关于2024年春季招聘会的公告", source: "县人力社保局", columnId: "tzgg",
      publishedAt: "2024-03-01T08:00:00+08:00", bodyHtml: p("招聘会定于3月10日举行。"),
      withdrawn: { at: "2024-03-02T11:00:00+08:00", reason: "招聘会时间调整，另行发布公告。" },
    },
    {
      id: "moved", version: 1, title: "示范县概况（旧版）", source: "县政府办公室", columnId: "zjsf",
      publishedAt: "2020-01-01T08:00:00+08:00", bodyHtml: p("旧版概况"), redirectTo: "/zjsf/",
    },
    {
      id: "xss", version: 1, title: "<script>alert(1)</script>标题中的尖括号 & 符号", source: "县融媒体中心<b>", columnId: "bmdt",
      publishedAt: "2024-05-04T12:00:00+08:00", bodyHtml: p("正文"), summary: "\"引号\" <img src=x onerror=alert(1)>",
      sourceUrl: "javascript:alert(1)",
    },
    {
      id: "tp1", version: 1, title: "我县脱贫攻坚工作通过国家评估检查", source: "县乡村振兴局", columnId: "tpgj",
      publishedAt: "2020-11-20T09:00:00+08:00", bodyHtml: p("我县脱贫攻坚工作通过国家评估检查。"),
    },
    {
      id: "nb2023", version: 1, title: "示范县人民政府2023年政府信息公开工作年度报告", source: "县政府办公室", columnId: "ndbg",
      publishedAt: "2024-01-25T09:00:00+08:00", bodyHtml: p("根据《中华人民共和国政府信息公开条例》……"),
    },
    {
      id: "tj1", version: 1, title: "2024年1—4月全县主要经济指标", source: "县统计局", columnId: "tjsj",
      publishedAt: "2024-05-15T09:00:00+08:00", bodyHtml: p("1—4月，全县规模以上工业增加值同比增长6.2%。"),
    },
  ];
  // Enough 部门动态 items to paginate (stable pages need ≥ 2 × page size).
  for (let i = 0; i < 45; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    docs.push({
      id: `bm${i}`, version: 1, title: `县农业农村委开展春耕生产督导检查（第${i + 1}期）`, source: "县农业农村委",
      columnId: "bmdt", publishedAt: `2023-${String(1 + Math.floor(i / 28)).padStart(2, "0")}-${day}T10:${String(i % 60).padStart(2, "0")}:00+08:00`,
      bodyHtml: p(`督导组深入田间地头，检查春耕备耕情况（第${i + 1}期）。`),
    });
  }
  return docs;
}

export function fixtureSnapshot(over: Partial<SiteSnapshot["site"]> = {}): SiteSnapshot {
  return {
    format: 1,
    site: {
      code: "portal",
      name: "示范县人民政府",
      kind: "portal",
      domain: "www.sfx.gov.cn",
      pathPrefix: "/",
      siteIdCode: "5002420001",
      icp: "渝ICP备05003300号",
      psb: { label: "渝公网安备50024202000123号", recordCode: "50024202000123" },
      partyGovMark: { href: "https://bszs.conac.cn/sitename?method=show&id=072B34B0A8E41D5FE053012819ACE8CC" },
      ownerUnitName: "示范县人民政府办公室",
      operatorUnitName: "示范县大数据发展中心",
      contact: { phone: "023-12345678", email: "sfxzf@sfx.gov.cn", address: "示范县人民路1号", postcode: "409000" },
      theme: "default",
      traditional: true,
      mourning: [{ from: "2024-04-04", to: "2024-04-04" }],
      interaction: [
        { label: "县长信箱", url: "/hd/xzxx/" },
        { label: "咨询投诉", url: "/hd/zxts/" },
        { label: "意见征集", url: "/hd/yjzj/" },
        { label: "在线访谈", url: "/hd/zxft/" },
      ],
      serviceHall: { label: "渝快办", url: "https://zwykb.cq.gov.cn/" },
      disclosureApplyUrl: "/hd/ysqgk/",
      friendLinks: [
        { label: "中国政府网", url: "https://www.gov.cn/" },
        { label: "重庆市人民政府", url: "https://www.cq.gov.cn/" },
      ],
      keywords: "示范县,人民政府,政务公开",
      description: "示范县人民政府门户网站",
      ...over,
    },
    columns: fixtureColumns(),
    documents: fixtureDocuments(),
    catalogue: [
      { code: "gfxwj", name: "行政规范性文件", slug: "gfxwj", sort: 1, description: "县政府及其部门制定的行政规范性文件" },
      { code: "zcjd", name: "政策解读", slug: "zcjd", sort: 2 },
      { code: "czyjs", name: "财政预决算", slug: "czyjs", sort: 3 },
    ],
    services: [
      {
        id: "s1", version: 1, name: "城乡居民基本养老保险参保登记", group: "社会保障", basis: "《国务院关于建立统一的城乡居民基本养老保险制度的意见》",
        conditions: "年满16周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险制度覆盖范围的城乡居民。",
        materials: ["居民身份证", "户口簿"], location: "县政务服务中心一楼社保窗口", agency: "县人力社保局", fees: "不收费",
        hours: "工作日 9:00—12:00，14:00—17:30（法定节假日除外）", phone: "023-12345679", process: "申请—受理—审核—办结",
        onlineUrl: "https://zwykb.cq.gov.cn/", updatedAt: "2024-02-01T09:00:00+08:00",
      },
    ],
    disclosureGuideHtml: "<h2>一、主动公开</h2><p>本机关主动公开的政府信息……</p><h2>二、依申请公开</h2><p>公民、法人或者其他组织可以向本机关申请获取相关政府信息。</p>",
  };
}

/** A department sub-site under the portal, on the inheriting theme. */
export function fixtureSubsite(): SiteSnapshot {
  return {
    format: 1,
    site: {
      code: "fgw",
      name: "示范县发展和改革委员会",
      kind: "department",
      domain: "www.sfx.gov.cn",
      pathPrefix: "/fgw/",
      siteIdCode: "5002420002",
      icp: "渝ICP备05003300号",
      psb: { label: "渝公网安备50024202000123号", recordCode: "50024202000123" },
      partyGovMark: { href: "https://bszs.conac.cn/sitename?method=show&id=FGW" },
      ownerUnitName: "示范县发展和改革委员会",
      operatorUnitName: "示范县大数据发展中心",
      contact: { phone: "023-12345670", address: "示范县人民路8号" },
      theme: "subsite",
      parent: { code: "portal", name: "示范县人民政府", url: "/" },
    },
    columns: [
      { id: "f-gzdt", slugPath: "gzdt", name: "工作动态", columnType: "工作动态", sort: 1 },
      { id: "f-tzgg", slugPath: "tzgg", name: "通知公告", columnType: "工作动态", sort: 2 },
      { id: "f-zcwj", slugPath: "zcwj", name: "政策文件", columnType: "政策文件", sort: 3 },
    ],
    documents: [
      { id: "f1", version: 1, title: "县发展改革委召开重点项目推进会", source: "县发展改革委", columnId: "f-gzdt", publishedAt: "2024-05-08T15:00:00+08:00", bodyHtml: "<p>会议通报了一季度重点项目进展。</p>" },
      { id: "f2", version: 1, title: "关于申报2024年县级预算内投资项目的通知", source: "县发展改革委", columnId: "f-tzgg", publishedAt: "2024-04-28T09:00:00+08:00", bodyHtml: "<p>请各单位按要求申报。</p>" },
    ],
  };
}
