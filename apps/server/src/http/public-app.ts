// The public role: serves the published static sites. It needs no database to serve pages, so the
// public site stays up when the admin side or the database is down.
import Fastify, { type FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import helmet from "@fastify/helmet";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Services } from "../services.ts";
import { logger } from "../lib/logger.ts";

export async function buildPublicApp(opts: { publishDir: string; svc?: Services }): Promise<FastifyInstance> {
  // Request logs of the public site go to nginx's access log in production; keep ours for problems.
  const app = Fastify({ loggerInstance: logger.child({ role: "public" }, { level: "warn" }) });
  await app.register(helmet, { contentSecurityPolicy: false });
  mkdirSync(opts.publishDir, { recursive: true });
  const portal = path.join(opts.publishDir, "portal");
  await app.register(fastifyStatic, { root: existsSync(portal) ? portal : opts.publishDir, index: ["index.html"] });
  app.setNotFoundHandler((_req, reply) =>
    reply.status(404).type("text/html; charset=utf-8").send('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>页面不存在</title><h1>您访问的页面不存在</h1><p><a href="/">返回首页</a></p></html>'),
  );
  return app as unknown as FastifyInstance;
}
