// The public API of 政民互动 and 依申请公开, mounted under /api/public on the public role's app.
// The static site's forms post here. Every write needs a solved proof-of-work challenge, is
// rate-limited per address, is idempotent (Idempotency-Key header, the form's clientToken, or the
// solved challenge itself) and is acknowledged only after its transaction has committed.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Services } from "../services.ts";
import { AppError } from "../lib/errors.ts";
import { parse } from "../lib/validate.ts";
import { defaultPowOptions, issueChallenge, type PowOptions } from "../modules/interaction/pow.ts";
import { publicChannels } from "../modules/interaction/channels.ts";
import { lookupLetter, publicLetter, publicLetters, rateLetter, submitLetter } from "../modules/interaction/letters.ts";
import { publicLetterStatistics } from "../modules/interaction/statistics.ts";
import { askFaq } from "../modules/interaction/faq.ts";
import * as part from "../modules/interaction/participation.ts";
import { disclosureUnits, lookupApplication, submitApplication, submitCorrection } from "../modules/disclosure/applications.ts";
import { publicSurveys } from "../modules/interaction/public-surveys.ts";

export interface PublicInteractionOptions {
  /** Per address: writes (letters, applications, comments, answers, ratings) per window. */
  writes?: { max: number; windowMs: number };
  /** Per address: query-code look-ups per window (guards against guessing codes). */
  lookups?: { max: number; windowMs: number };
  /** Per address: challenges and reads per window. */
  reads?: { max: number; windowMs: number };
  pow?: Partial<PowOptions>;
}

export const defaultPublicLimits = {
  writes: { max: 10, windowMs: 10 * 60_000 },
  lookups: { max: 30, windowMs: 10 * 60_000 },
  reads: { max: 600, windowMs: 60_000 },
};

/**
 * Fixed-window counters per address, in memory. One process holds them; with several public
 * processes behind nginx the limit is per process, and nginx `limit_req` should sit in front.
 */
export class AddressLimiter {
  private windows = new Map<string, { count: number; resetAt: number }>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Counts one attempt; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, at = Date.now()): { allowed: boolean; remaining: number; retryAfter: number } {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= at) {
      if (this.windows.size > 200_000) this.sweep(at);
      w = { count: 0, resetAt: at + this.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    const allowed = w.count <= this.max;
    return { allowed, remaining: Math.max(0, this.max - w.count), retryAfter: allowed ? 0 : Math.ceil((w.resetAt - at) / 1000) };
  }

  private sweep(at: number) {
    for (const [k, w] of this.windows) if (w.resetAt <= at) this.windows.delete(k);
  }
}

const siteParam = z.object({ site: z.string().min(1).max(40) });
const siteAndId = z.object({ site: z.string().min(1).max(40), id: z.string().uuid("编号格式不正确") });
const lookupInput = z.object({ caseNo: z.string().trim().min(4, "请填写受理编号").max(30), code: z.string().trim().min(4, "请填写查询码").max(20) });

function metaOf(req: FastifyRequest) {
  const key = req.headers["idempotency-key"];
  return { ip: req.ip, userAgent: String(req.headers["user-agent"] ?? ""), idempotencyKey: typeof key === "string" ? key : undefined };
}

export async function registerPublicInteraction(app: FastifyInstance, svc: Services, opts: PublicInteractionOptions = {}) {
  const pow: PowOptions = { ...defaultPowOptions, ...opts.pow };
  const writes = new AddressLimiter((opts.writes ?? defaultPublicLimits.writes).max, (opts.writes ?? defaultPublicLimits.writes).windowMs);
  const lookups = new AddressLimiter((opts.lookups ?? defaultPublicLimits.lookups).max, (opts.lookups ?? defaultPublicLimits.lookups).windowMs);
  const reads = new AddressLimiter((opts.reads ?? defaultPublicLimits.reads).max, (opts.reads ?? defaultPublicLimits.reads).windowMs);

  const limit = (l: AddressLimiter, what: string) => async (req: FastifyRequest, reply: FastifyReply) => {
    const r = l.hit(req.ip);
    reply.header("x-ratelimit-limit", l.max).header("x-ratelimit-remaining", r.remaining);
    if (!r.allowed) {
      reply.header("retry-after", r.retryAfter);
      throw new AppError("RATE_LIMITED", `${what}过于频繁，请 ${Math.ceil(r.retryAfter / 60)} 分钟后再试。`);
    }
  };
  const write = { onRequest: limit(writes, "提交"), bodyLimit: 2 * 1024 * 1024 };
  const lookup = { onRequest: limit(lookups, "查询") };
  const read = { onRequest: limit(reads, "访问") };

  await app.register(
    async (p) => {
      p.setErrorHandler((err: FastifyError | AppError, req, reply) => {
        if (err instanceof AppError) return reply.status(err.status).send(err.toJSON());
        if ((err as FastifyError).code === "FST_ERR_CTP_BODY_TOO_LARGE") return reply.status(413).send(new AppError("PAYLOAD_TOO_LARGE").toJSON());
        const status = (err as FastifyError).statusCode;
        if (status && status >= 400 && status < 500) return reply.status(status).send(new AppError("BAD_REQUEST").toJSON());
        req.log.error({ err }, "public interaction error");
        return reply.status(500).send(new AppError("INTERNAL").toJSON());
      });
      // Answers are personal or change often: never cached by a proxy.
      p.addHook("onSend", async (_req, reply) => {
        reply.header("cache-control", "no-store");
      });

      p.get("/challenge", read, async () => issueChallenge(svc, pow));

      p.get("/sites/:site/channels", read, async (req) => publicChannels(svc, parse(siteParam, req.params).site));
      p.post("/sites/:site/letters", write, async (req, reply) => {
        const r = await submitLetter(svc, parse(siteParam, req.params).site, req.body, metaOf(req));
        return reply.status(r.created ? 201 : 200).send(r);
      });
      p.get("/sites/:site/letters", read, async (req) => publicLetters(svc, parse(siteParam, req.params).site, req.query));
      p.get("/sites/:site/letters/:caseNo", read, async (req) => {
        const { site, caseNo } = parse(z.object({ site: z.string(), caseNo: z.string().max(30) }), req.params);
        return publicLetter(svc, site, caseNo);
      });
      p.get("/sites/:site/letter-statistics", read, async (req) => publicLetterStatistics(svc, parse(siteParam, req.params).site, req.query));
      p.post("/letters/lookup", lookup, async (req) => {
        const q = parse(lookupInput, req.body);
        return lookupLetter(svc, q.caseNo, q.code);
      });
      p.post("/letters/rating", { ...write, onRequest: limit(lookups, "评价") }, async (req) => rateLetter(svc, req.body));

      p.get("/sites/:site/faq", read, async (req) => askFaq(svc, parse(siteParam, req.params).site, req.query));

      p.get("/sites/:site/disclosure/form", read, async (req) => disclosureUnits(svc, parse(siteParam, req.params).site));
      p.post("/sites/:site/disclosure", write, async (req, reply) => {
        const r = await submitApplication(svc, parse(siteParam, req.params).site, req.body, metaOf(req));
        return reply.status(r.created ? 201 : 200).send(r);
      });
      p.post("/disclosure/lookup", lookup, async (req) => {
        const q = parse(lookupInput, req.body);
        return lookupApplication(svc, q.caseNo, q.code);
      });
      p.post("/disclosure/correction", { ...write, onRequest: limit(lookups, "补正提交") }, async (req) => submitCorrection(svc, req.body));

      p.get("/sites/:site/solicitations", read, async (req) => part.publicSolicitations(svc, parse(siteParam, req.params).site));
      p.get("/sites/:site/solicitations/:id", read, async (req) => {
        const q = parse(siteAndId, req.params);
        return part.publicSolicitation(svc, q.site, q.id);
      });
      p.post("/sites/:site/solicitations/:id/comments", write, async (req, reply) => {
        const q = parse(siteAndId, req.params);
        const r = await part.submitComment(svc, q.site, q.id, req.body, metaOf(req));
        return reply.status(r.created ? 201 : 200).send(r);
      });
      p.get("/sites/:site/surveys", read, async (req) => publicSurveys(svc, parse(siteParam, req.params).site));
      p.get("/sites/:site/surveys/:id", read, async (req) => {
        const q = parse(siteAndId, req.params);
        return part.publicSurvey(svc, q.site, q.id);
      });
      p.post("/sites/:site/surveys/:id/responses", write, async (req, reply) => {
        const q = parse(siteAndId, req.params);
        const r = await part.submitSurveyResponse(svc, q.site, q.id, req.body, metaOf(req));
        return reply.status(r.created ? 201 : 200).send(r);
      });
      p.get("/sites/:site/interviews", read, async (req) => part.publicInterviews(svc, parse(siteParam, req.params).site));
      p.get("/sites/:site/interviews/:id", read, async (req) => {
        const q = parse(siteAndId, req.params);
        return part.publicInterview(svc, q.site, q.id);
      });
      p.post("/sites/:site/interviews/:id/questions", write, async (req, reply) => {
        const q = parse(siteAndId, req.params);
        const r = await part.submitInterviewQuestion(svc, q.site, q.id, req.body, metaOf(req));
        return reply.status(r.created ? 201 : 200).send(r);
      });
    },
    { prefix: "/api/public" },
  );
}
