// 值班读网 in the console on the demo county: a 监管员 sets up a shift from the roster page and the
// roster shows it with National Day marked; a duty officer reports a counterfeit site, which the
// 监管员 then finds in the notification centre.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithRole, loginAs, startE2E, type E2E } from "./support.ts";

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 300_000);
afterAll(() => e?.close());

describe("duty console", () => {
  it("a 监管员 sets up a shift; a duty officer records a counterfeit site; the 监管员 is notified", async () => {
    const sup = await e.browser.newPage({ locale: "zh-CN", viewport: { width: 1440, height: 1000 } });
    const duty = await e.browser.newPage({ locale: "zh-CN", viewport: { width: 1440, height: 1000 } });
    try {
      await loginAs(sup, e, accountWithRole(e, "监管员").username);
      await sup.goto(`${e.url}/duty/roster?month=2025-10`);
      await sup.getByRole("button", { name: "班次设置" }).click();
      const dialog = sup.getByRole("dialog", { name: "班次设置" });
      await dialog.getByPlaceholder("班次名称，如 白班").fill("白班");
      await dialog.getByPlaceholder("开始 08:30").fill("08:30");
      await dialog.getByPlaceholder("结束 17:30").fill("17:30");
      await dialog.getByRole("button", { name: /新\s*建/ }).click();
      await dialog.getByRole("cell", { name: "白班", exact: true }).waitFor();
      await dialog.getByRole("button", { name: /Close|关闭/ }).first().click();
      await sup.getByRole("columnheader", { name: "白班（08:30—17:30）" }).waitFor();
      const national = sup.getByRole("row").filter({ hasText: "10-01 星期三" });
      await expect(national.getByText(/国庆/).first().isVisible()).resolves.toBe(true);
      await expect(national.getByText("无人值班").isVisible()).resolves.toBe(true);

      await loginAs(duty, e, accountWithRole(e, "值班员").username);
      await duty.goto(`${e.url}/duty/counterfeit`);
      await duty.getByRole("button", { name: "登记假冒网站" }).click();
      const form = duty.getByRole("dialog", { name: "登记假冒网站" });
      await form.getByLabel("假冒网址").fill("http://www.shifan-gov.example.com/");
      await form.getByLabel("发现情况").fill("巡查中发现仿冒示范县人民政府门户网站的页面。");
      await form.getByRole("button", { name: /登\s*记/ }).click();
      await duty.getByRole("cell", { name: "www.shifan-gov.example.com" }).waitFor();

      await sup.goto(`${e.url}/notifications`);
      await sup.getByText("假冒网站登记：www.shifan-gov.example.com").waitFor();
    } catch (err) {
      await duty.screenshot({ path: "/tmp/govsite-e2e-duty-failure.png" }).catch(() => {});
      await sup.screenshot({ path: "/tmp/govsite-e2e-duty-sup-failure.png" }).catch(() => {});
      throw err;
    } finally {
      await sup.close();
      await duty.close();
    }
  }, 180_000);
});
