// Browser tests: the real admin app (with the built console) on a loopback port, the demo county
// in a fresh database, and Debian's Chromium driven by playwright-core. No browser is downloaded.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { testConfig } from "../apps/server/src/config/index.ts";
import { createTestDatabase } from "../apps/server/src/db/testing.ts";
import { createServices, type Services } from "../apps/server/src/services.ts";
import { buildAdminApp } from "../apps/server/src/http/app.ts";
import { seedCalendar } from "../apps/server/src/modules/calendar/calendar.ts";
import { systemActor } from "../apps/server/src/modules/audit/record.ts";
import { seedDemo, type DemoAccount } from "../apps/server/src/modules/demo/seed.ts";
import { ensureConsoleBuilt } from "../apps/server/src/runtime.ts";
import type { Database } from "../apps/server/src/db/client.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface E2E {
  svc: Services;
  app: FastifyInstance;
  url: string;
  accounts: DemoAccount[];
  browser: Browser;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (see .ci/run)`);
  await ensureConsoleBuilt();
  const database: Database = await createTestDatabase();
  const svc = await createServices(database, testConfig({ dataDir: `/tmp/govsite-e2e-${process.pid}` }));
  await seedCalendar(svc, systemActor("测试"));
  const accounts = await seedDemo(svc);
  const app = await buildAdminApp(svc, { logger: false, rateLimit: { api: 100_000, login: 100_000 } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return {
    svc,
    app,
    url,
    accounts,
    browser,
    async close() {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

export const account = (e: E2E, username: string) => {
  const a = e.accounts.find((x) => x.username === username);
  if (!a) throw new Error(`no demo account ${username}`);
  return a;
};

/** Logs in through the console's login form. */
export async function loginAs(page: Page, e: E2E, username: string) {
  const a = account(e, username);
  await page.goto(`${e.url}/login`);
  await page.getByLabel("用户名").fill(a.username);
  await page.getByLabel("密码").fill(a.password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
}

/**
 * Opens an Ant Design select (or tree select) by its test id and picks the option with that title,
 * or the first option when title is null. The dropdown is found through the combobox's
 * aria-controls, so a dropdown that was closed a moment before and is still fading out is never
 * mistaken for this one.
 */
export async function pickOption(page: Page, testId: string, title: string | null) {
  const host = page.getByTestId(testId);
  const combo = host.locator("[role=combobox]").or(host.and(page.locator("[role=combobox]"))).first();
  await host.click();
  let listId: string | null = null;
  for (let i = 0; i < 100 && !listId; i++) {
    listId = await combo.getAttribute("aria-controls");
    if (!listId) await page.waitForTimeout(100);
  }
  if (!listId) throw new Error(`select ${testId}: no aria-controls on its combobox`);
  // A Select's dropdown holds the element aria-controls names; a TreeSelect's does not, so fall
  // back to the visible dropdown (the previous one has been waited out below).
  let dropdown = page.locator(`.ant-select-dropdown:has([id="${listId}"])`).first();
  try {
    await dropdown.waitFor({ state: "visible", timeout: 3_000 });
  } catch {
    dropdown = page.locator(".ant-select-dropdown:visible").last();
    await dropdown.waitFor({ state: "visible" });
  }
  const option = title
    ? dropdown.locator(`[title="${title}"]`).first()
    : dropdown.locator(".ant-select-item-option, .ant-select-tree-treenode").first();
  await option.click();
  await dropdown.waitFor({ state: "hidden" });
}
