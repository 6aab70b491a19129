// Example information for the demo county's sites, so the public site has something to show and
// the freshness figures have something to count. Loaded through the migration import (each item
// carries a recorded 迁移导入 review), dated over the past weeks; a few columns are left stale or
// blank on purpose, as real sites have them.
import { and, eq } from "drizzle-orm";
import { columns, roleAssignments, sites, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
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
      const plan = PLAN.find(([re]) => re.test(c.name));
      if (!plan) continue;
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
