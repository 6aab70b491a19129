// 值班读网, 假冒网站 and the notification centre in the console (registered under /api), and the
// public 假冒网站 report form's endpoint (on the public role, under /api/public).
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Services } from "../services.ts";
import { AppError } from "../lib/errors.ts";
import { actorOf } from "./auth.ts";
import { AddressLimiter } from "./public-interaction.ts";
import * as roster from "../modules/duty/roster.ts";
import * as patrols from "../modules/duty/patrols.ts";
import * as incidents from "../modules/duty/incidents.ts";
import * as plans from "../modules/duty/plans.ts";
import * as counterfeit from "../modules/duty/counterfeit.ts";
import * as centre from "../modules/notifications/settings.ts";

const id = z.object({ id: z.string().uuid("编号格式不正确") });
const loose = z.record(z.string(), z.unknown());
const T = { duty: ["值班读网"], cf: ["假冒网站"], n: ["消息通知"] };

async function readUpload(req: FastifyRequest, svc: Services) {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `文件超过 ${svc.profile.values.media.maxUploadMb} MB 的大小限制，未保存。`);
  let file;
  try {
    file = await req.file();
  } catch (err) {
    if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
    throw new AppError("BAD_REQUEST", "上传格式不正确，请使用表单上传文件。");
  }
  if (!file) throw new AppError("VALIDATION_FAILED", "没有收到文件。");
  try {
    return { filename: file.filename, bytes: await file.toBuffer(), truncated: file.file.truncated };
  } catch (err) {
    if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
    throw err;
  }
}

export async function registerDutyRoutes(api: FastifyInstance, svc: Services) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  // ---- notification centre and settings
  r.get("/notifications", { schema: { tags: T.n, summary: "消息中心：我的通知（按类型、已读状态、关键词筛选，分页）", querystring: loose } }, async (req) => centre.listNotifications(svc, actorOf(req), req.query));
  r.post("/notifications/read", { schema: { tags: T.n, summary: "标记通知为已读（ids 或 all=true）", body: loose } }, async (req) => centre.markRead(svc, actorOf(req), req.body));
  r.get("/me/notification-settings", { schema: { tags: T.n, summary: "通知设置：接收渠道、各类通知的接收选择、最近的发送记录" } }, async (req) => centre.getSettings(svc, actorOf(req)));
  r.put("/me/notification-settings", { schema: { tags: T.n, summary: "保存通知设置", body: loose } }, async (req) => centre.saveSettings(svc, actorOf(req), req.body));
  r.post("/me/notification-settings/test", { schema: { tags: T.n, summary: "向电子邮箱或 Webhook 发送一条测试消息", body: loose } }, async (req) => centre.testChannel(svc, actorOf(req), req.body));

  // ---- roster
  r.get("/duty/meta", { schema: { tags: T.duty, summary: "值班：类别、等级、状态、处置步骤的中文名称" } }, async (req) => {
    actorOf(req);
    return {
      dutyRoles: roster.DUTY_ROLES,
      incidentKinds: incidents.INCIDENT_KINDS,
      incidentLevels: incidents.INCIDENT_LEVELS,
      incidentStatus: incidents.INCIDENT_STATUS,
      counterfeitStatus: counterfeit.COUNTERFEIT_STATUS,
      counterfeitSteps: Object.fromEntries(Object.entries(counterfeit.COUNTERFEIT_STEPS).map(([k, s]) => [k, s.name])),
      changeKinds: patrols.CHANGE_KINDS,
    };
  });
  r.get("/duty/shifts", { schema: { tags: T.duty, summary: "值班班次" } }, async (req) => ({ items: await roster.listShifts(svc, actorOf(req)) }));
  r.post("/duty/shifts", { schema: { tags: T.duty, summary: "新建值班班次", body: loose } }, async (req, reply) => reply.status(201).send(await roster.createShift(svc, actorOf(req), req.body)));
  r.patch("/duty/shifts/:id", { schema: { tags: T.duty, summary: "修改或停用值班班次", params: id, body: loose } }, async (req) => roster.updateShift(svc, actorOf(req), req.params.id, req.body));
  r.get("/duty/people", { schema: { tags: T.duty, summary: "可排班人员（值班员、监管员）" } }, async (req) => ({ items: await roster.dutyPeople(svc, actorOf(req)) }));
  r.get("/duty/roster", { schema: { tags: T.duty, summary: "值班表（按月）：节假日、调休标注，缺岗提示", querystring: loose } }, async (req) => roster.rosterMonth(svc, actorOf(req), req.query));
  r.post("/duty/assignments", { schema: { tags: T.duty, summary: "安排值班", body: loose } }, async (req, reply) => reply.status(201).send(await roster.assignDuty(svc, actorOf(req), req.body)));
  r.delete("/duty/assignments/:id", { schema: { tags: T.duty, summary: "取消值班安排", params: id } }, async (req) => roster.removeAssignment(svc, actorOf(req), req.params.id));
  r.get("/duty/now", { schema: { tags: T.duty, summary: "当前在岗的值班人员" } }, async (req) => {
    actorOf(req);
    return { items: await roster.onDuty(svc) };
  });

  // ---- patrols
  r.get("/duty/patrol-view", { schema: { tags: T.duty, summary: "读网巡查：上次巡查以来有变化的页面" } }, async (req) => patrols.patrolView(svc, actorOf(req)));
  r.get("/duty/patrols", { schema: { tags: T.duty, summary: "巡查记录", querystring: loose } }, async (req) => patrols.listPatrols(svc, actorOf(req), req.query));
  r.post("/duty/patrols", { schema: { tags: T.duty, summary: "登记巡查：阅读的页面和发现的问题", body: loose } }, async (req, reply) => reply.status(201).send(await patrols.recordPatrol(svc, actorOf(req), req.body)));

  // ---- incidents and public opinion
  r.get("/duty/incidents", { schema: { tags: T.duty, summary: "突发事件和舆情记录", querystring: loose } }, async (req) => incidents.listIncidents(svc, actorOf(req), req.query));
  r.post("/duty/incidents", { schema: { tags: T.duty, summary: "登记突发事件或舆情", body: loose } }, async (req, reply) => reply.status(201).send(await incidents.createIncident(svc, actorOf(req), req.body)));
  r.get("/duty/incidents/:id", { schema: { tags: T.duty, summary: "事件详情和跟进记录", params: id } }, async (req) => incidents.getIncident(svc, actorOf(req), req.params.id));
  r.post("/duty/incidents/:id/entries", { schema: { tags: T.duty, summary: "添加跟进记录（close=true 办结）", params: id, body: loose } }, async (req, reply) => reply.status(201).send(await incidents.addIncidentEntry(svc, actorOf(req), req.params.id, req.body)));

  // ---- emergency plans and drills
  r.get("/duty/plans", { schema: { tags: T.duty, summary: "应急预案" } }, async (req) => ({ items: await plans.listPlans(svc, actorOf(req)) }));
  r.post("/duty/plans", { schema: { tags: T.duty, summary: "新建应急预案", body: loose } }, async (req, reply) => reply.status(201).send(await plans.createPlan(svc, actorOf(req), req.body)));
  r.get("/duty/plans/:id", { schema: { tags: T.duty, summary: "应急预案详情和演练记录", params: id } }, async (req) => plans.getPlan(svc, actorOf(req), req.params.id));
  r.patch("/duty/plans/:id", { schema: { tags: T.duty, summary: "修改应急预案", params: id, body: loose } }, async (req) => plans.updatePlan(svc, actorOf(req), req.params.id, req.body));
  r.post("/duty/plans/:id/drills", { schema: { tags: T.duty, summary: "登记应急演练", params: id, body: loose } }, async (req, reply) => reply.status(201).send(await plans.recordDrill(svc, actorOf(req), req.params.id, req.body)));
  r.post("/duty/documents", { schema: { tags: T.duty, summary: "上传预案或演练文件（multipart，字段名 file）", consumes: ["multipart/form-data"] } }, async (req, reply) => {
    const actor = actorOf(req);
    const file = await readUpload(req, svc);
    return reply.status(201).send({ media: await plans.uploadDutyDocument(svc, actor, file) });
  });

  // ---- counterfeit sites
  r.get("/duty/counterfeit", { schema: { tags: T.cf, summary: "假冒网站举报和登记", querystring: loose } }, async (req) => counterfeit.listReports(svc, actorOf(req), req.query));
  r.post("/duty/counterfeit", { schema: { tags: T.cf, summary: "登记发现的假冒网站", body: loose } }, async (req, reply) => reply.status(201).send(await counterfeit.createReport(svc, actorOf(req), req.body)));
  r.get("/duty/counterfeit/:id", { schema: { tags: T.cf, summary: "假冒网站处置详情", params: id } }, async (req) => counterfeit.getReport(svc, actorOf(req), req.params.id));
  r.post("/duty/counterfeit/:id/steps", { schema: { tags: T.cf, summary: "处置步骤：核实、报告网信、报告公安、下线、结案", params: id, body: loose } }, async (req) => counterfeit.addStep(svc, actorOf(req), req.params.id, req.body));
}

export interface PublicDutyOptions {
  /** Per address: reports per window (default 5 per 10 minutes). */
  reports?: { max: number; windowMs: number };
}

/** POST /api/public/counterfeit-reports: the public's 假冒网站 report, with proof of work (GET /api/public/challenge). */
export async function registerPublicDuty(app: FastifyInstance, svc: Services, opts: PublicDutyOptions = {}) {
  const limit = opts.reports ?? { max: 5, windowMs: 10 * 60_000 };
  const limiter = new AddressLimiter(limit.max, limit.windowMs);
  await app.register(
    async (p) => {
      p.setErrorHandler((err: FastifyError | AppError, req, reply) => {
        if (err instanceof AppError) return reply.status(err.status).send(err.toJSON());
        const status = (err as FastifyError).statusCode;
        if (status && status >= 400 && status < 500) return reply.status(status).send(new AppError("BAD_REQUEST").toJSON());
        req.log.error({ err }, "public counterfeit report error");
        return reply.status(500).send(new AppError("INTERNAL").toJSON());
      });
      p.addHook("onSend", async (_req, reply) => {
        reply.header("cache-control", "no-store");
      });
      p.post(
        "/counterfeit-reports",
        {
          bodyLimit: 64 * 1024,
          onRequest: async (req, reply) => {
            const h = limiter.hit(req.ip);
            reply.header("x-ratelimit-limit", limiter.max).header("x-ratelimit-remaining", h.remaining);
            if (!h.allowed) {
              reply.header("retry-after", h.retryAfter);
              throw new AppError("RATE_LIMITED", `提交过于频繁，请 ${Math.ceil(h.retryAfter / 60)} 分钟后再试。`);
            }
          },
        },
        async (req, reply) => reply.status(201).send(await counterfeit.submitPublicReport(svc, req.body, { ip: req.ip })),
      );
    },
    { prefix: "/api/public" },
  );
}
