// Interaction channels of a site, configured by the operating centre: which leader mailboxes,
// which kinds of letters, 依申请公开, 意见征集, 问卷调查 and 在线访谈 the site offers.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { interactionChannels, sites } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { AppError, notFound } from "../../lib/errors.ts";
import { parse } from "../../lib/validate.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActorOf, type Actor } from "../accounts/roles.ts";
import { interactionScope, requireIntake } from "./access.ts";
import { siteByCode, uniqueViolation } from "./cases.ts";

export const LETTER_KINDS = ["mailbox", "consultation", "complaint", "suggestion", "error_report"] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export const CHANNEL_KINDS = [...LETTER_KINDS, "disclosure", "solicitation", "survey", "interview"] as const;

export const CHANNEL_KIND_NAMES: Record<(typeof CHANNEL_KINDS)[number], string> = {
  mailbox: "领导信箱",
  consultation: "咨询",
  complaint: "投诉",
  suggestion: "建议",
  error_report: "我为政府网站找错",
  disclosure: "依申请公开",
  solicitation: "意见征集",
  survey: "问卷调查",
  interview: "在线访谈",
};

/** Working days for 转办 and 答复 of a kind of letter, from the active profile. */
export function channelDeadlines(svc: Services, kind: LetterKind): { forwardWorkdays: number; replyWorkdays: number } {
  const p = svc.profile.values.interaction;
  const key = kind === "error_report" ? "errorReport" : kind;
  return p[key];
}

const channelInput = z.object({
  kind: z.enum(CHANNEL_KINDS, { message: "请选择渠道类型" }),
  name: z.string().trim().min(2, "请填写渠道名称，如“县长信箱”").max(30),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,39}$/, "渠道标识只能由小写字母、数字和连字符组成，以字母开头"),
  description: z.string().trim().max(500).optional(),
  leaderTitle: z.string().trim().max(30).optional(),
  defaultUnitId: z.string().uuid().nullable().optional(),
  enabled: z.boolean().optional(),
  publishReplies: z.boolean().optional(),
  sort: z.number().int().min(0).max(9999).optional(),
});

export async function listChannels(svc: Services, actor: Actor, siteId: string) {
  await interactionScope(svc.db, actor);
  return svc.db.select().from(interactionChannels).where(eq(interactionChannels.siteId, siteId)).orderBy(asc(interactionChannels.sort), asc(interactionChannels.name));
}

export async function createChannel(svc: Services, actor: Actor, siteId: string, raw: unknown) {
  const input = parse(channelInput, raw);
  const scope = await interactionScope(svc.db, actor);
  requireIntake(scope, siteId);
  const [site] = await svc.db.select().from(sites).where(eq(sites.id, siteId));
  if (!site) throw notFound("站点");
  if (input.kind === "mailbox" && !input.leaderTitle) throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "leaderTitle", message: "领导信箱请填写领导职务，如“县长”" }] });
  try {
    return await svc.db.transaction(async (tx) => {
      const [c] = await tx
        .insert(interactionChannels)
        .values({ siteId, kind: input.kind, name: input.name, slug: input.slug, description: input.description ?? "", leaderTitle: input.leaderTitle ?? "", defaultUnitId: input.defaultUnitId ?? null, enabled: input.enabled ?? true, publishReplies: input.publishReplies ?? true, sort: input.sort ?? 0 })
        .returning();
      await recordAudit(tx, auditActorOf(actor), { action: "interaction.channel.create", targetType: "interaction_channel", targetId: c!.id, summary: `${site.name}开设互动渠道“${input.name}”（${CHANNEL_KIND_NAMES[input.kind]}）`, after: c });
      return c!;
    });
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError("CONFLICT", `本站点已有标识为“${input.slug}”的渠道。`);
    throw err;
  }
}

export async function updateChannel(svc: Services, actor: Actor, id: string, raw: unknown) {
  const input = parse(channelInput.partial().omit({ kind: true }), raw);
  const [before] = await svc.db.select().from(interactionChannels).where(eq(interactionChannels.id, id));
  if (!before) throw notFound("互动渠道");
  requireIntake(await interactionScope(svc.db, actor), before.siteId);
  return svc.db.transaction(async (tx) => {
    const [c] = await tx.update(interactionChannels).set(input).where(eq(interactionChannels.id, id)).returning();
    await recordAudit(tx, auditActorOf(actor), { action: "interaction.channel.update", targetType: "interaction_channel", targetId: id, summary: `修改互动渠道“${c!.name}”${input.enabled === false ? "（已关闭）" : ""}`, before, after: c });
    return c!;
  });
}

/** The enabled channels of a site as the public forms need them. */
export async function publicChannels(svc: Services, siteCode: string) {
  const site = await siteByCode(svc.db, siteCode);
  const rows = await svc.db
    .select()
    .from(interactionChannels)
    .where(and(eq(interactionChannels.siteId, site.id), eq(interactionChannels.enabled, true)))
    .orderBy(asc(interactionChannels.sort), asc(interactionChannels.name));
  return {
    site: { code: site.code, name: site.name },
    channels: rows.map((c) => {
      const letter = (LETTER_KINDS as readonly string[]).includes(c.kind);
      const d = letter ? channelDeadlines(svc, c.kind as LetterKind) : null;
      return {
        slug: c.slug,
        kind: c.kind,
        kindName: CHANNEL_KIND_NAMES[c.kind as keyof typeof CHANNEL_KIND_NAMES] ?? c.kind,
        name: c.name,
        description: c.description,
        leaderTitle: c.leaderTitle || undefined,
        replyWorkdays: d?.replyWorkdays,
        notice: d ? `本渠道留言自收到之日起 ${d.replyWorkdays} 个工作日内答复（法定节假日顺延）。` : undefined,
      };
    }),
  };
}
