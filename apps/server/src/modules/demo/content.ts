// Example information for the demo county's sites, so the public site has something to show and
// the freshness figures have something to count. Loaded through the migration import (each item
// carries a recorded 迁移导入 review), dated over the past weeks; a few columns are left stale or
// blank on purpose, as real sites have them.
import { and, eq } from "drizzle-orm";
import { columns, roleAssignments, sites, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now, shanghaiToday } from "../../lib/clock.ts";
import { importStream, type ImportLine } from "../content/import.ts";

const TOPICS = [
  ["召开优化营商环境工作推进会", "会议通报了今年以来营商环境建设进展，部署下一阶段重点任务，要求各单位对标先进、补齐短板，持续提升企业和群众办事便利度。"],
  ["开展安全生产大检查", "检查组深入企业生产一线，重点检查消防设施、危险化学品储存和特种设备运行情况，对发现的隐患当场交办、限期整改。"],
  ["举行乡村振兴重点项目集中开工仪式", "本次集中开工项目涉及产业发展、基础设施和人居环境整治等领域，将进一步夯实乡村振兴基础。"],
  ["召开防汛抗旱工作会议", "会议要求各乡镇（街道）压实责任、备足物资、加强值守，确保安全度汛。"],
  ["推进“一网通办”政务服务改革", "全县已有多项政务服务事项实现网上可办，企业开办时间进一步压缩，群众办事“少跑腿”。"],
  ["开展河长制巡河工作", "各级河长按照巡河要求深入河段现场，检查河道保洁、排污口整治和水质监测情况。"],
  ["组织开展义务教育阶段招生工作", "今年义务教育阶段招生坚持免试就近入学原则，严格规范招生行为，保障适龄儿童平等接受义务教育。"],
  ["召开农村人居环境整治现场推进会", "与会人员实地观摩了村庄清洁行动和厕所革命成效，交流了经验做法。"],
  ["开展冬春季森林防火宣传", "工作人员走村入户发放宣传资料，提醒群众严格管控野外用火，共同守护绿水青山。"],
  ["举办就业援助月专场招聘会", "招聘会共有数十家企业参加，提供就业岗位数百个，涵盖制造、服务、电商等行业。"],
] as const;

const NOTICES = [
  ["关于做好元旦春节期间安全生产工作的通知", "各乡镇人民政府、街道办事处，县政府各部门：为切实做好元旦春节期间安全生产工作，现将有关事项通知如下。"],
  ["关于公开征求《示范县城区停车管理办法（征求意见稿）》意见的公告", "为提高规范性文件制定的科学性和透明度，现将征求意见稿全文公布，公开征求社会各界意见。"],
  ["关于2026年度公开招聘事业单位工作人员的公告", "根据工作需要，经研究决定，面向社会公开招聘事业单位工作人员，现将有关事项公告如下。"],
  ["关于调整城乡居民最低生活保障标准的通知", "为进一步保障困难群众基本生活，经县人民政府同意，现就调整城乡居民最低生活保障标准有关事项通知如下。"],
] as const;

/**
 * One or two items for every other kind of column, so the demo's figures reflect a site that is
 * looked after, with a single blank column left on purpose ({@link LEFT_BLANK}).
 */
const BY_TYPE: Record<string, (column: string, site: string, year: number) => Array<[string, string]>> = {
  概况信息: (c, site) => {
    const place = site.replace(/人民政府$/, "");
    return [[c.endsWith("概况") ? `${place}概况` : `${place}${c}`, `${place}${c}基本情况，资料截至上年末，由县政府办公室会同有关部门整理。`]];
  },
  机构职能: (_c, site) => [[`${site}机构职能`, `${site}的机构设置、主要职责、内设机构、办公地址、办公时间和联系方式。`]],
  负责人信息: (_c, site) => [[`${site}领导分工`, `根据工作需要，现将${site}领导班子成员工作分工公布如下。`]],
  信息公开指南: (_c, site, y) => [[`${site}政府信息公开指南（${y}年版）`, "本指南说明主动公开的范围和方式、依申请公开的受理机构、办理流程和收费标准。"]],
  信息公开目录: (c, site, y) => [
    [`${site}${y}年${c}工作情况`, `现将${y}年以来${c}有关情况公开如下。`],
    [`${site}${c}有关制度`, `为规范${c}工作，结合工作实际，制定本制度。`],
  ],
  政策文件: (_c, site, y) => [
    [`${site}关于印发《${y}年优化营商环境工作要点》的通知`, "各乡镇人民政府、街道办事处，县政府各部门：现将《工作要点》印发给你们，请认真贯彻执行。"],
    [`${site}关于进一步加强耕地保护工作的通知`, "为落实最严格的耕地保护制度，经研究，现就有关事项通知如下。"],
  ],
  政策解读: () => [["《示范县城区停车管理办法》政策解读", "一、制定背景。二、主要内容。三、适用范围。四、施行时间。本办法自发布之日起施行。"]],
  规划计划: (_c, site, y) => [[`${site}${y}年国民经济和社会发展计划执行情况`, `${y}年以来，全县经济运行总体平稳、稳中有进，主要指标完成情况如下。`]],
  统计数据: (_c, _site, y) => [[`${y}年1—10月全县主要经济指标`, "1—10月，全县规模以上工业增加值、社会消费品零售总额和固定资产投资保持增长。"]],
  人事信息: (_c, site, y) => [[`${site}${y}年公开招聘事业单位工作人员拟聘用人员公示`, "根据公开招聘有关规定，经笔试、面试、体检和考察，现将拟聘用人员名单予以公示，公示期 7 个工作日。"]],
  信息公开年报: (_c, site, y) => [[`${site}${y - 1}年政府信息公开工作年度报告`, "本报告依据《中华人民共和国政府信息公开条例》第五十条编制，报告所列数据统计期限自1月1日起至12月31日止。"]],
  回应关切: () => [["关于网传“城区将全面限行”的情况说明", "近日，网上流传“城区将全面限行”的消息。经核实，该消息不实，我县未出台相关措施，请广大群众不信谣、不传谣。"]],
  办事服务: (c, site) => [[`企业开办${c}`, `${site}企业开办“一窗通办”：申请材料、办理流程、办理时限和咨询电话。`]],
  征集调查: (_c, site) => [[`${site}关于公开征求《示范县城区停车管理办法（征求意见稿）》意见的公告`, "为提高规范性文件制定的科学性和透明度，现将征求意见稿全文公布，欢迎社会各界提出意见建议。"]],
  在线访谈: () => [["在线访谈预告：县人力资源和社会保障局负责人谈就业创业扶持政策", "本期访谈将介绍今年就业创业扶持政策的主要内容和申领方式，欢迎网民提前留言提问。"]],
  专题专栏: (c) => [[`${c}专题工作动态`, `围绕${c}重点任务，各乡镇（街道）和有关部门扎实推进各项工作。`]],
};

/** Left without items on purpose: a real site has one or two, and the cockpit should show it. */
const LEFT_BLANK = new Set(["portal:自然资源"]);

/** Column names that receive example items, and how many. */
const PLAN: Array<[RegExp, number, "topic" | "notice"]> = [
  [/要闻|动态|新闻|工作动态/, 8, "topic"],
  [/通知|公告|公示/, 4, "notice"],
];

export async function seedDemoContent(svc: Services): Promise<number> {
  const siteRows = await svc.db.select().from(sites);
  let total = 0;
  let n = 0;
  for (const site of siteRows) {
    const [editor] = await svc.db
      .select({ id: users.id, realName: users.realName, username: users.username })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .where(and(eq(roleAssignments.role, "editor"), eq(roleAssignments.siteId, site.id)))
      .limit(1);
    if (!editor) continue;
    const cols = await svc.db.select().from(columns).where(and(eq(columns.siteId, site.id), eq(columns.archived, false)));
    const leafs = cols.filter((c) => !c.externalUrl && !cols.some((x) => x.parentId === c.id));
    const lines: ImportLine[] = [];
    for (const c of leafs) {
      if (LEFT_BLANK.has(`${site.code}:${c.name}`)) continue;
      const plan = PLAN.find(([re]) => re.test(c.name));
      if (!plan) {
        const make = BY_TYPE[c.columnType] ?? (c.category === "key_area" ? BY_TYPE["信息公开目录"] : undefined);
        if (!make) continue;
        const shortName = site.name.replace(/网$/, "");
        for (const [i, [title, lead]] of make(c.name, shortName, Number(shanghaiToday().slice(0, 4))).entries()) {
          n++;
          const d = new Date(now().getTime() - (2 + i * 5 + (n % 7)) * 86_400_000).toISOString().slice(0, 10);
          lines.push({ column: c.name, title, date: `${d} 10:00`, body: [lead], source: site.name });
        }
        continue;
      }
      const [, count, kind] = plan;
      for (let i = 0; i < count; i++) {
        n++;
        const [title, lead] = kind === "topic" ? TOPICS[n % TOPICS.length]! : NOTICES[n % NOTICES.length]!;
        // Spread over the last weeks; the portal's news is fresh, some sub-site columns are older.
        const daysAgo = 1 + i * (site.kind === "portal" ? 3 : 9) + (n % 3);
        const d = new Date(now().getTime() - daysAgo * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
        lines.push({
          column: c.name,
          title: kind === "topic" ? `${site.name.replace(/人民政府网?$/, "").replace(/^示范县/, "示范县")}${title}` : title,
          date: `${d} ${String(9 + (i % 8)).padStart(2, "0")}:30`,
          body: [`${d.slice(5, 7).replace(/^0/, "")}月${d.slice(8, 10).replace(/^0/, "")}日，${lead}`, "下一步，将继续抓好各项工作落实，以实际成效回应群众期盼。"],
          source: site.name,
        });
      }
    }
    if (!lines.length) continue;
    total += (await importStream(svc, asLines(lines), { siteCode: site.code, actor: { id: editor.id, name: `${editor.realName}（${editor.username}）`, ip: "" } })).imported;
  }
  return total;
}

async function* asLines(items: ImportLine[]) {
  for (const i of items) yield JSON.stringify(i);
}
