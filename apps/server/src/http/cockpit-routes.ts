// The compliance cockpit (合规驾驶舱) behind the console's home page. Registered under /api.
// Routes parse, authorise through the operations, call, present — nothing else.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Services } from "../services.ts";
import { actorOf } from "./auth.ts";
import { cockpit, todoFor } from "../modules/cockpit/cockpit.ts";

const loose = z.record(z.string(), z.unknown());
const T = ["首页：合规驾驶舱"];

export async function registerCockpitRoutes(api: FastifyInstance, svc: Services) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/cockpit",
    {
      schema: {
        tags: T,
        summary: "合规驾驶舱：各站点单项否决指标实时模拟（红黄绿灯、距否决天数及明细）、各单位情况、今日待办、逾期留言、整改工单和近 30 天趋势",
        querystring: loose,
      },
    },
    async (req) => cockpit(svc, actorOf(req), req.query),
  );
  r.get("/cockpit/todo", { schema: { tags: T, summary: "本人今日待办" } }, async (req) => ({ items: await todoFor(svc, actorOf(req)) }));
}
