// 监测预警 and 整改工单 in the console, under /api/monitoring. Routes parse, call, present; the
// operations authorise through roles.ts.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Services } from "../services.ts";
import { actorOf } from "./auth.ts";
import * as tickets from "../modules/monitoring/tickets.ts";
import { listFindings } from "../modules/monitoring/findings.ts";
import { siteAvailability } from "../modules/monitoring/availability.ts";
import { checkSiteNow } from "../modules/monitoring/tamper.ts";
import { scanSiteNow } from "../modules/monitoring/scan.ts";
import { ticketScope } from "../modules/accounts/roles.ts";

const id = z.object({ id: z.string().uuid("编号格式不正确") });
const siteParam = z.object({ siteId: z.string().uuid("站点编号格式不正确") });
const loose = z.record(z.string(), z.unknown());
const T = { mon: ["监测预警"], tickets: ["整改工单"] };

export async function registerMonitoringRoutes(api: FastifyInstance, svc: Services) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const p = "/monitoring";

  r.get(`${p}/sites/:siteId/availability`, { schema: { tags: T.mon, summary: "站点可用性：近 7 天监测次数、不可访问比例、预警/否决等级和最近的监测记录", params: siteParam } }, async (req) =>
    siteAvailability(svc, actorOf(req), req.params.siteId),
  );
  r.post(`${p}/sites/:siteId/tamper-check`, { schema: { tags: T.mon, summary: "立即进行防篡改比对（磁盘和已配置的公网地址），发现篡改自动恢复并生成整改工单", params: siteParam } }, async (req) =>
    checkSiteNow(svc, actorOf(req), req.params.siteId),
  );
  r.post(`${p}/sites/:siteId/scan`, { schema: { tags: T.mon, summary: "立即全站扫描：站内链接（按发布清单）、错敏信息、暗链和外部脚本", params: siteParam } }, async (req) => scanSiteNow(svc, actorOf(req), req.params.siteId));
  r.get(`${p}/findings`, { schema: { tags: T.mon, summary: "监测发现的问题（按本人可见站点）", querystring: loose } }, async (req) => listFindings(svc, actorOf(req), req.query));
  r.post(`${p}/findings/:id/ticket`, { schema: { tags: T.tickets, summary: "根据监测发现生成整改工单（已有未办结工单时返回该工单）", params: id } }, async (req, reply) => {
    const { ticket, created } = await tickets.createTicketFromFinding(svc, actorOf(req), req.params.id);
    return reply.status(created ? 201 : 200).send({ ...ticket, created });
  });

  r.get(`${p}/tickets/meta`, { schema: { tags: T.tickets, summary: "工单状态、问题等级名称、整改时限和本人的办理权限" } }, async (req) => {
    const actor = actorOf(req);
    const m = svc.profile.values.monitor;
    return {
      statusNames: tickets.STATUS_NAME,
      severityNames: tickets.SEVERITY_NAME,
      limits: { severeHours: m.ticketSevereHours, warnWorkdays: m.ticketWarnWorkdays, infoWorkdays: m.ticketInfoWorkdays },
      seesAll: ticketScope(actor).all,
      canCreate: ticketScope(actor).all,
      canVerify: actor.assignments.some((a) => a.role === "supervisor"),
    };
  });
  r.get(`${p}/tickets`, { schema: { tags: T.tickets, summary: "整改工单列表（监管员、值班员看全部；责任单位看本单位；含倒计时）", querystring: loose } }, async (req) => tickets.listTickets(svc, actorOf(req), req.query));
  r.post(`${p}/tickets`, { schema: { tags: T.tickets, summary: "手工生成整改工单（监管员、值班员）", body: loose } }, async (req, reply) => reply.status(201).send(await tickets.createTicket(svc, actorOf(req), req.body)));
  r.get(`${p}/tickets/:id`, { schema: { tags: T.tickets, summary: "工单详情：问题、责任单位和责任人、时限、整改反馈和办理记录", params: id } }, async (req) => tickets.getTicket(svc, actorOf(req), req.params.id));
  r.post(`${p}/tickets/:id/answer`, { schema: { tags: T.tickets, summary: "责任单位反馈整改情况", params: id, body: loose } }, async (req) => tickets.answerTicket(svc, actorOf(req), req.params.id, req.body));
  r.post(`${p}/tickets/:id/verify`, { schema: { tags: T.tickets, summary: "监管员核验：通过（办结）或退回重新整改", params: id, body: loose } }, async (req) => tickets.verifyTicket(svc, actorOf(req), req.params.id, req.body));
}
