// Browser tests: the real admin app (with the built console) on a loopback port, the demo county
// in a fresh database, and Debian's Chromium driven by playwright-core. No browser is downloaded.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { testConfig } from "../apps/server/src/config/index.ts";
import { createTestDatabase } from "../apps/server/src/db/testing.ts";
import { createServices, type Services } from "../apps/server/src/services.ts";
import { buildAdminApp } from "../apps/server/src/http/app.ts";
import { buildPublicApp } from "../apps/server/src/http/public-app.ts";
import { registerPublicInteraction } from "../apps/server/src/http/public-interaction.ts";
import { seedCalendar } from "../apps/server/src/modules/calendar/calendar.ts";
import { systemActor } from "../apps/server/src/modules/audit/record.ts";
import { seedDemo, type DemoAccount } from "../apps/server/src/modules/demo/seed.ts";
import { seedDemoContent } from "../apps/server/src/modules/demo/content.ts";
import { rebuild } from "../apps/server/src/modules/publishing/run.ts";
import { ensureConsoleBuilt } from "../apps/server/src/runtime.ts";
import type { Database } from "../apps/server/src/db/client.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface E2E {
  svc: Services;
  /** The admin app (API, and the console unless started with `console: false`). */
  app: FastifyInstance;
  url: string;
  accounts: DemoAccount[];
  browser: Browser;
  /** Closes the public apps, the browser, the admin app and the database; removes the data directory. */
  close(): Promise<void>;
  /** Run by close() before everything else (e.g. a public app started on this database). */
  onClose(fn: () => Promise<unknown>): void;
}

export interface E2EOptions {
  /** Serve the built console from the admin app (default). Off for tests that only use its API. */
  console?: boolean;
  /** Also seed the demo county's articles. */
  content?: boolean;
}

/** Serves a Fastify app on a free loopback port; its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  return `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
}

export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (see .ci/run)`);
  const withConsole = opts.console ?? true;
  if (withConsole) await ensureConsoleBuilt();
  const dataDir = `/tmp/govsite-e2e-${process.pid}`;
  rmSync(dataDir, { recursive: true, force: true });
  const database: Database = await createTestDatabase();
  const svc = await createServices(database, testConfig({ dataDir }));
  await seedCalendar(svc, systemActor("测试"));
  const accounts = await seedDemo(svc);
  if (opts.content) await seedDemoContent(svc);
  const app = await buildAdminApp(svc, { logger: false, rateLimit: { api: 100_000, login: 100_000 }, ...(withConsole ? {} : { consoleDir: null }) });
  const url = await listen(app);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const closers: Array<() => Promise<unknown>> = [];
  return {
    svc,
    app,
    url,
    accounts,
    browser,
    onClose: (fn) => closers.push(fn),
    async close() {
      for (const fn of closers.reverse()) await fn();
      await browser.close();
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Publishes the demo county (one site, or all) into the test's publish directory and serves it
 * with the public role, optionally with the 政民互动 API. Closed with the E2E.
 */
export async function startPublicSite(e: E2E, opts: { siteCode?: string; interaction?: boolean } = {}): Promise<{ app: FastifyInstance; url: string }> {
  const built = await rebuild(e.svc, opts.siteCode ? { siteCode: opts.siteCode } : {});
  if (built.failures.length) throw new Error(`publishing the demo county failed: ${JSON.stringify(built.failures)}`);
  const app = await buildPublicApp({
    publishDir: e.svc.config.publishDir,
    svc: e.svc,
    ...(opts.interaction ? { extra: (a: FastifyInstance) => registerPublicInteraction(a, e.svc) } : {}),
  });
  e.onClose(() => app.close());
  return { app, url: await listen(app) };
}

export const account = (e: E2E, username: string) => {
  const a = e.accounts.find((x) => x.username === username);
  if (!a) throw new Error(`no demo account ${username}`);
  return a;
};

/** The first demo account with that role. */
export const accountWithRole = (e: E2E, role: string) => {
  const a = e.accounts.find((x) => x.roles.includes(role));
  if (!a) throw new Error(`no demo account with the role ${role}`);
  return a;
};

/** An input by test id, whether antd put the id on the input or on its wrapper. */
export const field = (page: Page, testId: string) => page.getByTestId(testId).locator("input, textarea").or(page.getByTestId(testId)).first();

/** Logs in through the console's login form and waits until the console shows the user's name. */
export async function loginAs(page: Page, e: E2E, username: string) {
  const a = account(e, username);
  await page.goto(`${e.url}/login`);
  await field(page, "login-username").fill(a.username);
  await field(page, "login-password").fill(a.password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("current-user-name").filter({ hasText: a.realName }).first().waitFor({ timeout: 30_000 });
}

/** A page of its own (fresh context: no session shared with other users), desktop-sized, Chinese. */
export async function newDesktopPage(e: E2E): Promise<Page> {
  const ctx = await e.browser.newContext({ locale: "zh-CN", viewport: { width: 1440, height: 1000 } });
  return ctx.newPage();
}

/** A fresh browser context logged in as that user. */
export async function signIn(e: E2E, username: string): Promise<Page> {
  const page = await newDesktopPage(e);
  await loginAs(page, e, username);
  return page;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Serious and critical axe-core violations on the page, one line each (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

/**
 * Opens an Ant Design select (or tree select) by its test id and picks the option with that title,
 * or the first option when title is null. The dropdown is found through the combobox's
 * aria-controls, so a dropdown that was closed a moment before and is still fading out is never
 * mistaken for this one.
 */
export async function pickOption(page: Page, testId: string, title: string | null) {
  const dropdown = await openSelect(page, testId);
  const option = title
    ? dropdown.locator(`[title="${title}"]`).first()
    : dropdown.locator(".ant-select-item-option, .ant-select-tree-treenode").first();
  await option.click();
  await dropdown.waitFor({ state: "hidden" });
}

/** Picks one option of a multiple Ant Design select by its title, then closes the dropdown. */
export async function pickMany(page: Page, testId: string, title: string) {
  const dropdown = await openSelect(page, testId);
  await dropdown.locator(`.ant-select-item-option[title="${title}"]`).first().click();
  await page.keyboard.press("Escape");
  await dropdown.waitFor({ state: "hidden" });
}

/** Clicks a select open and returns its (visible) dropdown. */
async function openSelect(page: Page, testId: string) {
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
  // back to the visible dropdown (the previous one has been waited out by the caller).
  let dropdown = page.locator(`.ant-select-dropdown:has([id="${listId}"])`).first();
  try {
    await dropdown.waitFor({ state: "visible", timeout: 3_000 });
  } catch {
    dropdown = page.locator(".ant-select-dropdown:visible").last();
    await dropdown.waitFor({ state: "visible" });
  }
  return dropdown;
}
