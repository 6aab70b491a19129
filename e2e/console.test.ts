// The console as a civil servant uses it: sign in, open 栏目管理, create a column, see it in the tree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithRole, field, loginAs, pickOption, startE2E, type E2E } from "./support.ts";

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 300_000);
afterAll(() => e?.close());

describe("admin console", () => {
  it("a 监管员 signs in, creates a column on the portal and sees it in the tree", async () => {
    const page = await e.browser.newPage({ locale: "zh-CN" });
    try {
      await loginAs(page, e, accountWithRole(e, "监管员").username);

      await page.getByTestId("nav-columns").click();
      const tree = page.getByTestId("column-tree");
      await tree.waitFor({ timeout: 20_000 });
      await expect.poll(() => tree.textContent()).toContain("政务公开");

      await page.getByTestId("column-new-root").click();
      await field(page, "column-name").fill("营商环境专栏");
      await pickOption(page, "column-type", "工作动态");
      await pickOption(page, "column-category", null);
      await page.getByTestId("column-submit").click();
      await expect.poll(() => tree.textContent(), { timeout: 20_000 }).toContain("营商环境专栏");
      await page.screenshot({ path: "/tmp/govsite-e2e-columns.png", fullPage: true });
    } finally {
      await page.close();
    }
  });
});
