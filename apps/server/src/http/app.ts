// The admin role's HTTP application: API under /api (OpenAPI at /api/docs) and the console's
// static files. buildAdminApp() never listens; main.ts does, tests use app.inject().
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import fastifyStatic from "@fastify/static";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ipaddr from "ipaddr.js";
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Services } from "../services.ts";
import { AppError } from "../lib/errors.ts";
import { logger } from "../lib/logger.ts";
import { authPlugin } from "./auth.ts";
import { registerApiRoutes } from "./routes.ts";
import { registerContentRoutes } from "./content-routes.ts";
import { registerInteractionRoutes } from "./interaction-routes.ts";
import { registerMonitoringRoutes } from "./monitoring-routes.ts";
import { registerDutyRoutes } from "./duty-routes.ts";
import { registerCockpitRoutes } from "./cockpit-routes.ts";
import { registerStatisticsRoutes } from "../modules/statistics/routes.ts";
import { registerThemeRoutes } from "./theme-routes.ts";

export interface AdminAppOptions {
  /** Requests per minute per address on the whole API, and on the login endpoint. */
  rateLimit?: { api: number; login: number };
  /** Serve the built console from this directory (default apps/admin/dist). */
  consoleDir?: string | null;
  logger?: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const defaultConsoleDir = path.resolve(here, "../../../admin/dist");

export async function buildAdminApp(svc: Services, opts: AdminAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger === false ? undefined : logger,
    trustProxy: svc.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        styleSrc: ["'self'", "'unsafe-inline'"], // Ant Design injects its CSS-in-JS at run time
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: svc.config.production ? { maxAge: 31536000 } : false,
  });
  await app.register(cookie);
  const limits = opts.rateLimit ?? { api: 600, login: 30 };
  await app.register(rateLimit, {
    global: true,
    max: limits.api,
    timeWindow: "1 minute",
    errorResponseBuilder: (_req, ctx) => {
      const err = new AppError("RATE_LIMITED", `操作过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试。`);
      return Object.assign(err, { statusCode: 429 });
    },
  });

  // Optional allowlist for the admin console (石柱 第二十九条: 后台限制访问).
  const allow = svc.config.adminIpAllowlist.map((c) => (c.includes("/") ? ipaddr.parseCIDR(c) : ([ipaddr.parse(c), ipaddr.parse(c).kind() === "ipv4" ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number])));
  if (allow.length) {
    app.addHook("onRequest", async (req) => {
      let addr = ipaddr.parse(req.ip);
      if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
      const ok = allow.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
      if (!ok) throw new AppError("IP_NOT_ALLOWED");
    });
  }

  await app.register(swagger, {
    openapi: {
      info: { title: "govsite 管理接口", description: "政府网站集约化平台管理后台接口。登录后携带会话 Cookie；除 GET 外的请求须带 x-csrf-token 请求头。", version: "1.0.0" },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "gs_sid" } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: false });

  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return reply.status(err.status).send(err.toJSON());
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: (v.instancePath || "").replace(/^\//, "").replace(/\//g, ".") || "(整体)", message: v.message ?? "格式不正确" }));
      return reply.status(400).send(new AppError("VALIDATION_FAILED", undefined, { issues }).toJSON());
    }
    if ((err as FastifyError).statusCode === 429) return reply.status(429).send(new AppError("RATE_LIMITED", err.message).toJSON());
    if ((err as FastifyError).code === "FST_ERR_CTP_BODY_TOO_LARGE") return reply.status(413).send(new AppError("PAYLOAD_TOO_LARGE").toJSON());
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) return reply.status(status).send(new AppError("BAD_REQUEST").toJSON());
    req.log.error({ err }, "unhandled error");
    return reply.status(500).send(new AppError("INTERNAL").toJSON());
  });

  await app.register(authPlugin, { svc });
  await app.register(
    async (api) => {
      await registerApiRoutes(api, svc, limits);
      await registerContentRoutes(api, svc);
      await registerInteractionRoutes(api, svc);
      await registerMonitoringRoutes(api, svc);
      await registerDutyRoutes(api, svc);
      await registerCockpitRoutes(api, svc);
      await registerStatisticsRoutes(api, svc);
      await registerThemeRoutes(api, svc);
    },
    { prefix: "/api" },
  );

  const consoleDir = opts.consoleDir === undefined ? defaultConsoleDir : opts.consoleDir;
  if (consoleDir && existsSync(path.join(consoleDir, "index.html"))) {
    await app.register(fastifyStatic, { root: consoleDir, wildcard: false, index: ["index.html"] });
    app.get("/assets/*", (req, reply) => reply.sendFile(req.url.slice(1).split("?")[0]!));
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith("/api/") || req.method !== "GET") return reply.status(404).send(new AppError("NOT_FOUND", "接口不存在。").toJSON());
    if (consoleDir && existsSync(path.join(consoleDir, "index.html"))) return reply.type("text/html").sendFile("index.html");
    return reply
      .status(503)
      .type("text/html; charset=utf-8")
      .send('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>管理控制台未构建</title><p>管理控制台尚未构建，请在项目目录运行 <code>npm run build</code> 后刷新。</p></html>');
  });
  return app as unknown as FastifyInstance;
}
