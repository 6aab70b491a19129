// 政民互动 and 依申请公开 in the console (registered under /api next to the content routes).
// Routes parse, authorise through the operations, call, present — nothing else.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Services } from "../services.ts";
import { actorOf } from "./auth.ts";
import * as channels from "../modules/interaction/channels.ts";
import * as letters from "../modules/interaction/letters.ts";
import * as stats from "../modules/interaction/statistics.ts";
import * as faq from "../modules/interaction/faq.ts";
import * as part from "../modules/interaction/participation.ts";
import * as disclosure from "../modules/disclosure/applications.ts";
import { interactionScope } from "../modules/interaction/access.ts";
import { STAGE_NAMES } from "../modules/interaction/stages.ts";
import { DISCLOSURE_STATUS } from "../modules/disclosure/types.ts";
import { sites as sitesTable } from "../db/schema.ts";
import { OUTCOMES, APPLICANT_TYPES, RECEIPT_CHANNELS, FORMS, DELIVERIES } from "../modules/disclosure/types.ts";

const id = z.object({ id: z.string().uuid("编号格式不正确") });
const siteParam = z.object({ siteId: z.string().uuid("站点编号格式不正确") });
const loose = z.record(z.string(), z.unknown());
const T = { ch: ["政民互动：渠道"], letters: ["政民互动：留言办理"], faq: ["政民互动：知识库"], part: ["政民互动：征集、调查、访谈"], dis: ["依申请公开"] };

export async function registerInteractionRoutes(api: FastifyInstance, svc: Services) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  // ---- channels
  r.get("/interaction/meta", { schema: { tags: T.ch, summary: "渠道类型、留言状态、满意度选项、各类留言的办理时限和本人的办理范围" } }, async (req) => {
    const actor = actorOf(req);
    const scope = await interactionScope(svc.db, actor);
    const allSites = await svc.db.select({ id: sitesTable.id, name: sitesTable.name, code: sitesTable.code, ownerUnitId: sitesTable.ownerUnitId }).from(sitesTable).orderBy(sitesTable.code);
    return {
      scope: { all: scope.all, supervisor: scope.supervisor, unitId: scope.unitId, intakeSiteIds: scope.intakeSiteIds },
      /** Sites whose letters the actor reads as a whole (its centre's sites, or every site). */
      sites: allSites.filter((s) => scope.all || scope.intakeSiteIds.includes(s.id)).map(({ ownerUnitId: _o, ...s }) => ({ ...s, intake: scope.intakeSiteIds.includes(s.id) })),
      /** Every site, for the site an application registered on paper belongs to. */
      allSites: allSites.map((s) => ({ ...s, own: s.ownerUnitId === actor.unitId })),
      stageNames: STAGE_NAMES,
      disclosureStatus: DISCLOSURE_STATUS,
      channelKinds: channels.CHANNEL_KIND_NAMES,
      letterStatus: letters.LETTER_STATUS,
      ratings: letters.RATINGS,
      deadlines: Object.fromEntries(channels.LETTER_KINDS.map((k) => [k, channels.channelDeadlines(svc, k)])),
      disclosure: { outcomes: OUTCOMES, applicantTypes: APPLICANT_TYPES, receiptChannels: RECEIPT_CHANNELS, forms: FORMS, deliveries: DELIVERIES, limits: svc.profile.values.disclosure },
    };
  });
  r.get("/sites/:siteId/interaction/channels", { schema: { tags: T.ch, summary: "站点的互动渠道", params: siteParam } }, async (req) => ({ items: await channels.listChannels(svc, actorOf(req), req.params.siteId) }));
  r.post("/sites/:siteId/interaction/channels", { schema: { tags: T.ch, summary: "开设互动渠道（领导信箱、咨询、投诉、建议、找错、依申请公开、征集、调查、访谈）", params: siteParam, body: loose } }, async (req, reply) =>
    reply.status(201).send(await channels.createChannel(svc, actorOf(req), req.params.siteId, req.body)),
  );
  r.patch("/interaction/channels/:id", { schema: { tags: T.ch, summary: "修改或关闭互动渠道", params: id, body: loose } }, async (req) => channels.updateChannel(svc, actorOf(req), req.params.id, req.body));

  // ---- letters
  r.get("/interaction/letters", { schema: { tags: T.letters, summary: "留言收件箱（按本人可见范围；含各环节期限倒计时）", querystring: loose } }, async (req) => letters.listLetters(svc, actorOf(req), req.query));
  r.get("/interaction/letters/:id", { schema: { tags: T.letters, summary: "留言案件页：内容、承办单位、期限、延期、完整办理记录", params: id } }, async (req) => letters.getLetter(svc, actorOf(req), req.params.id));
  r.get("/interaction/letters/:id/screenshot", { schema: { tags: T.letters, summary: "找错留言的截图", params: id } }, async (req, reply) => {
    const f = await letters.screenshotOf(svc, actorOf(req), req.params.id);
    return reply.header("content-type", f.mime).send(f.bytes);
  });
  r.post("/interaction/letters/:id/moderate", { schema: { tags: T.letters, summary: "审核被拦截的留言：放行或不予受理", params: id, body: loose } }, async (req) => letters.moderateLetter(svc, actorOf(req), req.params.id, req.body));
  r.post("/interaction/letters/:id/reject", { schema: { tags: T.letters, summary: "不予受理（写明理由，来信人可见）", params: id, body: loose } }, async (req) => letters.rejectLetter(svc, actorOf(req), req.params.id, req.body));
  r.post("/interaction/letters/:id/forward", { schema: { tags: T.letters, summary: "转办至一个或多个承办单位", params: id, body: loose } }, async (req) => letters.forwardLetter(svc, actorOf(req), req.params.id, req.body));
  r.post("/interaction/letters/:id/reroute", { schema: { tags: T.letters, summary: "改派：把某单位的承办改派给其他单位（写明理由）", params: id, body: loose } }, async (req) => letters.rerouteLetter(svc, actorOf(req), req.params.id, req.body));
  r.post("/interaction/assignments/:id/return", { schema: { tags: T.letters, summary: "承办单位退回运维中心（写明理由）", params: id, body: loose } }, async (req) => letters.returnAssignment(svc, actorOf(req), req.params.id, req.body));
  r.post("/interaction/assignments/:id/draft", { schema: { tags: T.letters, summary: "承办单位起草答复（submit=true 送单位领导审核）", params: id, body: loose } }, async (req) => letters.draftReply(svc, actorOf(req), req.params.id, req.body));
  r.post("/interaction/assignments/:id/review", { schema: { tags: T.letters, summary: "单位领导审定或退回答复；全部承办单位审定后答复来信人", params: id, body: loose } }, async (req) => letters.reviewReply(svc, actorOf(req), req.params.id, req.body));
  r.post("/interaction/letters/:id/extensions", { schema: { tags: T.letters, summary: "承办单位申请延期", params: id, body: loose } }, async (req, reply) => reply.status(201).send(await letters.requestLetterExtension(svc, actorOf(req), req.params.id, req.body)));
  r.post("/interaction/extensions/:id/decide", { schema: { tags: T.letters, summary: "审批留言延期（监管员或运维中心负责人）", params: id, body: loose } }, async (req) => letters.decideLetterExtension(svc, actorOf(req), req.params.id, req.body));
  r.post("/interaction/letters/:id/publication", { schema: { tags: T.letters, summary: "编辑公开版本：自动遮盖个人信息后再手工遮盖", params: id, body: loose } }, async (req) => letters.redactLetter(svc, actorOf(req), req.params.id, req.body));
  r.post("/interaction/letters/:id/publish", { schema: { tags: T.letters, summary: "公开留言及答复（仍检出个人信息时拒绝）", params: id } }, async (req) => letters.publishLetter(svc, actorOf(req), req.params.id));
  r.post("/interaction/letters/:id/unpublish", { schema: { tags: T.letters, summary: "撤下已公开的留言", params: id, body: loose } }, async (req) => letters.unpublishLetter(svc, actorOf(req), req.params.id, req.body));
  r.get("/interaction/templates", { schema: { tags: T.letters, summary: "常用答复模板" } }, async (req) => ({ items: await letters.listTemplates(svc, actorOf(req)) }));
  r.post("/interaction/templates", { schema: { tags: T.letters, summary: "新增常用答复模板", body: loose } }, async (req, reply) => reply.status(201).send(await letters.createTemplate(svc, actorOf(req), req.body)));
  r.delete("/interaction/templates/:id", { schema: { tags: T.letters, summary: "删除常用答复模板", params: id } }, async (req) => letters.deleteTemplate(svc, actorOf(req), req.params.id));
  r.get("/sites/:siteId/interaction/statistics", { schema: { tags: T.letters, summary: "留言办理统计：收到、办结、平均办理工作日、各单位按时率", params: siteParam, querystring: loose } }, async (req) =>
    stats.consoleLetterStatistics(svc, actorOf(req), req.params.siteId, req.query),
  );

  // ---- knowledge base
  r.get("/sites/:siteId/faq", { schema: { tags: T.faq, summary: "知识库条目", params: siteParam, querystring: loose } }, async (req) => faq.listFaq(svc, actorOf(req), req.params.siteId, req.query));
  r.post("/sites/:siteId/faq", { schema: { tags: T.faq, summary: "新增知识库条目", params: siteParam, body: loose } }, async (req, reply) => reply.status(201).send(await faq.createFaq(svc, actorOf(req), req.params.siteId, req.body)));
  r.post("/interaction/letters/:id/promote", { schema: { tags: T.faq, summary: "由已答复留言整理知识库条目（自动遮盖个人信息）", params: id } }, async (req, reply) => reply.status(201).send(await faq.promoteLetter(svc, actorOf(req), req.params.id)));
  r.patch("/faq/:id", { schema: { tags: T.faq, summary: "编辑知识库条目（需重新审核）", params: id, body: loose } }, async (req) => faq.updateFaq(svc, actorOf(req), req.params.id, req.body));
  r.post("/faq/:id/submit", { schema: { tags: T.faq, summary: "知识库条目送审", params: id } }, async (req) => faq.submitFaq(svc, actorOf(req), req.params.id));
  r.post("/faq/:id/review", { schema: { tags: T.faq, summary: "审核知识库条目（通过即发布）", params: id, body: loose } }, async (req) => faq.reviewFaq(svc, actorOf(req), req.params.id, req.body));
  r.post("/faq/:id/archive", { schema: { tags: T.faq, summary: "撤下知识库条目", params: id } }, async (req) => faq.archiveFaq(svc, actorOf(req), req.params.id));

  // ---- 意见征集, 问卷调查, 在线访谈
  r.get("/sites/:siteId/participation", { schema: { tags: T.part, summary: "站点的意见征集、问卷调查和在线访谈（运维中心）", params: siteParam } }, async (req) => part.listParticipation(svc, actorOf(req), req.params.siteId));
  r.post("/sites/:siteId/solicitations", { schema: { tags: T.part, summary: "新建意见征集", params: siteParam, body: loose } }, async (req, reply) => reply.status(201).send(await part.createSolicitation(svc, actorOf(req), req.params.siteId, req.body)));
  r.post("/solicitations/:id/publish", { schema: { tags: T.part, summary: "发布意见征集", params: id } }, async (req) => part.publishSolicitation(svc, actorOf(req), req.params.id));
  r.get("/solicitations/:id/comments", { schema: { tags: T.part, summary: "意见征集收到的全部意见（含待审核）", params: id } }, async (req) => part.listSolicitationComments(svc, actorOf(req), req.params.id));
  r.post("/solicitation-comments/:id/moderate", { schema: { tags: T.part, summary: "审核意见并标注采纳情况", params: id, body: loose } }, async (req) => part.moderateComment(svc, actorOf(req), req.params.id, req.body));
  r.post("/solicitations/:id/feedback", { schema: { tags: T.part, summary: "发布意见征集反馈报告", params: id, body: loose } }, async (req) => part.publishFeedback(svc, actorOf(req), req.params.id, req.body));
  r.post("/sites/:siteId/surveys", { schema: { tags: T.part, summary: "新建问卷调查（单选、多选、填空、评分，可设显示条件）", params: siteParam, body: loose } }, async (req, reply) => reply.status(201).send(await part.createSurvey(svc, actorOf(req), req.params.siteId, req.body)));
  r.post("/surveys/:id/publish", { schema: { tags: T.part, summary: "发布问卷或公布结果（results=true）", params: id, body: loose.optional() } }, async (req) => part.publishSurvey(svc, actorOf(req), req.params.id, req.body ?? {}));
  r.get("/surveys/:id/results", { schema: { tags: T.part, summary: "问卷调查统计结果", params: id } }, async (req) => part.consoleSurveyResults(svc, actorOf(req), req.params.id));
  r.post("/sites/:siteId/interviews", { schema: { tags: T.part, summary: "新建在线访谈", params: siteParam, body: loose } }, async (req, reply) => reply.status(201).send(await part.createInterview(svc, actorOf(req), req.params.siteId, req.body)));
  r.post("/interviews/:id/announce", { schema: { tags: T.part, summary: "发布访谈预告（须提前规定天数）", params: id } }, async (req) => part.announceInterview(svc, actorOf(req), req.params.id));
  r.get("/interviews/:id/questions", { schema: { tags: T.part, summary: "访谈收到的全部问题（含待审核）", params: id } }, async (req) => part.listInterviewQuestions(svc, actorOf(req), req.params.id));
  r.post("/interview-questions/:id/moderate", { schema: { tags: T.part, summary: "审核访谈问题或录入嘉宾回答", params: id, body: loose } }, async (req) => part.moderateQuestion(svc, actorOf(req), req.params.id, req.body));
  r.post("/interviews/:id/transcript", { schema: { tags: T.part, summary: "发布访谈文字实录", params: id, body: loose.optional() } }, async (req) => part.publishTranscript(svc, actorOf(req), req.params.id, req.body ?? {}));

  // ---- 依申请公开
  r.get("/disclosure/applications", { schema: { tags: T.dis, summary: "政府信息公开申请（本单位收到的；含期限倒计时）", querystring: loose } }, async (req) => disclosure.listApplications(svc, actorOf(req), req.query));
  r.post("/disclosure/applications", { schema: { tags: T.dis, summary: "登记当面、邮寄、平常信函或传真提交的申请（按第三十一条确定收到申请之日）", body: loose } }, async (req, reply) => reply.status(201).send(await disclosure.registerApplication(svc, actorOf(req), req.body)));
  r.get("/disclosure/applications/:id", { schema: { tags: T.dis, summary: "申请详情、期限、征求意见和办理记录", params: id } }, async (req) => disclosure.getApplication(svc, actorOf(req), req.params.id));
  r.post("/disclosure/applications/:id/accept", { schema: { tags: T.dis, summary: "申请内容明确，进入办理", params: id } }, async (req) => disclosure.acceptApplication(svc, actorOf(req), req.params.id));
  r.post("/disclosure/applications/:id/correction", { schema: { tags: T.dis, summary: "一次性告知补正（第三十条，收到申请 7 个工作日内）", params: id, body: loose } }, async (req) => disclosure.requestCorrection(svc, actorOf(req), req.params.id, req.body));
  r.post("/disclosure/applications/:id/corrected", { schema: { tags: T.dis, summary: "登记收到补正（答复期限重新计算）", params: id, body: loose } }, async (req) => disclosure.receiveCorrection(svc, actorOf(req), req.params.id, req.body));
  r.post("/disclosure/applications/:id/consultations", { schema: { tags: T.dis, summary: "书面征求第三方或其他机关意见（所需时间不计入答复期限）", params: id, body: loose } }, async (req, reply) => reply.status(201).send(await disclosure.startConsultation(svc, actorOf(req), req.params.id, req.body)));
  r.post("/disclosure/consultations/:id/close", { schema: { tags: T.dis, summary: "登记第三方意见或逾期未提出意见", params: id, body: loose } }, async (req) => disclosure.closeConsultation(svc, actorOf(req), req.params.id, req.body));
  r.post("/disclosure/applications/:id/extensions", { schema: { tags: T.dis, summary: "申请延长答复期限（一次，最长 20 个工作日）", params: id, body: loose } }, async (req, reply) => reply.status(201).send(await disclosure.requestApplicationExtension(svc, actorOf(req), req.params.id, req.body)));
  r.post("/disclosure/extensions/:id/decide", { schema: { tags: T.dis, summary: "政府信息公开工作机构负责人审批延期", params: id, body: loose } }, async (req) => disclosure.decideApplicationExtension(svc, actorOf(req), req.params.id, req.body));
  r.post("/disclosure/applications/:id/answer", { schema: { tags: T.dis, summary: "拟写答复：办理结果类型与情形（年报表三口径）", params: id, body: loose } }, async (req) => disclosure.draftAnswer(svc, actorOf(req), req.params.id, req.body));
  r.post("/disclosure/applications/:id/approve", { schema: { tags: T.dis, summary: "负责人审定答复", params: id, body: loose } }, async (req) => disclosure.approveAnswer(svc, actorOf(req), req.params.id, req.body));
  r.post("/disclosure/applications/:id/delivery", { schema: { tags: T.dis, summary: "登记答复送达", params: id, body: loose } }, async (req) => disclosure.recordDelivery(svc, actorOf(req), req.params.id, req.body));
  r.get("/disclosure/annual-table", { schema: { tags: T.dis, summary: "年度报告表三：收到和处理政府信息公开申请情况", querystring: loose } }, async (req) => disclosure.annualTable(svc, actorOf(req), req.query));
  r.get("/disclosure/annual-table/export", { schema: { tags: T.dis, summary: "导出年度报告表三（Excel）", querystring: loose } }, async (req, reply) => {
    const { year, buffer } = await disclosure.annualTableWorkbook(svc, actorOf(req), req.query);
    const name = `${year}年政府信息公开申请情况（表三）.xlsx`;
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="table3-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(buffer);
  });
}
