// 示范县: a fictional county used by `govsite seed-demo` and by tests. Everything here is
// invented but shaped like the real thing, so that the registry validators, the column
// management list and the review workflow can be exercised on realistic data.
//
// Fictional identifiers, chosen so that none can collide with a real one:
// - 行政区划代码 990121: province code 99 does not exist (real ones are 11–65, 71, 81, 82);
//   "01" city, "21" the county, as in the national scheme.
// - The fictional province's one-character abbreviation, used in ICP and 公安 filing numbers,
//   is 示 (real ones are 京, 渝, 晋, 粤 …): 示ICP备99012100号-1, 示公网安备99012102000101号
//   (公安备案号 = 行政区划代码 + 02 + a 6-digit serial, as in real numbers).
// - 网站标识码 = 990121 + a 4-digit serial. Sub-sites (子站) of an intensive platform often share
//   the portal's code in real deployments; here each has its own so that the demo shows the field.
// - 统一社会信用代码: 11 (机关) or 12 (事业单位) + 990121 + a 9-character organisation code with
//   a valid GB 11714 check character + a valid GB 32100 check character.
// - Mobile numbers are in 199 0000 xxxx, a sequential block used only as placeholders; landlines
//   use the non-existent area code 0000. Demo data must never be connected to a real SMS gateway.
// - The domain www.shifan.gov.cn is fictional.
// No passwords: seed-demo generates them and prints them once.

export type RoleKey =
  | "system_admin"
  | "auditor"
  | "supervisor"
  | "site_admin"
  | "editor"
  | "proofreader"
  | "reviewer"
  | "duty_officer";

export interface DemoUnit {
  key: string;
  name: string;
  shortName: string;
  type: "government_office" | "egov_center" | "department" | "township" | "street" | "institution";
  parentKey?: string;
  code: string /* fictional 18-char 统一社会信用代码 format */;
  leader: string;
  phone: string;
  address: string;
}

export interface DemoPerson {
  unitKey: string;
  username: string;
  realName: string;
  title: string /* 职务 */;
  mobile: string;
  roles: Array<{ role: RoleKey; level?: 1 | 2 | 3; siteKey?: string; columnPaths?: string[] /* "政务公开/政策文件" */ }>;
}

export interface DemoColumn {
  name: string;
  columnType: string /* national ColumnType: 首页,概况信息,机构职能,负责人信息,工作动态,政策文件,信息公开指南,信息公开目录,信息公开年报,依法申请公开,数据发布,政策解读,回应关切,办事服务,咨询投诉,征集调查,在线访谈,通知公告,人事信息,规划计划 … */;
  category: string /* a key of columns.categories in the national profile */;
  responsibleUnitKey: string;
  responsibleUsername?: string;
  description: string;
  keywords: string[];
  externalUrl?: string;
  archived?: boolean;
  children?: DemoColumn[];
}

export interface DemoSite {
  key: string /* site code, lowercase ascii, e.g. "portal", "fgw" */;
  name: string;
  kind: "portal" | "department" | "subsite" | "topic";
  ownerUnitKey: string;
  operatorUnitKey: string;
  domain: string;
  pathPrefix: string /* "/" for portal, "/fgw/" for a sub-site */;
  siteIdCode: string;
  icp: string;
  psb: string;
  contactPhone: string;
  contactEmail: string;
  address: string;
  columns: DemoColumn[];
  /** 政民互动 channels opened on the site (forms under /hd/<slug>/ on the public site). */
  channels?: DemoChannel[];
}

export interface DemoChannel {
  kind: "mailbox" | "consultation" | "complaint" | "suggestion" | "error_report" | "disclosure" | "solicitation" | "survey" | "interview";
  name: string;
  slug: string;
  description: string;
  leaderTitle?: string;
  /** Unit proposed first when the operating centre forwards. */
  defaultUnitKey?: string;
}

export interface DemoCounty {
  name: string;
  regionCode: string;
  units: DemoUnit[];
  people: DemoPerson[];
  sites: DemoSite[];
}

const REGION = "990121";
const DOMAIN = "www.shifan.gov.cn";
// Sub-sites are paths under the portal's domain, so they share its ICP and 公安 filings.
const ICP = "示ICP备99012100号-1";
const PSB = "示公网安备99012102000101号";

// ---------------------------------------------------------------------------------------------
// Units (单位)

const units: DemoUnit[] = [
  {
    key: "gov_office",
    name: "示范县人民政府办公室",
    shortName: "县政府办公室",
    type: "government_office",
    code: "11990121MB0019908R",
    leader: "周建国",
    phone: "0000-7612001",
    address: "示范县城南街道人民路 1 号",
  },
  {
    key: "egov",
    name: "示范县电子政务中心",
    shortName: "县电子政务中心",
    type: "egov_center",
    parentKey: "gov_office",
    code: "12990121MB0019975L",
    leader: "何志强",
    phone: "0000-7612060",
    address: "示范县城南街道人民路 1 号县政府 5 号楼",
  },
  {
    key: "fgw",
    name: "示范县发展和改革委员会",
    shortName: "县发展改革委",
    type: "department",
    code: "11990121MB00200445",
    leader: "刘永清",
    phone: "0000-7612201",
    address: "示范县城南街道人民路 1 号县政府 2 号楼",
  },
  {
    key: "jw",
    name: "示范县教育委员会",
    shortName: "县教委",
    type: "department",
    code: "11990121MB0020116X",
    leader: "谭丽萍",
    phone: "0000-7612301",
    address: "示范县城南街道文昌路 18 号",
  },
  {
    key: "wjw",
    name: "示范县卫生健康委员会",
    shortName: "县卫生健康委",
    type: "department",
    code: "11990121MB0020183U",
    leader: "冉光明",
    phone: "0000-7612401",
    address: "示范县城南街道健康路 6 号",
  },
  {
    key: "sthj",
    name: "示范县生态环境局",
    shortName: "县生态环境局",
    type: "department",
    code: "11990121MB0020255L",
    leader: "向春林",
    phone: "0000-7612501",
    address: "示范县城南街道滨河路 33 号",
  },
  {
    key: "czj",
    name: "示范县财政局",
    shortName: "县财政局",
    type: "department",
    code: "11990121MB0020327D",
    leader: "杨德文",
    phone: "0000-7612601",
    address: "示范县城南街道人民路 1 号县政府 3 号楼",
  },
  {
    key: "tjj",
    name: "示范县统计局",
    shortName: "县统计局",
    type: "department",
    code: "11990121MB0020394B",
    leader: "田秀英",
    phone: "0000-7612701",
    address: "示范县城南街道人民路 1 号县政府 3 号楼",
  },
  {
    key: "taoyuan",
    name: "示范县桃源镇人民政府",
    shortName: "桃源镇",
    type: "township",
    code: "11990121MB00204664",
    leader: "陈明亮",
    phone: "0000-7681001",
    address: "示范县桃源镇正街 56 号",
  },
  {
    key: "qingxi",
    name: "示范县青溪乡人民政府",
    shortName: "青溪乡",
    type: "township",
    code: "11990121MB0020538W",
    leader: "龙永华",
    phone: "0000-7683001",
    address: "示范县青溪乡青溪村 2 组",
  },
  {
    key: "chengnan",
    name: "示范县城南街道办事处",
    shortName: "城南街道",
    type: "street",
    code: "11990121MB002060XG",
    leader: "黄晓梅",
    phone: "0000-7612801",
    address: "示范县城南街道建设路 120 号",
  },
];

// ---------------------------------------------------------------------------------------------
// People (real-name staff; usernames are unit prefix + pinyin)

let mobileSerial = 100;
const mobile = () => `1990000${String(++mobileSerial).padStart(4, "0")}`;

type Roles = DemoPerson["roles"];
const person = (unitKey: string, username: string, realName: string, title: string, roles: Roles): DemoPerson => ({
  unitKey,
  username,
  realName,
  title,
  mobile: mobile(),
  roles,
});

/** The portal columns each unit is responsible for (主站责任栏目), by path. */
const PORTAL_DUTIES: Record<string, string[]> = {
  gov_office: [
    "走进示范",
    "政务动态/示范要闻",
    "政务动态/通知公告",
    "政务公开/法定主动公开内容/政策文件",
    "政务公开/法定主动公开内容/政策解读",
    "政务公开/法定主动公开内容/人事信息",
    "政务公开/法定主动公开内容/机构职能",
    "政务公开/法定主动公开内容/领导信息",
    "政务公开/政府信息公开指南",
    "政务公开/政府信息公开年报",
    "政务公开/依申请公开",
    "回应关切",
    "互动交流/县长信箱",
    "互动交流/意见征集",
    "互动交流/在线访谈",
    "专题专栏",
  ],
  fgw: ["政务公开/法定主动公开内容/规划计划", "政务公开/法定主动公开内容/重点领域信息公开/重大建设项目"],
  jw: ["政务公开/法定主动公开内容/重点领域信息公开/教育"],
  wjw: ["政务公开/法定主动公开内容/重点领域信息公开/卫生健康"],
  sthj: ["政务公开/法定主动公开内容/重点领域信息公开/生态环境"],
  czj: ["政务公开/法定主动公开内容/财政预决算"],
  tjj: ["政务公开/法定主动公开内容/统计数据"],
  taoyuan: ["政务动态/乡镇街道动态"],
  qingxi: ["政务动态/乡镇街道动态"],
  chengnan: ["政务动态/乡镇街道动态"],
};

/**
 * A unit's information team as the national base profile's 三审三校 expects it: 信息员 (一审),
 * 校对员 (一校), 科室负责人 (二审二校, reviewer level 2) and 分管领导 (三审三校·签发, reviewer
 * level 3); plus a 站点管理员 when the unit owns a sub-site.
 * Everyone works on the unit's sub-site (if any) and on its columns of the portal.
 */
function team(
  unitKey: string,
  prefix: string,
  siteKey: string | null,
  names: { editor: string; proof: string; head: string; leader: string; admin?: string },
  titles: { office: string; head: string; leader: string },
): DemoPerson[] {
  const portal = PORTAL_DUTIES[unitKey] ?? [];
  const scoped = (role: RoleKey, level?: 1 | 2 | 3): Roles => {
    const out: Roles = [];
    if (siteKey) out.push(level ? { role, level, siteKey } : { role, siteKey });
    if (portal.length) out.push(level ? { role, level, siteKey: "portal", columnPaths: portal } : { role, siteKey: "portal", columnPaths: portal });
    return out;
  };
  const [editorUser, proofUser, headUser, leaderUser, adminUser] = [
    `${prefix}_${names.editor}`,
    `${prefix}_${names.proof}`,
    `${prefix}_${names.head}`,
    `${prefix}_${names.leader}`,
    names.admin ? `${prefix}_${names.admin}` : null,
  ];
  const people = [
    person(unitKey, editorUser, NAME[names.editor]!, `${titles.office}信息员`, scoped("editor")),
    person(unitKey, proofUser, NAME[names.proof]!, `${titles.office}干部（校对）`, scoped("proofreader")),
    person(unitKey, headUser, NAME[names.head]!, titles.head, scoped("reviewer", 2)),
    person(unitKey, leaderUser, NAME[names.leader]!, titles.leader, scoped("reviewer", 3)),
  ];
  if (adminUser && siteKey) {
    people.push(person(unitKey, adminUser, NAME[names.admin!]!, `${titles.office}网站管理员`, [{ role: "site_admin", siteKey }]));
  }
  return people;
}

/** Pinyin → name; the pinyin is the username after the unit prefix. */
const NAME: Record<string, string> = {
  wangxiaoli: "王晓丽",
  zhangjing: "张静",
  lizhiyong: "李志勇",
  zhaohongmei: "赵红梅",
  liuyang: "刘洋",
  chenxiaoyan: "陈晓燕",
  yangfan: "杨帆",
  zhoujianhua: "周建华",
  wuguoqiang: "吴国强",
  xuting: "徐婷",
  sunlei: "孙磊",
  maxiaojuan: "马晓娟",
  hujunjie: "胡俊杰",
  guoyulan: "郭玉兰",
  luowei: "罗伟",
  zhengshuang: "郑爽",
  liangqing: "梁青",
  songxiaodong: "宋晓东",
  tangli: "唐丽",
  hanyu: "韩宇",
  fenghui: "冯慧",
  dengchao: "邓超",
  caoxuemei: "曹雪梅",
  pengtao: "彭涛",
  zengfang: "曾芳",
  xiaoming: "肖明",
  tianlu: "田露",
  dongjian: "董健",
  yuanli: "袁莉",
  panwenbin: "潘文斌",
  duxin: "杜鑫",
  jiangyan: "蒋艳",
  caijun: "蔡军",
  yuxiaohong: "余小红",
  duhaitao: "杜海涛",
  yeqing: "叶青",
  chengpeng: "程鹏",
  weiling: "魏玲",
  susong: "苏松",
  lujia: "卢佳",
  jiangtao: "江涛",
  ranxiaoyu: "冉小雨",
  xiangyun: "向云",
  longhai: "龙海",
  shiyanli: "石艳丽",
  qinfeng: "秦峰",
  gulin: "顾琳",
  taoran: "陶然",
  mengxia: "孟霞",
  wenbo: "文博",
  yaoqian: "姚倩",
  fangzheng: "方正",
  kongling: "孔玲",
  baijie: "白洁",
  zouqiang: "邹强",
  xiongmin: "熊敏",
  jinli: "金莉",
  leiming: "雷鸣",
  houxue: "侯雪",
  shaoyong: "邵勇",
  wanghaiyan: "王海燕",
  zhanglei: "张磊",
  liuyuxin: "刘雨欣",
};

const people: DemoPerson[] = [
  // 县政府办公室: supervises all sites; its 政务公开科 runs the portal's own columns.
  person("gov_office", "zfb_wanghaiyan", NAME["wanghaiyan"]!, "政务公开科科员（监管员）", [{ role: "supervisor" }]),
  ...team(
    "gov_office",
    "zfb",
    null,
    { editor: "wangxiaoli", proof: "zhangjing", head: "lizhiyong", leader: "zhaohongmei" },
    { office: "政务公开科", head: "政务公开科科长", leader: "县政府办公室副主任" },
  ),
  // 县电子政务中心: operates the platform — administration, audit, duty, portal site admin.
  person("egov", "dzzw_liuyang", NAME["liuyang"]!, "技术保障科科长（系统管理员）", [{ role: "system_admin" }]),
  person("egov", "dzzw_chenxiaoyan", NAME["chenxiaoyan"]!, "网络安全科干部（安全审计员）", [{ role: "auditor" }]),
  person("egov", "dzzw_yangfan", NAME["yangfan"]!, "网站运维科科长", [{ role: "site_admin", siteKey: "portal" }]),
  person("egov", "dzzw_zhoujianhua", NAME["zhoujianhua"]!, "网站运维科干部（值班员）", [{ role: "duty_officer" }]),
  person("egov", "dzzw_zhanglei", NAME["zhanglei"]!, "网络安全科干部（值班员）", [{ role: "duty_officer" }]),
  ...team(
    "fgw",
    "fgw",
    "fgw",
    { editor: "wuguoqiang", proof: "xuting", head: "sunlei", leader: "maxiaojuan", admin: "hujunjie" },
    { office: "办公室", head: "办公室主任", leader: "县发展改革委副主任" },
  ),
  ...team(
    "jw",
    "jw",
    "jw",
    { editor: "guoyulan", proof: "luowei", head: "zhengshuang", leader: "liangqing", admin: "songxiaodong" },
    { office: "办公室", head: "办公室主任", leader: "县教委副主任" },
  ),
  ...team(
    "wjw",
    "wjw",
    "wjw",
    { editor: "tangli", proof: "hanyu", head: "fenghui", leader: "dengchao", admin: "caoxuemei" },
    { office: "办公室", head: "办公室主任", leader: "县卫生健康委副主任" },
  ),
  ...team(
    "sthj",
    "sthj",
    null,
    { editor: "pengtao", proof: "zengfang", head: "xiaoming", leader: "tianlu" },
    { office: "办公室", head: "办公室主任", leader: "县生态环境局副局长" },
  ),
  ...team(
    "czj",
    "czj",
    null,
    { editor: "dongjian", proof: "yuanli", head: "panwenbin", leader: "duxin" },
    { office: "办公室", head: "预算股股长", leader: "县财政局副局长" },
  ),
  ...team(
    "tjj",
    "tjj",
    null,
    { editor: "jiangyan", proof: "caijun", head: "yuxiaohong", leader: "duhaitao" },
    { office: "综合股", head: "综合股股长", leader: "县统计局副局长" },
  ),
  ...team(
    "taoyuan",
    "tyz",
    "tyz",
    { editor: "yeqing", proof: "chengpeng", head: "weiling", leader: "susong", admin: "lujia" },
    { office: "党政办", head: "党政办主任", leader: "桃源镇党委委员、副镇长" },
  ),
  ...team(
    "qingxi",
    "qxx",
    null,
    { editor: "jiangtao", proof: "ranxiaoyu", head: "xiangyun", leader: "longhai" },
    { office: "党政办", head: "党政办主任", leader: "青溪乡党委委员、副乡长" },
  ),
  ...team(
    "chengnan",
    "cnjd",
    "cnjd",
    { editor: "shiyanli", proof: "qinfeng", head: "gulin", leader: "taoran", admin: "mengxia" },
    { office: "党政办", head: "党政办主任", leader: "城南街道党工委委员、副主任" },
  ),
];

const editorOf = (prefix: string, unitKey: string) => people.find((p) => p.unitKey === unitKey && p.username.startsWith(`${prefix}_`) && p.roles.some((r) => r.role === "editor"))!.username;

// ---------------------------------------------------------------------------------------------
// Columns (栏目)

const col = (
  name: string,
  columnType: string,
  category: string,
  unit: string,
  description: string,
  keywords: string[],
  extra: Partial<Pick<DemoColumn, "children" | "externalUrl" | "archived" | "responsibleUsername">> = {},
): DemoColumn => ({ name, columnType, category, responsibleUnitKey: unit, description, keywords, ...extra });

const zfb = editorOf("zfb", "gov_office");
const by = (prefix: string, unitKey: string) => ({ responsibleUsername: editorOf(prefix, unitKey) });

const portalColumns: DemoColumn[] = [
  col("走进示范", "概况信息", "overview", "gov_office", "示范县县情概况、历史沿革、行政区划和自然资源", ["示范县", "县情", "概况"], {
    responsibleUsername: zfb,
    children: [
      col("示范概况", "概况信息", "overview", "gov_office", "全县面积、人口、经济社会发展基本情况", ["示范概况", "人口", "经济"], { responsibleUsername: zfb }),
      col("历史沿革", "概况信息", "overview", "gov_office", "建置沿革和历史文化", ["历史沿革", "建置"], { responsibleUsername: zfb }),
      col("行政区划", "概况信息", "overview", "gov_office", "乡镇（街道）和村（社区）设置情况", ["行政区划", "乡镇", "街道"], { responsibleUsername: zfb }),
      col("自然资源", "概况信息", "overview", "gov_office", "地形地貌、气候、水文和矿产资源", ["自然资源", "气候", "水文"], { responsibleUsername: zfb }),
    ],
  }),
  col("政务动态", "工作动态", "dynamic", "gov_office", "县政府及各部门、乡镇（街道）工作动态", ["政务动态", "要闻"], {
    responsibleUsername: zfb,
    children: [
      col("示范要闻", "政务要闻", "dynamic", "gov_office", "县委、县政府重要会议、重要活动和重大决策", ["示范要闻", "县政府", "常务会议"], { responsibleUsername: zfb }),
      col("部门动态", "工作动态", "dynamic", "gov_office", "县政府各部门工作动态，由各部门报送、县政府办公室审核采用", ["部门动态", "工作动态"], { responsibleUsername: zfb }),
      col("乡镇街道动态", "工作动态", "dynamic", "gov_office", "各乡镇（街道）工作动态，由各乡镇（街道）报送、县政府办公室审核采用", ["乡镇动态", "街道动态"], { responsibleUsername: zfb }),
      col("通知公告", "通知公告", "notice_policy", "gov_office", "县政府及县政府办公室发布的通知、公告、公示", ["通知", "公告", "公示"], { responsibleUsername: zfb }),
    ],
  }),
  col("政务公开", "信息公开目录", "overview", "gov_office", "示范县人民政府政府信息公开平台", ["政府信息公开", "政务公开"], {
    responsibleUsername: zfb,
    children: [
      col("政府信息公开指南", "信息公开指南", "overview", "gov_office", "公开方式、依申请公开受理机构和办理流程", ["信息公开指南", "依申请公开"], { responsibleUsername: zfb }),
      col("政府信息公开制度", "信息公开目录", "overview", "gov_office", "政府信息公开审查、发布、保密审查等工作制度", ["公开制度", "保密审查"], { responsibleUsername: zfb }),
      col("法定主动公开内容", "信息公开目录", "key_area", "gov_office", "《中华人民共和国政府信息公开条例》第二十条规定的主动公开内容", ["主动公开", "法定公开"], {
        responsibleUsername: zfb,
        children: [
          col("机构职能", "机构职能", "overview", "gov_office", "县政府及其工作部门的机构设置、主要职责、办公地址、办公时间和联系方式", ["机构职能", "办公地址", "联系方式"], { responsibleUsername: zfb }),
          col("领导信息", "负责人信息", "overview", "gov_office", "县政府领导的姓名、照片、简历和工作分工", ["领导信息", "工作分工"], { responsibleUsername: zfb }),
          col("政策文件", "政策文件", "notice_policy", "gov_office", "县政府、县政府办公室文件和行政规范性文件", ["政策文件", "规范性文件"], {
            responsibleUsername: zfb,
            children: [
              col("县政府文件", "政策文件", "notice_policy", "gov_office", "以示范县人民政府名义印发的文件", ["县政府文件", "示府发"], { responsibleUsername: zfb }),
              col("县政府办公室文件", "政策文件", "notice_policy", "gov_office", "以示范县人民政府办公室名义印发的文件", ["县政府办公室文件", "示府办发"], { responsibleUsername: zfb }),
              col("行政规范性文件", "政策文件", "notice_policy", "gov_office", "经合法性审核、集体审议并统一登记编号的行政规范性文件，标注有效性", ["行政规范性文件", "有效性"], { responsibleUsername: zfb }),
            ],
          }),
          col("政策解读", "政策解读", "notice_policy", "gov_office", "重要政策文件的文字、图解和视频解读，与原文相互关联", ["政策解读", "图解"], { responsibleUsername: zfb }),
          col("规划计划", "规划计划", "plan", "fgw", "国民经济和社会发展规划、专项规划和年度计划", ["发展规划", "十四五", "年度计划"], by("fgw", "fgw")),
          col("财政预决算", "信息公开目录", "report", "czj", "县级财政预决算、部门预决算和“三公”经费", ["财政预算", "决算", "三公经费"], by("czj", "czj")),
          col("统计数据", "统计数据", "statistics_monthly", "tjj", "全县主要经济指标月度数据和统计公报", ["统计数据", "经济指标", "统计公报"], by("tjj", "tjj")),
          col("人事信息", "人事信息", "personnel", "gov_office", "县政府任免工作人员、公务员招考和事业单位招聘", ["人事任免", "公务员招考", "事业单位招聘"], { responsibleUsername: zfb }),
          col("重点领域信息公开", "信息公开目录", "key_area", "gov_office", "重大建设项目、教育、卫生健康、生态环境等重点领域信息", ["重点领域", "基层政务公开"], {
            responsibleUsername: zfb,
            children: [
              col("重大建设项目", "信息公开目录", "key_area", "fgw", "重大建设项目批准和实施情况", ["重大项目", "项目审批"], by("fgw", "fgw")),
              col("教育", "信息公开目录", "key_area", "jw", "招生入学、教育收费和学生资助", ["招生入学", "教育收费", "学生资助"], by("jw", "jw")),
              col("卫生健康", "信息公开目录", "key_area", "wjw", "医疗卫生服务、公共卫生和疾病预防控制", ["医疗卫生", "公共卫生"], by("wjw", "wjw")),
              col("生态环境", "信息公开目录", "key_area", "sthj", "环境质量、环境影响评价审批和环境监管执法", ["环境质量", "环评", "执法"], by("sthj", "sthj")),
            ],
          }),
        ],
      }),
      col("政府信息公开年报", "信息公开年报", "report", "gov_office", "示范县人民政府及各部门政府信息公开工作年度报告", ["信息公开年报", "年度报告"], { responsibleUsername: zfb }),
      col("依申请公开", "依法申请公开", "service", "gov_office", "在线提交政府信息公开申请，查询办理进度", ["依申请公开", "申请表"], { responsibleUsername: zfb, externalUrl: "/hd/ysqgk/index.html" }),
    ],
  }),
  col("回应关切", "回应关切", "notice_policy", "gov_office", "对社会关注热点和重大突发事件的回应、辟谣信息", ["回应关切", "辟谣"], { responsibleUsername: zfb }),
  col("办事服务", "办事服务", "service", "gov_office", "全县政务服务事项办事指南和在线办理入口", ["办事服务", "办事指南"], {
    responsibleUsername: zfb,
    children: [
      col("办事指南", "办事服务", "service", "gov_office", "按部门和主题分类的政务服务事项办事指南", ["办事指南", "服务事项"], { responsibleUsername: zfb }),
      col("在线办理", "办事服务", "service", "gov_office", "链接至政务服务网，统一身份认证后在线申报", ["在线办理", "政务服务网"], {
        responsibleUsername: zfb,
        externalUrl: "https://zwfw.shifan.gov.cn/",
      }),
    ],
  }),
  col("互动交流", "互动交流", "interaction", "gov_office", "县长信箱、咨询投诉、意见征集和在线访谈", ["互动交流", "政民互动"], {
    responsibleUsername: zfb,
    children: [
      col("县长信箱", "咨询投诉", "interaction", "gov_office", "向县长反映问题、提出意见建议，公开受理日期、答复日期、答复部门和答复内容", ["县长信箱", "留言"], { responsibleUsername: zfb, externalUrl: "/hd/xzxx/index.html" }),
      col("咨询投诉", "咨询投诉", "interaction", "egov", "政策咨询和投诉，由县电子政务中心受理并转相关单位办理", ["咨询", "投诉"], { externalUrl: "/hd/index.html" }),
      col("意见征集", "征集调查", "interaction", "gov_office", "政策文件草案公开征求意见及意见采纳情况反馈", ["意见征集", "征求意见"], { responsibleUsername: zfb }),
      col("在线访谈", "在线访谈", "interaction", "gov_office", "部门负责人在线访谈预告、实录和网民问题答复", ["在线访谈", "访谈实录"], { responsibleUsername: zfb }),
    ],
  }),
  col("专题专栏", "专题专栏", "topic", "gov_office", "重点工作专题", ["专题", "专栏"], {
    responsibleUsername: zfb,
    children: [
      col("乡村振兴", "专题专栏", "topic", "gov_office", "巩固拓展脱贫攻坚成果、全面推进乡村振兴工作专题", ["乡村振兴", "巩固脱贫"], { responsibleUsername: zfb }),
      col("2023年安全生产月", "专题专栏", "topic", "gov_office", "2023 年安全生产月活动专题（已归档）", ["安全生产月"], {
        responsibleUsername: zfb,
        archived: true,
      }),
    ],
  }),
];

/** The column tree of a department's sub-site; `special` are the unit's own business columns. */
function departmentColumns(unit: string, prefix: string, special: DemoColumn[], data: DemoColumn): DemoColumn[] {
  const u = units.find((x) => x.key === unit)!;
  const r = by(prefix, unit);
  return [
    col("机构概况", "机构职能", "overview", unit, `${u.shortName}机构设置和主要职责`, ["机构概况", u.shortName], {
      ...r,
      children: [
        col("主要职责", "机构职能", "overview", unit, `${u.name}主要职责`, ["主要职责", "三定"], r),
        col("内设机构", "机构职能", "overview", unit, "内设科室及职责、办公电话", ["内设机构", "科室"], r),
        col("领导信息", "负责人信息", "overview", unit, "单位领导姓名、职务、简历和分工", ["领导信息", "分工"], r),
      ],
    }),
    col("工作动态", "工作动态", "dynamic", unit, `${u.shortName}工作动态`, ["工作动态", u.shortName], r),
    col("通知公告", "通知公告", "notice_policy", unit, "通知、公告、公示", ["通知公告", "公示"], r),
    col("政策文件", "政策文件", "notice_policy", unit, "本部门制发的规范性文件和其他政策文件", ["政策文件", "规范性文件"], r),
    col("政策解读", "政策解读", "notice_policy", unit, "本部门政策文件解读", ["政策解读"], r),
    col("规划计划", "规划计划", "plan", unit, "行业发展规划、年度工作计划和总结", ["规划", "工作计划", "工作总结"], r),
    data,
    ...special,
    col("政府信息公开", "信息公开目录", "overview", unit, `${u.shortName}政府信息公开`, ["政府信息公开"], {
      ...r,
      children: [
        col("信息公开指南", "信息公开指南", "overview", unit, `${u.shortName}政府信息公开指南`, ["信息公开指南"], r),
        col("信息公开年报", "信息公开年报", "report", unit, `${u.shortName}政府信息公开工作年度报告`, ["信息公开年报"], r),
        col("部门预决算", "信息公开目录", "report", unit, "部门预算、决算和“三公”经费", ["部门预算", "部门决算"], r),
        col("人事信息", "人事信息", "personnel", unit, "人事任免、招聘和考录信息", ["人事信息", "招聘"], r),
      ],
    }),
    col("办事服务", "办事服务", "service", unit, `${u.shortName}政务服务事项办事指南`, ["办事指南", "办事服务"], r),
    col("咨询投诉", "咨询投诉", "interaction", unit, `${u.shortName}业务咨询和投诉`, ["咨询", "投诉"], r),
  ];
}

/** The column tree of a township's or street's sub-site. */
function townshipColumns(unit: string, prefix: string, publicItems: Array<[string, string, string[]]>): DemoColumn[] {
  const u = units.find((x) => x.key === unit)!;
  const r = by(prefix, unit);
  const place = u.shortName;
  return [
    col(`${place}概况`, "概况信息", "overview", unit, `${place}区位、面积、人口、村（社区）设置和产业概况`, [place, "概况"], r),
    col("领导信息", "负责人信息", "overview", unit, `${place}领导姓名、职务和分工`, ["领导信息", "分工"], r),
    col("机构职能", "机构职能", "overview", unit, `${place}内设机构、主要职责和联系方式`, ["机构职能", "内设机构"], r),
    col("工作动态", "工作动态", "dynamic", unit, `${place}工作动态`, ["工作动态", place], r),
    col("通知公告", "通知公告", "notice_policy", unit, "通知、公告和各类公示", ["通知公告", "公示"], r),
    col("政策文件", "政策文件", "notice_policy", unit, `${place}制发的政策文件`, ["政策文件"], r),
    col("基层政务公开", "信息公开目录", "key_area", unit, "基层政务公开标准化规范化目录事项", ["基层政务公开"], {
      ...r,
      children: publicItems.map(([name, description, keywords]) => col(name, "信息公开目录", "key_area", unit, description, keywords, r)),
    }),
    col("财政信息", "信息公开目录", "report", unit, `${place}财政预决算和“三公”经费`, ["财政预算", "决算"], r),
    col("信息公开年报", "信息公开年报", "report", unit, `${place}政府信息公开工作年度报告`, ["信息公开年报"], r),
    col("办事服务", "办事服务", "service", unit, "便民服务中心办事指南和办理时间", ["便民服务", "办事指南"], r),
  ];
}

const sites: DemoSite[] = [
  {
    key: "portal",
    name: "示范县人民政府网",
    kind: "portal",
    ownerUnitKey: "gov_office",
    operatorUnitKey: "egov",
    domain: DOMAIN,
    pathPrefix: "/",
    siteIdCode: `${REGION}0001`,
    icp: ICP,
    psb: PSB,
    contactPhone: "0000-7612001",
    contactEmail: "zfb@shifan.gov.cn",
    address: "示范县城南街道人民路 1 号",
    columns: portalColumns,
    channels: [
      { kind: "mailbox", name: "县长信箱", slug: "xzxx", leaderTitle: "县长", defaultUnitKey: "gov_office", description: "向县长反映问题、提出意见建议。来信由县电子政务中心受理后转有关单位办理，一般在 10 个工作日内答复。" },
      { kind: "consultation", name: "咨询", slug: "zixun", description: "政策、办事咨询，由有关单位在规定时限内答复。" },
      { kind: "complaint", name: "投诉", slug: "tousu", description: "对行政机关及其工作人员的投诉。" },
      { kind: "suggestion", name: "建议", slug: "jianyi", description: "对全县经济社会发展和政府工作的意见建议。" },
      { kind: "error_report", name: "我为政府网站找错", slug: "zhaocuo", description: "发现本网站错别字、链接无法打开、内容不更新等问题，请告诉我们。" },
      { kind: "disclosure", name: "依申请公开", slug: "ysqgk", defaultUnitKey: "gov_office", description: "依照《中华人民共和国政府信息公开条例》第二十九条在线提交政府信息公开申请。" },
      { kind: "solicitation", name: "意见征集", slug: "yjzj", description: "政策文件草案公开征求意见，征集期满后公布意见采纳情况。" },
      { kind: "survey", name: "问卷调查", slug: "wjdc", description: "围绕群众关心的事项开展网上问卷调查，公布调查结果。" },
      { kind: "interview", name: "在线访谈", slug: "zxft", description: "部门负责人在线访谈预告、网民提问和文字实录。" },
    ],
  },
  {
    key: "fgw",
    name: "示范县发展和改革委员会",
    kind: "subsite",
    ownerUnitKey: "fgw",
    operatorUnitKey: "egov",
    domain: DOMAIN,
    pathPrefix: "/fgw/",
    siteIdCode: `${REGION}0002`,
    icp: ICP,
    psb: PSB,
    contactPhone: "0000-7612201",
    contactEmail: "fgw@shifan.gov.cn",
    address: "示范县城南街道人民路 1 号县政府 2 号楼",
    columns: departmentColumns(
      "fgw",
      "fgw",
      [
        col("重大项目", "信息公开目录", "key_area", "fgw", "重大建设项目审批、核准、备案和实施情况", ["重大项目", "审批", "核准"], by("fgw", "fgw")),
        col("价格信息", "数据发布", "statistics_monthly", "fgw", "重要民生商品价格监测和收费标准", ["价格监测", "收费标准"], by("fgw", "fgw")),
      ],
      col("统计数据", "统计数据", "statistics_quarterly", "fgw", "固定资产投资和重点项目推进季度数据", ["固定资产投资", "项目进度"], by("fgw", "fgw")),
    ),
  },
  {
    key: "jw",
    name: "示范县教育委员会",
    kind: "subsite",
    ownerUnitKey: "jw",
    operatorUnitKey: "egov",
    domain: DOMAIN,
    pathPrefix: "/jw/",
    siteIdCode: `${REGION}0003`,
    icp: ICP,
    psb: PSB,
    contactPhone: "0000-7612301",
    contactEmail: "jw@shifan.gov.cn",
    address: "示范县城南街道文昌路 18 号",
    columns: departmentColumns(
      "jw",
      "jw",
      [
        col("招生入学", "信息公开目录", "key_area", "jw", "义务教育招生入学政策、划片范围和录取结果", ["招生入学", "划片", "义务教育"], by("jw", "jw")),
        col("学生资助", "信息公开目录", "key_area", "jw", "学生资助政策和资助名单公示", ["学生资助", "助学金"], by("jw", "jw")),
      ],
      col("教育统计", "统计数据", "report", "jw", "全县教育事业统计公报", ["教育统计", "统计公报"], by("jw", "jw")),
    ),
  },
  {
    key: "wjw",
    name: "示范县卫生健康委员会",
    kind: "subsite",
    ownerUnitKey: "wjw",
    operatorUnitKey: "egov",
    domain: DOMAIN,
    pathPrefix: "/wjw/",
    siteIdCode: `${REGION}0004`,
    icp: ICP,
    psb: PSB,
    contactPhone: "0000-7612401",
    contactEmail: "wjw@shifan.gov.cn",
    address: "示范县城南街道健康路 6 号",
    columns: departmentColumns(
      "wjw",
      "wjw",
      [
        col("医疗服务", "信息公开目录", "key_area", "wjw", "医疗机构名录、执业信息和医疗服务价格", ["医疗机构", "医疗服务价格"], by("wjw", "wjw")),
        col("公共卫生", "信息公开目录", "key_area", "wjw", "基本公共卫生服务、疾病预防控制和健康教育", ["公共卫生", "疾病预防"], by("wjw", "wjw")),
      ],
      col("卫生健康统计", "统计数据", "statistics_monthly", "wjw", "法定传染病疫情月报和卫生健康统计数据", ["传染病疫情", "卫生统计"], by("wjw", "wjw")),
    ),
  },
  {
    key: "tyz",
    name: "示范县桃源镇人民政府",
    kind: "subsite",
    ownerUnitKey: "taoyuan",
    operatorUnitKey: "egov",
    domain: DOMAIN,
    pathPrefix: "/tyz/",
    siteIdCode: `${REGION}0005`,
    icp: ICP,
    psb: PSB,
    contactPhone: "0000-7681001",
    contactEmail: "tyz@shifan.gov.cn",
    address: "示范县桃源镇正街 56 号",
    columns: townshipColumns("taoyuan", "tyz", [
      ["农业农村政策", "惠农政策和补贴发放情况", ["惠农政策", "补贴"]],
      ["农村土地承包", "农村土地承包经营权流转情况", ["土地承包", "流转"]],
      ["宅基地审核", "宅基地使用审核情况", ["宅基地"]],
      ["社会救助", "最低生活保障、特困人员供养和临时救助", ["低保", "特困供养", "临时救助"]],
      ["筹资筹劳", "一事一议筹资筹劳情况", ["一事一议", "筹资筹劳"]],
    ]),
  },
  {
    key: "cnjd",
    name: "示范县城南街道办事处",
    kind: "subsite",
    ownerUnitKey: "chengnan",
    operatorUnitKey: "egov",
    domain: DOMAIN,
    pathPrefix: "/cnjd/",
    siteIdCode: `${REGION}0006`,
    icp: ICP,
    psb: PSB,
    contactPhone: "0000-7612801",
    contactEmail: "cnjd@shifan.gov.cn",
    address: "示范县城南街道建设路 120 号",
    columns: townshipColumns("chengnan", "cnjd", [
      ["社区建设", "社区设置、网格化管理和社区服务", ["社区", "网格化"]],
      ["社会救助", "最低生活保障、特困人员供养和临时救助", ["低保", "临时救助"]],
      ["城市管理", "市容环境、占道经营和违法建设治理", ["城市管理", "市容"]],
      ["房屋征收", "房屋征收决定、补偿方案和结果", ["房屋征收", "补偿"]],
    ]),
  },
];

export const demoCounty: DemoCounty = {
  name: "示范县",
  regionCode: REGION,
  units,
  people,
  sites,
};

// ---------------------------------------------------------------------------------------------
// Integrity check, used by the test beside this file and available to seed-demo.

const COLUMN_TYPES = new Set([
  "首页", "概况信息", "机构职能", "负责人信息", "工作动态", "政务要闻", "通知公告", "政策文件", "政策解读",
  "信息公开指南", "信息公开目录", "信息公开年报", "依法申请公开", "数据发布", "数据开放", "统计数据",
  "人事信息", "规划计划", "回应关切", "办事服务", "咨询投诉", "征集调查", "在线访谈", "互动交流", "专题专栏", "其他",
]);
const ALL_ROLES: RoleKey[] = ["system_admin", "auditor", "supervisor", "site_admin", "editor", "proofreader", "reviewer", "duty_officer"];
const PLATFORM_ROLES = new Set<RoleKey>(["system_admin", "auditor", "supervisor", "duty_officer"]);
const CONTENT_ROLES = new Set<RoleKey>(["editor", "proofreader", "reviewer"]);

const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** GB 32100—2015 check character of a 统一社会信用代码, and the GB 11714 one of its organisation code. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = w.reduce((s, wi, i) => s + USCC_CHARS.indexOf(code[i]!) * wi, 0);
  const c = (31 - (sum % 31)) % 31;
  if (USCC_CHARS[c] !== code[17]) return false;
  const org = code.slice(8, 17);
  const ow = [3, 7, 9, 10, 5, 8, 4, 2];
  const val = (ch: string) => (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);
  const osum = ow.reduce((s, wi, i) => s + val(org[i]!) * wi, 0);
  const oc = 11 - (osum % 11);
  return org[8] === (oc === 10 ? "X" : oc === 11 ? "0" : String(oc));
}

/**
 * Referential integrity and format checks of the demo data. Returns problems in Chinese (empty
 * when all is well). `categories` are the column category keys of the active profile.
 */
export function validateDemoCounty(county: DemoCounty = demoCounty, categories?: readonly string[]): string[] {
  const issues: string[] = [];
  const unitKeys = new Set<string>();
  for (const u of county.units) {
    if (unitKeys.has(u.key)) issues.push(`单位键重复：${u.key}`);
    unitKeys.add(u.key);
    if (!isValidCreditCode(u.code)) issues.push(`${u.name}：统一社会信用代码“${u.code}”格式或校验位不正确`);
    if (u.code.slice(2, 8) !== county.regionCode) issues.push(`${u.name}：统一社会信用代码中的行政区划代码应为 ${county.regionCode}`);
  }
  for (const u of county.units) {
    if (u.parentKey && !unitKeys.has(u.parentKey)) issues.push(`${u.name}：上级单位“${u.parentKey}”不存在`);
  }
  const byUser = new Map<string, DemoPerson>();
  const mobiles = new Set<string>();
  for (const p of county.people) {
    if (byUser.has(p.username)) issues.push(`用户名重复：${p.username}`);
    byUser.set(p.username, p);
    if (!/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/.test(p.username)) issues.push(`用户名“${p.username}”不合规范`);
    if (!/^1[3-9]\d{9}$/.test(p.mobile)) issues.push(`${p.realName}：手机号码“${p.mobile}”格式不正确`);
    if (mobiles.has(p.mobile)) issues.push(`${p.realName}：手机号码与他人重复`);
    mobiles.add(p.mobile);
    if (!unitKeys.has(p.unitKey)) issues.push(`${p.realName}：所属单位“${p.unitKey}”不存在`);
    if (p.roles.length === 0) issues.push(`${p.realName}：没有任何角色`);
    const held = new Set(p.roles.map((r) => r.role));
    if (held.has("system_admin") && [...held].some((r) => CONTENT_ROLES.has(r))) {
      issues.push(`${p.realName}：系统管理员不得同时担任内容编辑、校对或审核角色`);
    }
    if (held.has("auditor") && held.size > 1) issues.push(`${p.realName}：安全审计员不得兼任其他角色`);
  }

  const siteKeys = new Set<string>();
  const columnPaths = new Map<string, Set<string>>();
  const walk = (site: DemoSite, list: DemoColumn[], parent: string) => {
    const names = new Set<string>();
    for (const c of list) {
      const path = parent ? `${parent}/${c.name}` : c.name;
      if (names.has(c.name)) issues.push(`${site.name}：栏目“${path}”与同级栏目重名`);
      names.add(c.name);
      columnPaths.get(site.key)!.add(path);
      if (!COLUMN_TYPES.has(c.columnType)) issues.push(`${site.name}：栏目“${path}”的栏目类型“${c.columnType}”不在国家规范中`);
      if (categories && !categories.includes(c.category)) issues.push(`${site.name}：栏目“${path}”的分类“${c.category}”不在规则方案中`);
      if (!unitKeys.has(c.responsibleUnitKey)) issues.push(`${site.name}：栏目“${path}”的责任单位“${c.responsibleUnitKey}”不存在`);
      if (c.responsibleUsername) {
        const who = byUser.get(c.responsibleUsername);
        if (!who) issues.push(`${site.name}：栏目“${path}”的责任人“${c.responsibleUsername}”不存在`);
        else if (who.unitKey !== c.responsibleUnitKey) issues.push(`${site.name}：栏目“${path}”的责任人不属于责任单位`);
      }
      if (!c.description.trim() || c.keywords.length === 0) issues.push(`${site.name}：栏目“${path}”缺少栏目说明或关键词`);
      if (c.externalUrl && !/^(https?:\/\/|\/(?!\/))/.test(c.externalUrl)) issues.push(`${site.name}：栏目“${path}”的外链地址不正确`);
      if (c.children) walk(site, c.children, path);
    }
  };
  for (const s of county.sites) {
    if (siteKeys.has(s.key)) issues.push(`站点代码重复：${s.key}`);
    siteKeys.add(s.key);
    columnPaths.set(s.key, new Set());
    if (!/^[a-z][a-z0-9]*$/.test(s.key)) issues.push(`${s.name}：站点代码应为小写字母和数字`);
    if (!unitKeys.has(s.ownerUnitKey)) issues.push(`${s.name}：主办单位不存在`);
    if (!unitKeys.has(s.operatorUnitKey)) issues.push(`${s.name}：承办单位不存在`);
    if (!/^\d{10}$/.test(s.siteIdCode) || !s.siteIdCode.startsWith(county.regionCode)) {
      issues.push(`${s.name}：网站标识码应为 ${county.regionCode} 开头的 10 位数字`);
    }
    if (!/^[\u4e00-\u9fa5]ICP备\d{8,10}号(-\d{1,3})?$/.test(s.icp)) issues.push(`${s.name}：ICP备案号格式不正确`);
    const psb = /^[\u4e00-\u9fa5]公网安备(\d{14})号$/.exec(s.psb);
    if (!psb || !psb[1]!.startsWith(county.regionCode)) issues.push(`${s.name}：公安机关备案号应为 ${county.regionCode} 开头的 14 位数字`);
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.gov\.cn$/.test(s.domain)) issues.push(`${s.name}：域名应以 .gov.cn 结尾`);
    if (s.kind === "portal" ? s.pathPrefix !== "/" : !/^\/[a-z0-9-]+\/$/.test(s.pathPrefix)) issues.push(`${s.name}：路径前缀不正确`);
    if (s.columns.length === 0) issues.push(`${s.name}：没有栏目`);
    walk(s, s.columns, "");
  }
  const prefixes = county.sites.map((s) => `${s.domain}${s.pathPrefix}`);
  if (new Set(prefixes).size !== prefixes.length) issues.push("有站点使用相同的域名和路径");
  if (county.sites.filter((s) => s.kind === "portal").length !== 1) issues.push("应有且只有一个门户网站");

  for (const p of county.people) {
    for (const r of p.roles) {
      if (PLATFORM_ROLES.has(r.role) && r.siteKey) issues.push(`${p.realName}：${r.role} 是平台级角色，不应限定站点`);
      if (!PLATFORM_ROLES.has(r.role) && (!r.siteKey || !siteKeys.has(r.siteKey))) issues.push(`${p.realName}：${r.role} 角色须限定在已有站点`);
      if (r.role === "reviewer" && r.level !== 2 && r.level !== 3) issues.push(`${p.realName}：审核角色须注明 2 级或 3 级`);
      if (r.role !== "reviewer" && r.level !== undefined) issues.push(`${p.realName}：只有审核角色分级`);
      for (const path of r.columnPaths ?? []) {
        if (!r.siteKey || !columnPaths.get(r.siteKey)?.has(path)) issues.push(`${p.realName}：授权栏目“${path}”不存在`);
      }
    }
  }
  const present = new Set(county.people.flatMap((p) => p.roles.map((r) => r.role)));
  for (const role of ALL_ROLES) if (!present.has(role)) issues.push(`没有人担任 ${role} 角色`);
  for (const s of county.sites) {
    const on = (role: RoleKey, level?: number) =>
      county.people.some((p) => p.roles.some((r) => r.role === role && r.siteKey === s.key && (level === undefined || r.level === level)));
    if (!on("site_admin")) issues.push(`${s.name}：没有站点管理员`);
    if (!on("editor")) issues.push(`${s.name}：没有信息员`);
    if (!on("proofreader")) issues.push(`${s.name}：没有校对员`);
    if (!on("reviewer", 2)) issues.push(`${s.name}：没有二级审核人`);
    if (!on("reviewer", 3)) issues.push(`${s.name}：没有三级审核人（签发）`);
  }
  return issues;
}
