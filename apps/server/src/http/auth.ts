// Session cookie → actor, stage checks, and CSRF: a mutating request must carry the session's
// CSRF token in `x-csrf-token`, and a browser Origin, when sent, must be this host.
import fp from "fastify-plugin";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Services } from "../services.ts";
import { AppError } from "../lib/errors.ts";
import { resolveSession, type ResolvedSession, type Stage } from "../modules/accounts/auth.ts";
import type { Actor } from "../modules/accounts/roles.ts";

export const SESSION_COOKIE = "gs_sid";

declare module "fastify" {
  interface FastifyRequest {
    auth: ResolvedSession | null;
  }
}

const CSRF_EXEMPT = new Set(["/api/auth/login", "/api/auth/challenge"]);

export const authPlugin = fp<{ svc: Services }>(async (app, { svc }) => {
  app.decorateRequest("auth", null);
  app.addHook("onRequest", async (req) => {
    if (!req.url.startsWith("/api/") || req.url.startsWith("/api/docs")) return;
    req.auth = await resolveSession(svc, req.cookies[SESSION_COOKIE], req.ip);
    const mutating = !["GET", "HEAD", "OPTIONS"].includes(req.method);
    if (!mutating) return;
    const origin = req.headers.origin;
    if (origin && origin !== "null") {
      let host = "";
      try {
        host = new URL(origin).host;
      } catch {
        /* malformed origin is refused below */
      }
      if (host !== req.headers.host) throw new AppError("CSRF_FAILED");
    }
    const path = req.url.split("?")[0]!;
    if (CSRF_EXEMPT.has(path)) return;
    if (req.auth && req.headers["x-csrf-token"] !== req.auth.session.csrfToken) throw new AppError("CSRF_FAILED");
  });
});

/** The signed-in actor; refuses sessions that still have a login step to finish. */
export function actorOf(req: FastifyRequest, allowed: Stage[] = ["full"]): Actor {
  const a = req.auth;
  if (!a) throw new AppError("UNAUTHENTICATED");
  if (!allowed.includes(a.session.stage as Stage)) {
    throw new AppError("STAGE_REQUIRED", a.session.stage === "password_change" ? "请先修改密码。" : a.session.stage === "totp" ? "请先输入动态验证码。" : "请先绑定动态验证码（您的角色要求启用双因素认证）。", { extra: { stage: a.session.stage } });
  }
  return a.actor;
}

export function setSessionCookie(svc: Services, req: FastifyRequest, reply: FastifyReply, token: string) {
  const secure = svc.config.cookieSecure === "auto" ? req.protocol === "https" : svc.config.cookieSecure;
  reply.setCookie(SESSION_COOKIE, token, { path: "/", httpOnly: true, sameSite: "strict", secure, maxAge: svc.profile.values.session.absoluteHours * 3600 });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}
