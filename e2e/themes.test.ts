// 主题与模板 in the console on the demo county: the portal's site administrator adds a line to the
// footer partial, sees it in the sandboxed preview, saves and publishes, and the published homepage
// carries it.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { loginAs, startE2E, type E2E } from "./support.ts";
import { sites } from "../apps/server/src/db/schema.ts";
import { processPublishEvents, siteDir } from "../apps/server/src/modules/publishing/run.ts";

const TMP = `/tmp/govsite-e2e-themes-${process.pid}`;
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  // Published files of this test go to a directory of its own.
  (e.svc.config as { publishDir: string }).publishDir = `${TMP}/www`;
}, 300_000);
afterAll(async () => {
  await e?.close();
  rmSync(TMP, { recursive: true, force: true });
});

describe("theme editor", () => {
  it("a site administrator edits the footer, previews it, saves and the published page carries it", async () => {
    const [portal] = await e.svc.db.select().from(sites).where(eq(sites.code, "portal"));
    const page = await e.browser.newPage({ locale: "zh-CN", viewport: { width: 1440, height: 1000 } });
    try {
      await loginAs(page, e, "dzzw_yangfan");

      await page.getByRole("menuitem", { name: "主题与模板" }).click();
      await page.getByRole("heading", { name: "主题与模板" }).waitFor();
      await page.getByTestId("theme-site").getByText(portal!.name, { exact: false }).waitFor();
      await page.getByRole("cell", { name: "partials/footer.liquid", exact: true }).click();
      const editor = page.getByLabel("模板内容");
      await expect.poll(() => editor.inputValue(), { timeout: 30_000 }).toContain("主办单位");
      const line = "本站由示范县电子政务办公室负责日常维护";
      const base = await editor.inputValue();
      await editor.fill(base.replace("</footer>", `<p class="local-note">${line}</p>\n</footer>`));

      await page.getByRole("button", { name: "预 览" }).or(page.getByRole("button", { name: "预览" })).first().click();
      await page.frameLocator('iframe[title="主题预览"]').getByText(line).waitFor({ timeout: 30_000 });

      // What the editor holds is what is saved (a refetch must not have replaced the typed text).
      expect(await editor.inputValue()).toContain(line);
      await page.getByRole("button", { name: "保存并发布" }).click();
      const saved = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().includes("/override"), { timeout: 60_000 });
      await page.locator(".ant-popconfirm").getByRole("button", { name: "保存并发布" }).click();
      const res = await saved;
      expect(res.status(), await res.text()).toBe(200);
      await page.getByText("已保存第 1 版", { exact: false }).waitFor({ timeout: 30_000 });
      await page.getByRole("cell", { name: "本站覆盖 v1" }).waitFor();

      await processPublishEvents(e.svc);
      const html = readFileSync(path.join(siteDir(e.svc, "portal"), "index.html"), "utf8");
      expect(html).toContain(line);
    } catch (err) {
      await page.screenshot({ path: "/tmp/govsite-e2e-themes-failure.png" }).catch(() => {});
      throw err;
    } finally {
      await page.close();
    }
  }, 240_000);
});
