// Example letters for the demo county's portal, taken through the real handling path (citizen
// submission with a solved proof-of-work, forwarding by the operating centre, the unit's draft, its
// leader's approval, publication), so the console's inbox, the public 留言选登 list and the
// cockpit's interaction figures show something true from the first start.
import { eq } from "drizzle-orm";
import { units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { Actor } from "../accounts/roles.ts";
import { loadAssignments } from "../accounts/auth.ts";
import { issueChallenge, solveChallenge } from "../interaction/pow.ts";
import { draftReply, forwardLetter, getLetter, listLetters, publishLetter, reviewReply, submitLetter } from "../interaction/letters.ts";

interface DemoLetter {
  channel: string;
  title: string;
  content: string;
  name: string;
  phone: string;
  /** Unit short name it is forwarded to; absent: left for the centre to take in. */
  unit?: string;
  drafter?: string;
  leader?: string;
  /** Reply text; absent: forwarded and still being handled. */
  reply?: string;
  publish?: boolean;
}

const CENTRE = "dzzw_yangfan";

const LETTERS: DemoLetter[] = [
  {
    channel: "xzxx",
    title: "咨询城区小学秋季入学划片范围",
    content: "我家住在城南街道新建的锦绣小区，孩子明年秋季上小学，请问这个小区对应哪所小学的招生范围？什么时候公布划片方案？",
    name: "刘晓燕",
    phone: "13900001234",
    unit: "县教委",
    drafter: "jw_guoyulan",
    leader: "jw_zhengshuang",
    reply: "您好！锦绣小区属城南第二小学招生范围。我委每年 5 月在县政府网“教育”栏目和各学校公告栏公布当年义务教育阶段招生划片方案，届时请关注。感谢您的来信。",
    publish: true,
  },
  {
    channel: "zixun",
    title: "咨询县城管道天然气价格调整的安排",
    content: "听说县城居民管道天然气价格要调整，请问是否会召开价格听证会？调整后阶梯气价怎么计算？",
    name: "陈建国",
    phone: "13700005678",
    unit: "县发展改革委",
    drafter: "fgw_wuguoqiang",
    leader: "fgw_sunlei",
    reply: "您好！居民管道天然气销售价格调整须依法履行成本监审和价格听证程序，听证会的时间、地点和报名方式将提前在县政府网“通知公告”栏目公告。阶梯气价的分档气量和价格以最终公布的方案为准。感谢您对价格工作的关注。",
    publish: true,
  },
  {
    channel: "jianyi",
    title: "关于在城南片区增建公共停车场的建议",
    content: "城南片区新建小区多，晚上路边停满车辆，消防通道经常被占。建议利用人民路东侧的闲置地块建设公共停车场，缓解停车难。",
    name: "赵敏",
    phone: "13600009876",
    unit: "县发展改革委",
  },
  {
    channel: "tousu",
    title: "反映某培训机构预收学费不予退还的问题",
    content: "今年 8 月我在县城一家校外培训机构预交了一年学费，现因孩子转学申请退费，机构一直拖延不退，希望有关部门督促处理。",
    name: "孙丽",
    phone: "13500004321",
  },
];

export async function seedDemoLetters(svc: Services): Promise<number> {
  const centre = await demoActor(svc, CENTRE);
  if (!centre) return 0;
  let n = 0;
  for (const [i, l] of LETTERS.entries()) {
    const pow = solveChallenge(await issueChallenge(svc, { maxNumber: 2_000, expiresMinutes: 10 }));
    const r = await submitLetter(
      svc,
      "portal",
      { channel: l.channel, title: l.title, content: l.content, name: l.name, phone: l.phone, publicAllowed: true, altcha: pow },
      { ip: `192.0.2.${10 + i}`, userAgent: "示范县演示数据", idempotencyKey: `govsite-demo-letter-${i}` },
    );
    n++;
    if (!l.unit) continue;
    const [unit] = await svc.db.select({ id: units.id }).from(units).where(eq(units.shortName, l.unit));
    if (!unit) continue;
    const id = await letterIdOf(svc, centre, r.caseNo);
    if (!id) continue;
    await forwardLetter(svc, centre, id, { units: [{ unitId: unit.id }], instruction: "请按时答复。" });
    if (!l.reply || !l.drafter || !l.leader) continue;
    const drafter = await demoActor(svc, l.drafter);
    const leader = await demoActor(svc, l.leader);
    if (!drafter || !leader) continue;
    const part = (await getLetter(svc, drafter, id)).assignments.find((a: { unitId: string; status: string }) => a.unitId === unit.id && a.status === "handling");
    if (!part) continue;
    await draftReply(svc, drafter, part.id, { text: l.reply, submit: true });
    await reviewReply(svc, leader, part.id, { decision: "approve" });
    if (l.publish) await publishLetter(svc, centre, id);
  }
  return n;
}

async function letterIdOf(svc: Services, centre: Actor, caseNo: string): Promise<string | undefined> {
  const { items } = await listLetters(svc, centre, { q: caseNo });
  return (items as Array<{ id: string; caseNo: string }>).find((x) => x.caseNo === caseNo)?.id;
}

/** A demo person as the modules see a signed-in user. */
async function demoActor(svc: Services, username: string): Promise<Actor | undefined> {
  const [u] = await svc.db.select().from(users).where(eq(users.username, username));
  if (!u) return undefined;
  return { userId: u.id, username: u.username, realName: u.realName, unitId: u.unitId, ip: "", assignments: await loadAssignments(svc, u.id) };
}
