// Test helpers for 政民互动: a bare public app with the interaction plugin, a proof-of-work
// solver (what the ALTCHA widget does in the browser) and a few factories.
import Fastify, { type FastifyInstance } from "fastify";
import type { Services } from "../../services.ts";
import { registerPublicInteraction, type PublicInteractionOptions } from "../../http/public-interaction.ts";
import { interactionChannels } from "../../db/schema.ts";
import { solveChallenge } from "./pow.ts";

export { solveChallenge };

export async function buildPublicTestApp(svc: Services, opts: PublicInteractionOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await registerPublicInteraction(app, svc, { pow: { maxNumber: 2000 }, writes: { max: 10_000, windowMs: 60_000 }, lookups: { max: 10_000, windowMs: 60_000 }, ...opts });
  await app.ready();
  return app;
}

export async function solvedPow(app: FastifyInstance, ip = "127.0.0.1"): Promise<string> {
  const r = await app.inject({ method: "GET", url: "/api/public/challenge", remoteAddress: ip });
  return solveChallenge(r.json());
}

export async function makeChannel(svc: Services, siteId: string, kind: string, slug: string, name: string, extra: Partial<typeof interactionChannels.$inferInsert> = {}) {
  const [c] = await svc.db.insert(interactionChannels).values({ siteId, kind, slug, name, leaderTitle: kind === "mailbox" ? "县长" : "", ...extra }).returning();
  return c!;
}

export const letterBody = (over: Record<string, unknown> = {}) => ({
  channel: "xzxx",
  title: "关于幸福小区门前道路积水的问题",
  content: "幸福小区门前道路每逢下雨就严重积水，居民出行十分不便，希望有关部门尽快疏通排水管道。",
  name: "王小明",
  phone: "13812345678",
  email: "wxm@example.com",
  address: "示范县幸福小区3栋2单元501",
  idNumber: "500242199001011234",
  publicAllowed: true,
  ...over,
});
