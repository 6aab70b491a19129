/**
 * Writes the labelled corpus (packages/checks/corpus/*.jsonl) deterministically. The
 * hand-written lists below are the substance; the script only multiplies them through a few
 * sentence frames and computes valid ID and card numbers (with correct check characters).
 *
 *   npx tsx packages/checks/scripts/generate-corpus.ts
 *
 * Each line: { id, input, html?, documentKind?, expect: [{ category, text, severity? }], note? }.
 * `expect` lists every finding the case should produce; an empty list is a trap (nothing may fire).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { idCheckChar, luhn } from "../src/detectors/pii-validate.ts";
import type { Category, Severity } from "../src/types.ts";

interface Expected {
  category: Category;
  text: string;
  severity?: Severity;
}
export interface CorpusCase {
  id: string;
  input: string;
  html?: boolean;
  documentKind?: string;
  expect: Expected[];
  note?: string;
}

let state = 20240607;
const rnd = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join("");

const REGIONS = ["500240", "110101", "440305", "510104", "330106", "420102", "610113", "320582", "370202", "500101"];
function validId(): string {
  const year = 1950 + Math.floor(rnd() * 55);
  const month = String(1 + Math.floor(rnd() * 12)).padStart(2, "0");
  const day = String(1 + Math.floor(rnd() * 28)).padStart(2, "0");
  const first17 = `${pick(REGIONS)}${year}${month}${day}${digits(3)}`;
  return first17 + idCheckChar(first17);
}
function wrongCheck(id: string): string {
  const right = id[17]!;
  const options = "0123456789X".split("").filter((c) => c !== right);
  return id.slice(0, 17) + pick(options);
}
function validCard(prefix: string, length: number): string {
  for (;;) {
    const body = prefix + digits(length - prefix.length - 1);
    for (let d = 0; d <= 9; d++) if (luhn(body + d)) return body + d;
  }
}
const mobile = () => `1${pick(["3", "5", "7", "8", "9"])}${digits(9)}`;

const cases: Record<string, CorpusCase[]> = {
  secret: [],
  pii: [],
  sensitive: [],
  expression: [],
  typo: [],
  advert: [],
  link: [],
  traps: [],
};
let n = 0;
const add = (file: string, input: string, expect: Expected[], extra: Partial<CorpusCase> = {}) => {
  cases[file]!.push({ id: `${file}-${String(++n).padStart(4, "0")}`, input, expect, ...extra });
};
const trap = (input: string, note: string, extra: Partial<CorpusCase> = {}) => add("traps", input, [], { note, ...extra });

const OBJECTS = ["安全生产工作", "防汛抗旱工作", "乡村振兴重点任务", "政务公开工作", "森林防火工作", "民生实事项目"];

// ── secret ──────────────────────────────────────────────────────────────
for (const marking of ["机密★1年", "秘密★", "绝密★启用前", "机 密 ★ 5 年", "密级：秘密", "【机密】", "（秘密级）", "★绝密", "机密★长期", "秘密★6个月", "绝密★10年", "密级:机密★2年"]) {
  add("secret", `${marking}\n关于做好${pick(OBJECTS)}的通知\n各乡镇人民政府、街道办事处：`, [{ category: "secret", text: marking.replace(/^（|）$/g, (m) => m), severity: "block" }]);
  add("secret", `示范县人民政府办公室文件 ${marking}\n各有关单位要认真贯彻落实。`, [{ category: "secret", text: marking, severity: "block" }]);
}
for (const alone of ["秘密", "机密", "绝密", "机密级"]) {
  add("secret", `${alone}\n示范县人民政府办公室\n关于${pick(OBJECTS)}的报告`, [{ category: "secret", text: alone, severity: "block" }]);
}
for (const [input, text] of [
  ["内部资料 注意保存\n示范县2023年度工作要点", "内部资料 注意保存"],
  ["（内部资料，注意保存）\n会议纪要", "内部资料，注意保存"],
  ["内部文件\n关于调整领导小组成员的通知", "内部文件"],
  ["本材料系内部资料，请勿外传。", "内部资料，请勿外传"],
  ["仅供内部使用\n2023年第三季度工作简报", "仅供内部使用"],
  ["【内部资料】示范县统计月报", "内部资料"],
  ["注意保密\n县委常委会会议纪要", "注意保密"],
  ["内部参考\n舆情专报第12期", "内部参考"],
] as const) {
  add("secret", input, [{ category: "secret", text, severity: "block" }]);
}
for (const t of [
  "关于召开保密工作会议的通知",
  "县保密局开展保密工作专项检查",
  "认真学习《中华人民共和国保守国家秘密法》",
  "依法保护商业秘密和个人隐私",
  "标注有“内部文件(资料)”和“注意保存(保管、保密)”等警示字样的信息不得上网。",
  "严禁将内部文件上传至互联网。",
  "请注意保存好缴费票据。",
  "机密文件管理制度已修订完善。",
  "全县召开保密工作暨密码工作会议。",
  "加强涉密人员管理，做好秘密载体保管。",
  "内部资料室开放时间为工作日上午。",
  "各单位要强化保密意识，确保涉密信息不上网。",
  "内部审计工作要点印发。",
  "严守党的政治纪律，不得泄露工作秘密。",
]) trap(t, "保密工作的正常表述");

// ── pii ─────────────────────────────────────────────────────────────────
const NAMES = ["张某某", "李某", "王某华", "刘某", "陈某某"];
for (let i = 0; i < 40; i++) {
  const id = validId();
  const frame = pick([
    (x: string) => `申请人${pick(NAMES)}，公民身份号码${x}，现住示范县桃源镇。`,
    (x: string) => `联系人：${pick(NAMES)}，身份证号：${x}。`,
    (x: string) => `${pick(NAMES)}（身份证号码${x}）于2023年3月提交申请。`,
    (x: string) => `经核查，${x}户主名下无房产。`,
  ]);
  add("pii", frame(id), [{ category: "pii", text: id, severity: "block" }]);
}
for (let i = 0; i < 10; i++) {
  const id = validId();
  add("pii", `行政处罚决定书：当事人${pick(NAMES)}，身份证号${id}，因违法占地被处罚款。`, [{ category: "pii", text: id, severity: "warn" }], { documentKind: "punishment_notice" });
}
for (let i = 0; i < 6; i++) {
  const id = validId();
  add("pii", `强制性信息披露：责任人${pick(NAMES)}，身份证号${id}。`, [{ category: "pii", text: id, severity: "warn" }], { documentKind: "mandatory_disclosure" });
}
for (const id15 of ["500240850312123", "110101700101001", "440305881231456"]) {
  add("pii", `原身份证号码${id15}已换发新证。`, [{ category: "pii", text: id15, severity: "block" }]);
}
for (let i = 0; i < 15; i++) {
  const card = validCard(pick(["6222", "6217", "6228", "6212"]), pick([16, 19]));
  const grouped = rnd() < 0.5 ? card : card.replace(/(\d{4})(?=\d)/g, "$1 ");
  add("pii", `补助资金已打入其银行卡${grouped}，请注意查收。`, [{ category: "pii", text: grouped, severity: "block" }]);
}
for (let i = 0; i < 20; i++) {
  const m = mobile();
  const written = rnd() < 0.3 ? `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}` : m;
  const frame = pick([
    (x: string) => `联系人：${pick(NAMES)}，联系电话：${x}。`,
    (x: string) => `如有疑问请联系${pick(NAMES)}，手机${x}。`,
    (x: string) => `获奖人：${pick(NAMES)}（${x}）`,
  ]);
  add("pii", frame(written), [{ category: "pii", text: written, severity: "block" }]);
}
for (const email of ["zhangsan1990@163.com", "12345678@qq.com", "wangmh@126.com", "li.hua@gmail.com", "liu_99@sina.com", "chen@foxmail.com", "xiaoming@outlook.com", "abc2023@139.com"]) {
  add("pii", `报名人员请将材料发送至本人邮箱，经办人邮箱：${email}。`, [{ category: "pii", text: email, severity: "block" }]);
}
for (const passport of ["E12345678", "EA1234567", "G23456789", "P12345678"]) {
  add("pii", `出访人员${pick(NAMES)}，护照号码${passport}。`, [{ category: "pii", text: passport, severity: "block" }]);
}
for (const home of ["023-73456789", "010-62345678", "73456789"]) {
  add("pii", `${pick(NAMES)}家庭电话：${home}。`, [{ category: "pii", text: home, severity: "block" }]);
}
// Traps: invalid IDs, office contacts, numbers that are not personal data.
for (let i = 0; i < 15; i++) {
  const bad = wrongCheck(validId());
  trap(`编号${bad}的档案已归档。`, "校验位错误的18位数字不是身份证号码");
}
for (const bad of ["500240199002301234", "110101200013011234", "990121198001011234", "000000198001011234", "500240230001011234"]) {
  trap(`流水号：${bad}`, "日期或地区码无效的18位数字");
}
for (const t of [
  "办公电话：023-73331234，传真：023-73332222。",
  "咨询电话：13800000000（工作日 9:00—17:00）",
  "监督电话：023-12345678",
  "投诉举报电话：12345",
  "单位邮箱：szxzfb@cq.gov.cn",
  "来信请寄电子邮箱 gongkai@shifan.gov.cn。",
  "值班电话：19900000001",
  "服务热线：023-70001234",
  "2023-12-01至2023-12-31期间受理。",
  "共完成投资12345678元。",
  "统一社会信用代码：91500240MA5U123456",
  "统一社会信用代码：115002400090123456",
  "渝ICP备12345678号-1 渝公网安备50024002000123号",
  "身份证号：500240********1234（已去标识化）",
  "联系电话：138****5678",
  "银行卡号6222 **** **** 1234",
  "文号：示府办发〔2023〕15号，索引号：11500240MB1234567X/2023-00123",
  "订单号6222020012345678903已处理。",
  "网站标识码5002400001",
  "准考证号：202312345678901",
  "示范县统计局发布2023年1-9月数据：地区生产总值123.45亿元。",
]) trap(t, "单位公开信息或非个人号码");

// ── sensitive ───────────────────────────────────────────────────────────
for (const [input, text, severity] of [
  ["严禁吸食大麻。", "大麻", "warn"],
  ["有人在网上出售冰毒，已被查获。", "出售冰毒", "block"],
  ["不要点开裸聊链接。", "裸聊", "block"],
  ["谨防“裸 聊”敲诈。", "裸 聊", "block"],
  ["网上流传的裸*聊视频系诈骗。", "裸*聊", "block"],
  ["警惕網上賭場诱骗。", "網上賭場", "block"],
  ["百家乐网站已被封堵。", "百家乐", "block"],
  ["约炮软件涉嫌违法。", "约炮", "block"],
  ["約炮软件涉嫌违法。", "約炮", "block"],
  ["裸裸聊聊诈骗案告破。", "裸裸聊聊", "block"],
  ["狗官！", "狗官", "block"],
  ["认清法轮功邪教本质。", "法轮功", "warn"],
  ["法-轮-功是邪教组织。", "法-轮-功", "warn"],
  ["法輪功是邪教组织。", "法輪功", "warn"],
  ["全能神组织蛊惑群众。", "全能神", "warn"],
  ["坚决反对藏独分裂活动。", "藏独", "warn"],
  ["严厉打击网络赌博。", "网络赌博", "warn"],
  ["不得观看成人视频。", "成人视频", "block"],
  ["严禁传播Ａ片。", "Ａ片", "block"],
  ["网上流传“制造炸弹”教程。", "制造炸弹", "block"],
  ["校园周边发现摇头丸。", "摇头丸", "warn"],
  ["禁毒宣传：海洛因危害大。", "海洛因", "warn"],
  ["K粉属于毒品。", "K粉", "warn"],
  ["这伙人专门代购大麻。", "代购大麻", "block"],
  ["嫌疑人以援交为名诈骗。", "援交", "block"],
  ["严禁六合彩等非法彩票。", "六合彩", "warn"],
  ["他骂了一句傻逼。", "傻逼", "block"],
  ["禁止在线上娱乐城投注。", "线上娱乐城", "block"],
  ["时时彩赌博团伙落网。", "时时彩", "block"],
  ["自制枪支属违法行为。", "自制枪支", "block"],
] as const) {
  add("sensitive", input, [{ category: "sensitive", text, severity }]);
}
for (const [t, note] of [
  ["游客在天安门广场观看升旗仪式。", "天安门广场"],
  ["要加强路口交通管理。", "路口交通（口交）"],
  ["这是个大麻烦。", "大麻烦（大麻）"],
  ["全县人口交流活动。", "人口交流（口交）"],
  ["港口交通运输繁忙。", "港口交通（口交）"],
  ["进出口交易会开幕。", "进出口交易（口交）"],
  ["窗口交办的事项已办结。", "窗口交办（口交）"],
  ["支援交通建设。", "支援交通（援交）"],
  ["两人相约炮台公园。", "相约炮台（约炮）"],
  ["西藏独特的自然风光。", "西藏独特（藏独）"],
  ["新疆独具特色的瓜果。", "新疆独具（疆独）"],
  ["香港独特的城市魅力。", "香港独特（港独）"],
  ["PK粉丝团人气很旺。", "PK粉丝（K粉，拉丁字母边界）"],
  ["这段Java片段代码有误。", "Java片段（a片，拉丁字母边界）"],
  ["云南发展工业大麻产业。", "工业大麻（白名单）"],
  ["大麻纤维纺织品出口。", "大麻纤维（白名单）"],
  ["遇到麻烦找社区。", "麻烦"],
  ["入口交汇处设置了指示牌。", "入口交汇（口交）"],
  ["地方不大，麻烦事却不少。", "标点隔开的“大，麻”（匹配不跨句读）"],
  ["全县人口，交通便利。", "标点隔开的“口，交”"],
] as const) trap(t, note);

// ── expression ──────────────────────────────────────────────────────────
for (const [input, text] of [
  ["县长张明华主持召开会议。", "县长张明华"],
  ["张明华县长强调。", "张明华县长"],
  ["副县长李建国出席。", "副县长李建国"],
  ["县委书记李建国讲话。", "县委书记李建国"],
  ["书记李建国指出。", "书记李建国"],
  ["常务副县长周丽参加调研。", "常务副县长周丽"],
  ["县政协主席王晓红出席。", "县政协主席王晓红"],
  ["县长李建明主持会议。", "李建明"],
  ["县委书记张明平作报告。", "张明平"],
  ["李建军县长一行到桃源镇调研。", "李建军"],
  ["县人大常委会主任王小红出席。", "王小红"],
] as const) {
  add("expression", input, [{ category: "expression", text, severity: "block" }], { note: "示范县领导名单" });
}
for (const [wrong, right] of [
  ["以习近平为核心的党中央", "以习近平同志为核心的党中央"],
  ["以习近平总书记为核心的党中央", ""],
  ["习近平新时代中国特色社会主义理论", ""],
  ["习近平新时代社会主义思想", ""],
  ["四个全面战略部署", ""],
  ["五位一体总体部署", ""],
  ["一带一路战略", ""],
  ["台湾政府", ""],
  ["台湾总统", ""],
  ["人类共同命运体", ""],
  ["两个坚决维护", ""],
] as const) {
  void right;
  add("expression", `全县上下要紧密团结在${wrong}周围。`.replace(/在(台湾|人类|两个|四个|五位|一带)/, "在$1"), [{ category: "expression", text: wrong, severity: "block" }]);
}
for (const [wrong, severity] of [
  ["三个自信", "warn"],
  ["五大发展理念", "warn"],
  ["全面建设小康社会", "warn"],
  ["习总书记", "warn"],
  ["香港政府", "warn"],
  ["北朝鲜", "warn"],
  ["两岸三地", "warn"],
  ["残废人", "warn"],
] as const) {
  add("expression", `文中提到了${wrong}等内容。`, [{ category: "expression", text: wrong, severity }]);
}
for (const old of ["国土资源局", "环保局", "工商局", "安监局", "卫计委", "食药监局", "质监局", "地税局", "法制办公室", "扶贫办", "农委", "环境保护局"]) {
  add("expression", `请到县${old}办理相关手续。`, [{ category: "expression", text: old, severity: "warn" }]);
}
for (const old of ["国土资源部", "环境保护部", "国家卫生计生委", "国家工商行政管理总局"]) {
  add("expression", `根据${old}有关规定执行。`, [{ category: "expression", text: old, severity: "warn" }]);
}
add("expression", "公安消防大队开展消防演练。", [{ category: "expression", text: "公安消防大队", severity: "warn" }]);
for (const t of [
  "县委书记张明华主持召开县委常委会会议。",
  "县委副书记、县长李建国讲话。",
  "县长李建国强调。",
  "李建国县长一行到桃源镇调研。",
  "张明华书记指出。",
  "县委常委、常务副县长赵卫东出席。",
  "副县长周丽、孙国平参加。",
  "县人大常委会主任王晓红、县政协主席陈志强出席。",
  "王晓红主任讲话。",
  "全县上下要紧密团结在以习近平同志为核心的党中央周围。",
  "深入学习贯彻习近平新时代中国特色社会主义思想。",
  "积极参与共建“一带一路”倡议。",
  "台湾当局应当停止挑衅。",
  "台湾国民党代表团访问大陆。",
  "全面建成小康社会目标如期实现。",
  "原国土资源局的职责已划入县规划和自然资源局。",
  "县农业部门组织技术培训。",
  "县文化部门开展送戏下乡。",
  "县生态环境局开展执法检查。",
  "县市场监督管理局抽检食品。",
  "县消防救援大队开展演练。",
  "付书记主持召开纪委全会。",
  "新时代中国特色社会主义事业蓬勃发展。",
]) trap(t, "正确的领导姓名职务、规范表述或现行机构名称");

// ── typo ────────────────────────────────────────────────────────────────
const TYPO_FRAMES = [
  (w: string) => `各单位要${w}，确保工作落实。`,
  (w: string) => `会议强调：${w}。`,
  (w: string) => `全县${w}工作取得成效。`,
];
for (const [wrong, right] of [
  ["布署", "部署"], ["贯切", "贯彻"], ["按排", "安排"], ["付县长", "副县长"], ["付局长", "副局长"], ["组识", "组织"],
  ["廉结", "廉洁"], ["屡职", "履职"], ["授理", "受理"], ["防犯", "防范"], ["拔付", "拨付"], ["截止目前", "截至目前"],
  ["按步就班", "按部就班"], ["再接再励", "再接再厉"], ["一愁莫展", "一筹莫展"], ["迫不急待", "迫不及待"], ["震憾", "震撼"],
  ["竟争", "竞争"], ["坏境", "环境"], ["部份", "部分"], ["帐户", "账户"], ["签暑", "签署"], ["会议记要", "会议纪要"],
  ["坐谈会", "座谈会"], ["座落", "坐落"], ["既将", "即将"], ["做为", "作为"], ["实事求事", "实事求是"], ["与时具进", "与时俱进"],
  ["融汇贯通", "融会贯通"], ["发辉", "发挥"], ["招骋", "招聘"], ["验受", "验收"], ["陪偿", "赔偿"], ["折迁", "拆迁"],
  ["防讯", "防汛"], ["疫清", "疫情"], ["隐换", "隐患"], ["徘查", "排查"], ["补帖", "补贴"], ["粘帖", "粘贴"],
  ["严竣", "严峻"], ["松懈", ""], ["暴燥", "暴躁"], ["渡假村", "度假村"], ["重迭", "重叠"], ["幅射", "辐射"],
  ["报帐", "报账"], ["致词", "致辞"], ["凑和", "凑合"], ["候车室", ""], ["侯车室", "候车室"], ["针贬时弊", "针砭时弊"],
  ["名符其实", "名副其实"], ["出奇致胜", "出奇制胜"], ["因地治宜", "因地制宜"], ["集思广义", "集思广益"],
  ["坚苦奋斗", "艰苦奋斗"], ["兢兢业业", ""], ["竞竞业业", "兢兢业业"],
] as const) {
  if (!right) continue; // correct words listed for the traps below
  add("typo", pick(TYPO_FRAMES)(wrong), [{ category: "typo", text: wrong }]);
}
for (const t of [
  "王建全同志任桃源镇党委书记。",
  "新建全民健身中心一处。",
  "既使用了新设备，又节约了成本。",
  "与以往相比，办件量明显增加。",
  "付书记主持会议。",
  "渝ICP备05003300号 渝公网安备50024002000123号 版权所有：示范县人民政府办公室",
  "主办单位：示范县人民政府办公室 技术支持：示范县电子政务中心",
  "全县各级各部门要兢兢业业、再接再厉。",
  "候车室内秩序井然。",
  "要切实履职尽责，防范化解重大风险。",
  "截至目前，已完成年度任务的85%。",
  "进一步健全工作机制。",
  "会议纪要已印发各单位。",
  "请各单位抓紧部署落实。",
  "群众反应热烈。",
  "推进城乡一体化建设全面发展。",
]) trap(t, "正确写法、人名、页脚");

// ── advert ──────────────────────────────────────────────────────────────
for (const [input, text, severity] of [
  ["优质茶叶批发，加微信abc12345了解详情。", "加微信abc12345", "block"],
  ["VX：shop2023，欢迎咨询。", "VX：shop2023", "block"],
  ["详情请加QQ：12345678。", "加QQ：12345678", "block"],
  ["火热招募全国代理商！", "火热招募全国代理商", "block"],
  ["诚招加盟商。", "诚招加盟商", "block"],
  ["本店全网最低价，限时抢购。", "全网最低价", "warn"],
  ["代开发票，联系我们。", "代开发票", "block"],
  ["专业办证刻章。", "办证刻章", "block"],
  ["兼职日结，在家就能做。", "兼职日结", "block"],
  ["无抵押贷款，当天放款。", "无抵押贷款", "block"],
  ["祖传秘方，包治百病。", "祖传秘方", "block"],
  ["扫码领红包。", "扫码领红包", "block"],
  ["厂家直销，欢迎订购。", "厂家直销", "warn"],
  ["招商加盟，火爆进行中。", "招商加盟", "warn"],
] as const) {
  const expect: Expected[] = [{ category: "advert", text, severity }];
  if (input === "本店全网最低价，限时抢购。") expect.push({ category: "advert", text: "限时抢购", severity: "warn" });
  if (input === "厂家直销，欢迎订购。") expect.push({ category: "advert", text: "欢迎订购", severity: "warn" });
  if (input === "祖传秘方，包治百病。") expect.push({ category: "advert", text: "包治百病", severity: "block" });
  add("advert", input, expect);
}
for (const t of [
  "欢迎关注“示范发布”微信公众号：shifanfabu。",
  "县招商引资工作会议召开。",
  "落实减税降费优惠政策。",
  "扫码关注示范县政务服务公众号。",
  "县市场监管局开展虚假广告专项整治。",
  "官方微信：shifanxian",
]) trap(t, "政务公众号、招商引资等正常表述");

// ── link ────────────────────────────────────────────────────────────────
for (const [input, text, severity, html] of [
  ["详见 http://www.example.com/news/1.html", "http://www.example.com/news/1.html", "warn", false],
  ["更多信息：https://bet365.com/promo", "https://bet365.com/promo", "block", false],
  ["管理地址 http://192.168.1.10/admin", "http://192.168.1.10/admin", "warn", false],
  ["仿冒站点 https://www.cq.gov.cn.example.com/ 请勿访问", "https://www.cq.gov.cn.example.com/", "warn", false],
  ['<p><a href="javascript:alert(1)">点击查看</a></p>', "javascript:alert(1)", "block", true],
  ['<p><a href="http://casino-example.com/">友情链接</a></p>', "http://casino-example.com/", "block", true],
  ['<p>相关链接：<a href="https://www.baidu.com/s?wd=1">搜索</a></p>', "https://www.baidu.com/s?wd=1", "warn", true],
  ['<a href="JAVASCRIPT:location.href=\'http://x.cn\'">进入</a>', "JAVASCRIPT:location.href='http://x.cn'", "block", true],
] as const) {
  add("link", input, [{ category: "link", text, severity }], html ? { html: true } : {});
}
for (const [t, html] of [
  ["详见中国政府网 https://www.gov.cn/zhengce/", false],
  ["来源：重庆市人民政府网 http://www.cq.gov.cn/zwgk/", false],
  ["转载自新华网 http://www.xinhuanet.com/politics/", false],
  ['<a href="/xxgk/index.html">信息公开</a>', true],
  ['<a href="#top">返回顶部</a>', true],
  ['<a href="javascript:void(0)">展开</a>', true],
  ['<a href="mailto:gongkai@shifan.gov.cn">写信</a>', true],
  ['<a href="https://www.shifan.gov.cn/">示范县人民政府</a>', true],
  ['<a href="tel:02370001234">拨打</a>', true],
] as const) trap(t, "政府网站、本站相对链接和无害链接", html ? { html: true } : {});

// HTML cases across categories: offsets must point into the source.
add("pii", '<p>联系人：张某，手机<b>13912345678</b></p>', [{ category: "pii", text: "13912345678", severity: "block" }], { html: true });
add("secret", '<img src="a.png" alt="机密★1年"><p>正文</p>', [{ category: "secret", text: "机密★1年", severity: "block" }], { html: true });
add("sensitive", "<p>警惕法<b>轮</b>功邪教</p>", [{ category: "sensitive", text: "法轮功", severity: "warn" }], { html: true });
trap("<p>游客在天安门<span>广场</span>观看升旗。</p>", "HTML中的天安门广场", { html: true });
trap('<script>var x = "法轮功";</script><p>正文内容</p>', "脚本中的文字不显示，不检查", { html: true });

const dir = fileURLToPath(new URL("../corpus/", import.meta.url));
let total = 0;
for (const [file, list] of Object.entries(cases)) {
  writeFileSync(`${dir}${file}.jsonl`, list.map((c) => JSON.stringify(c)).join("\n") + "\n");
  total += list.length;
}
console.log(`已生成 ${total} 个用例：${Object.entries(cases).map(([k, v]) => `${k} ${v.length}`).join("，")}`);
