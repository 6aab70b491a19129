// 问卷调查 of a site as the public pages list them: published surveys, newest first, with their
// state and whether results are out. (Each survey itself: participation.publicSurvey.)
import { and, desc, eq } from "drizzle-orm";
import { surveys } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import { now } from "../../lib/clock.ts";
import { fmt, siteByCode } from "./cases.ts";

export async function publicSurveys(svc: Services, siteCode: string) {
  const site = await siteByCode(svc.db, siteCode);
  const rows = await svc.db
    .select({ id: surveys.id, title: surveys.title, description: surveys.description, opensAt: surveys.opensAt, closesAt: surveys.closesAt, resultsPublishedAt: surveys.resultsPublishedAt })
    .from(surveys)
    .where(and(eq(surveys.siteId, site.id), eq(surveys.status, "published")))
    .orderBy(desc(surveys.opensAt));
  const at = now();
  return {
    items: rows.map((s) => ({
      id: s.id,
      title: s.title,
      description: s.description,
      opensAt: fmt(s.opensAt),
      closesAt: fmt(s.closesAt),
      state: at < s.opensAt ? "未开始" : at <= s.closesAt ? "调查中" : s.resultsPublishedAt ? "已公布结果" : "已截止",
      results: !!s.resultsPublishedAt,
    })),
  };
}
