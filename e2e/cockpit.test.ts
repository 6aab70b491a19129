// The console's home page as a 监管员 sees it on the demo county: the compliance cockpit with the
// six veto lights of the portal, a figure checked against the database, and the explanation of a
// light opened by clicking it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { accountWithRole, loginAs, startE2E, type E2E } from "./support.ts";

let e: E2E;
beforeAll(async () => {
  e = await startE2E({ content: true });
}, 300_000);
afterAll(() => e?.close());

/**
 * Blank columns of the portal, counted straight from the tables: open (not archived, nor under an
 * archived column), not a link-out, no open sub-column, not an interaction page, and no live item
 * placing itself in it.
 */
async function portalBlankColumns(): Promise<{ count: number; names: string[] }> {
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await e.svc.db.execute(q)) as unknown as { rows: T[] }).rows;
  const [portal] = await rows<{ id: string }>(sql`select id from sites where kind = 'portal' order by code limit 1`);
  const cols = await rows<{
    id: string;
    parent_id: string | null;
    name: string;
    column_type: string;
    archived: boolean;
    external_url: string | null;
  }>(sql`select id, parent_id, name, column_type, archived, external_url from columns where site_id = ${portal!.id}`);
  const used = (
    await rows<{ col: string }>(sql`
      select distinct c.col from documents d
      join revisions r on r.id = d.live_revision_id
      cross join lateral (select r.fields->>'primaryColumnId' as col union all select jsonb_array_elements_text(coalesce(r.fields->'otherColumnIds', '[]'::jsonb))) c
      where d.site_id = ${portal!.id} and d.state not in ('withdrawn', 'removed', 'redirected') and d.first_published_at is not null`)
  ).map((r) => r.col);
  const byId = new Map(cols.map((c) => [c.id, c]));
  const closed = (c: (typeof cols)[number]): boolean => c.archived || (!!c.parent_id && !!byId.get(c.parent_id) && closed(byId.get(c.parent_id)!));
  const open = cols.filter((c) => !closed(c) && !c.external_url);
  const blank = open.filter(
    (c) => !open.some((x) => x.parent_id === c.id) && !["咨询投诉", "征集调查", "在线访谈", "互动交流", "依法申请公开"].includes(c.column_type) && !used.includes(c.id),
  );
  return { count: blank.length, names: blank.map((c) => c.name) };
}

describe("compliance cockpit", () => {
  it("a 监管员 signs in and sees the portal's veto lights with real figures and their explanation", async () => {
    const page = await e.browser.newPage({ locale: "zh-CN", viewport: { width: 1440, height: 1000 } });
    try {
      await loginAs(page, e, accountWithRole(e, "监管员").username);
      await page.getByTestId("cockpit").waitFor({ timeout: 30_000 });

      for (const key of ["unavailable", "homepage", "columns", "blank", "interaction", "serious"]) await page.getByTestId(`veto-${key}`).waitFor();
      const blank = await portalBlankColumns();
      expect(blank.count).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId("veto-figure-blank").textContent()).toBe(`${blank.count} / ${e.svc.profile.values.monitor.blankColumnsVeto} 个`);
      // No probes have run in a fresh database: no availability figure is made up.
      expect(await page.getByTestId("veto-figure-unavailable").textContent()).toBe("暂无监测数据");
      // The demo portal's news is a few days old.
      expect(await page.getByTestId("veto-figure-homepage").textContent()).toMatch(/^\d+ 天未更新$/);

      await page.getByTestId("trend-chart").locator("canvas").first().waitFor();
      await page.screenshot({ path: "/tmp/govsite-e2e-cockpit-home.png" });

      await page.getByTestId("veto-blank").click();
      const drawer = page.getByTestId("veto-drawer");
      await drawer.waitFor();
      await expect.poll(() => drawer.textContent()).toContain("开设以来没有发布过任何信息的栏目");
      const text = (await drawer.textContent()) ?? "";
      // The drawer lists the blank columns (the first page of them) by their paths.
      expect(blank.names.filter((n) => text.includes(n)).length).toBeGreaterThanOrEqual(Math.min(3, blank.count));

      await page.screenshot({ path: "/tmp/govsite-e2e-cockpit.png", fullPage: true });
    } finally {
      await page.close();
    }
  });
});
