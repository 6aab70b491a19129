/**
 * Deterministic generator of government-style Chinese text and of a 20,000-term dictionary,
 * for the content-check benchmark. Same seed, same bytes, on every machine.
 */

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNITS = [
  "县政府办公室", "县发展和改革委员会", "县教育委员会", "县卫生健康委员会", "县生态环境局", "县财政局", "县统计局",
  "县人力资源和社会保障局", "县农业农村委员会", "县住房和城乡建设委员会", "县市场监督管理局", "县应急管理局",
  "县交通运输委员会", "县水利局", "县文化和旅游发展委员会", "县民政局", "县司法局", "县规划和自然资源局",
  "桃源镇人民政府", "青溪乡人民政府", "城南街道办事处", "县乡村振兴局", "县医疗保障局", "县退役军人事务局",
];
const ACTIONS = [
  "召开", "部署", "推进", "落实", "开展", "组织", "印发", "研究", "审议", "通报", "督促", "指导", "完善", "加强",
  "深化", "健全", "统筹", "协调", "优化", "规范",
];
const OBJECTS = [
  "安全生产工作", "防汛抗旱工作", "乡村振兴重点任务", "营商环境建设", "政务公开工作", "民生实事项目", "森林防火工作",
  "疫情防控常态化工作", "基层治理体系", "就业创业服务", "义务教育均衡发展", "城乡居民医保参保", "高标准农田建设",
  "生态环境保护督察整改", "消防安全隐患排查", "食品安全监管", "农村人居环境整治", "政府信息公开年度报告",
  "重点项目建设", "招商引资工作", "政务服务事项", "信访矛盾纠纷化解", "防止返贫动态监测", "耕地保护",
];
const PLACES = ["县行政中心", "桃源镇", "青溪乡", "城南街道", "工业园区", "县会议中心", "黄水镇", "西沱镇", "南宾街道"];
const CONNECT = ["同时", "此外", "会议要求", "会议强调", "会议指出", "据了解", "截至目前", "下一步", "近日", "今年以来"];
const ENDINGS = [
  "确保各项任务落到实处", "切实增强人民群众的获得感", "为全县经济社会高质量发展提供有力保障", "推动工作取得实效",
  "确保按期完成年度目标任务", "坚决守住安全底线", "持续提升服务效能", "形成工作合力",
];
const NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "黄磊", "赵敏", "周杰", "吴霞", "谭丽萍", "冉光明"];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function sentence(rnd: () => number): string {
  const n = Math.floor(rnd() * 100);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  switch (Math.floor(rnd() * 8)) {
    case 0:
      return `${month}月${day}日，${pick(rnd, UNITS)}在${pick(rnd, PLACES)}${pick(rnd, ACTIONS)}${pick(rnd, OBJECTS)}推进会，${pick(rnd, ENDINGS)}。`;
    case 1:
      return `${pick(rnd, CONNECT)}，全县共${pick(rnd, ACTIONS)}${pick(rnd, OBJECTS)}${n + 3}项，完成投资${(rnd() * 90 + 1).toFixed(2)}亿元，同比增长${(rnd() * 20).toFixed(1)}%。`;
    case 2:
      return `${pick(rnd, UNITS)}主要负责同志${pick(rnd, NAMES)}强调，要${pick(rnd, ACTIONS)}${pick(rnd, OBJECTS)}，${pick(rnd, ACTIONS)}${pick(rnd, OBJECTS)}，${pick(rnd, ENDINGS)}。`;
    case 3:
      return `各乡镇（街道）、县级各部门要${pick(rnd, ACTIONS)}责任落实，对${pick(rnd, OBJECTS)}中发现的问题建立台账、限期整改，整改情况于${month}月${day}日前报${pick(rnd, UNITS)}。`;
    case 4:
      return `联系人：${pick(rnd, NAMES)}，咨询电话：023-7${String(Math.floor(rnd() * 1e7)).padStart(7, "0")}。`;
    case 5:
      return `${pick(rnd, CONNECT)}，${pick(rnd, PLACES)}${pick(rnd, ACTIONS)}${pick(rnd, OBJECTS)}，累计服务群众${n * 37 + 120}人次，办结率达${(90 + rnd() * 10).toFixed(1)}%。`;
    case 6:
      return `根据《中华人民共和国政府信息公开条例》和上级有关要求，现将${pick(rnd, OBJECTS)}有关情况公示如下，公示期为${Math.floor(rnd() * 10) + 5}个工作日。`;
    default:
      return `详情请登录县政府门户网站（https://www.shifan.gov.cn/xxgk/${Math.floor(rnd() * 1e6)}.html）查询。`;
  }
}

/** One article of 1–6 KB: a title and several paragraphs. */
export function article(rnd: () => number, plant: readonly string[]): string {
  const paragraphs: string[] = [`关于${pick(rnd, ACTIONS)}${pick(rnd, OBJECTS)}的通知`];
  const count = 3 + Math.floor(rnd() * 8);
  for (let p = 0; p < count; p++) {
    let para = "";
    const sentences = 2 + Math.floor(rnd() * 5);
    for (let s = 0; s < sentences; s++) {
      para += sentence(rnd);
      // About one planted dictionary term every few kilobytes, some of them disguised.
      if (plant.length > 0 && rnd() < 0.03) {
        const term = pick(rnd, plant);
        para += rnd() < 0.3 ? [...term].join(" ") : term;
        para += "。";
      }
    }
    paragraphs.push(para);
  }
  paragraphs.push(`${pick(rnd, UNITS)}\n${2020 + Math.floor(rnd() * 6)}年${1 + Math.floor(rnd() * 12)}月${1 + Math.floor(rnd() * 28)}日`);
  return paragraphs.join("\n");
}

/** Articles until the corpus reaches `bytes` of UTF-8. */
export function corpus(seed: number, bytes: number, plant: readonly string[]): string[] {
  const rnd = prng(seed);
  const docs: string[] = [];
  let size = 0;
  while (size < bytes) {
    const doc = article(rnd, plant);
    docs.push(doc);
    size += Buffer.byteLength(doc);
  }
  return docs;
}

/** Common characters of Chinese text (the first ~2,500 of 《现代汉语常用字表》 order, roughly). */
const COMMON =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研质信记转满何调周米华厦复县众伟武务刘历华邓";

/**
 * Distinct dictionary terms shaped like a real sensitive-word list.
 *
 * "realistic": 2–6 characters (mostly 2–4), a quarter of the characters drawn from the ~500
 * commonest characters of ordinary text and the rest from the whole CJK block, plus a few
 * Latin terms; ordinary text then produces an accidental candidate every thousand
 * characters or so, which every engine must still look at.
 * "dense": 2–4 characters drawn only from the commonest characters — a stress test with an
 * accidental candidate every ~100 characters, far more than any real list produces.
 */
export function dictionary(seed: number, size: number, kind: "realistic" | "dense" = "realistic"): string[] {
  const rnd = prng(seed);
  const terms = new Set<string>();
  while (terms.size < size) {
    if (kind === "realistic" && rnd() < 0.02) {
      let latin = "";
      const len = 3 + Math.floor(rnd() * 5);
      for (let i = 0; i < len; i++) latin += String.fromCharCode(0x61 + Math.floor(rnd() * 26));
      terms.add(latin);
      continue;
    }
    const r = rnd();
    const len = kind === "dense" ? 2 + Math.floor(rnd() * 3) : r < 0.3 ? 2 : r < 0.65 ? 3 : r < 0.9 ? 4 : 5 + Math.floor(rnd() * 2);
    let t = "";
    for (let i = 0; i < len; i++) {
      t += kind === "dense" || rnd() < 0.25 ? COMMON[Math.floor(rnd() * COMMON.length)] : String.fromCharCode(0x4e00 + Math.floor(rnd() * 0x51a6));
    }
    terms.add(t);
  }
  return [...terms];
}
