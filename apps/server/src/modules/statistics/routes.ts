// Admin API of the visit statistics, registered under /api.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Services } from "../../services.ts";
import { actorOf } from "../../http/auth.ts";
import { visitReport } from "./visits.ts";

const T = ["网站管理：访问统计"];

export async function registerStatisticsRoutes(api: FastifyInstance, svc: Services) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/statistics/visits",
    {
      schema: {
        tags: T,
        summary: "网站访问统计：按日的浏览量和访客数、各站点、各栏目及热门页面（不使用 Cookie，访客按当日随机盐的哈希去重）",
        querystring: z.record(z.string(), z.unknown()),
      },
    },
    async (req) => visitReport(svc, actorOf(req), req.query),
  );
}
