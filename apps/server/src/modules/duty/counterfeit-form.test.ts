// The published 举报假冒政府网站 form against the API behind it: the portal is built from the
// database the way a rebuild does it, the form is read from the published page, and its fields are
// submitted (with a solved proof of work, as hd.js sends it) to the endpoint the form names, on the
// public role's app as production builds it. A field the API does not know would be dropped by its
// schema without an error, so the stored report is checked field by field; a refused report must
// name fields the form has, so the script can show each message beside its field.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { eq } from "drizzle-orm";
import { createHarness, makeSite, makeUnit, type Harness } from "../../testing/harness.ts";
import { counterfeitReports, sites } from "../../db/schema.ts";
import { buildPublicRole } from "../../http/public-cluster.ts";
import { rebuild, siteDir } from "../publishing/run.ts";
import { solveChallenge } from "../interaction/pow.ts";

const root = `/tmp/govsite-jmform-${process.pid}`;
let h: Harness;
let pub: FastifyInstance;
let site: { id: string; code: string };
let html = "";

beforeAll(async () => {
  h = await createHarness({ config: { publishDir: `${root}/www`, dataDir: root } });
  const unit = await makeUnit(h.svc, "示范县人民政府办公室");
  const s = await makeSite(h.svc, unit.id, "portal");
  await h.svc.db.update(sites).set({ kind: "portal", pathPrefix: "/", name: "示范县人民政府" }).where(eq(sites.id, s.id));
  site = { id: s.id, code: s.code };
  const r = await rebuild(h.svc, { siteCode: "portal" });
  expect(r.failures).toEqual([]);
  html = readFileSync(path.join(siteDir(h.svc, "portal"), "hd/jmwz.html"), "utf8");
  pub = await buildPublicRole(h.svc.config, h.svc);
  await pub.ready();
});

afterAll(async () => {
  await pub?.close();
  await h?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The form as the browser sees it: where it posts and its controls (name, type, value). */
function readForm(page: string) {
  const form = /<form\b[^>]*data-hd="counterfeit"[\s\S]*?<\/form>/.exec(page)?.[0];
  if (!form) throw new Error("no counterfeit form on the page");
  const attr = (tag: string, a: string) => new RegExp(`\\b${a}="([^"]*)"`).exec(tag)?.[1];
  const endpoint = attr(form, "data-endpoint")!;
  const controls = [...form.matchAll(/<(input|textarea|select)\b[^>]*>/g)].map((m) => ({ name: attr(m[0], "name")!, type: attr(m[0], "type") ?? m[1]!, value: attr(m[0], "value") }));
  return { endpoint, controls };
}

async function solvedPow(ip: string) {
  const c = await pub.inject({ method: "GET", url: "/api/public/challenge", remoteAddress: ip });
  expect(c.statusCode).toBe(200);
  return solveChallenge(c.json());
}

describe("the published 举报假冒政府网站 form", () => {
  it("submits fields the API takes, every one of them stored", async () => {
    const { endpoint, controls } = readForm(html);
    expect(endpoint).toBe("/api/public/counterfeit-reports");
    const sample: Record<string, string> = {
      url: "www.shifan-gov.cn.example.com/bz/index.html",
      description: "该网站冒用示范县人民政府名义，以办理证件为由收取费用。",
      name: "李".repeat(40), // the form's maxlength, accepted by the API
      contact: "13800001111",
    };
    const body: Record<string, unknown> = {};
    for (const c of controls) body[c.name] = c.type === "checkbox" ? c.value : sample[c.name];
    expect(Object.keys(body).sort()).toEqual(["contact", "description", "name", "site", "url"]);
    // What hd.js adds to every form's fields.
    body.altcha = await solvedPow("198.51.100.10");
    body.clientToken = "web-0123456789abcdef0123456789abcdef";

    const res = await pub.inject({ method: "POST", url: endpoint, payload: body, remoteAddress: "198.51.100.10", headers: { "idempotency-key": String(body.clientToken) } });
    expect(res.statusCode, res.body).toBe(201);
    // The receipt the script shows: the case number.
    expect(res.json().caseNo).toMatch(/^JM\d{14}$/);
    const [row] = await h.svc.db.select().from(counterfeitReports).where(eq(counterfeitReports.caseNo, res.json().caseNo));
    expect(row).toMatchObject({
      source: "public",
      url: "http://www.shifan-gov.cn.example.com/bz/index.html",
      host: "www.shifan-gov.cn.example.com",
      description: sample.description,
      reporterName: sample.name,
      reporterContact: sample.contact,
      imitatedSiteId: site.id,
      status: "received",
    });
  });

  it("a refused report names fields of the form, with Chinese messages", async () => {
    const { endpoint, controls } = readForm(html);
    const names = new Set(controls.map((c) => c.name));
    const altcha = await solvedPow("198.51.100.11");
    const bad = await pub.inject({ method: "POST", url: endpoint, payload: { url: "不是网址", description: "短", name: "李".repeat(41), contact: "", altcha }, remoteAddress: "198.51.100.11" });
    expect(bad.statusCode).toBe(400);
    const issues = bad.json().error.issues as Array<{ path: string; message: string }>;
    expect(issues.map((i) => i.path).sort()).toEqual(["description", "name", "url"]);
    for (const i of issues) {
      expect(names.has(i.path), i.path).toBe(true);
      expect(i.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // A spent check: the script asks for a fresh one.
    const ok = { url: "www.another-fake.example.com", description: "另一个冒用政府名义的网站。" };
    const altcha2 = await solvedPow("198.51.100.12");
    expect((await pub.inject({ method: "POST", url: endpoint, payload: { ...ok, altcha: altcha2 }, remoteAddress: "198.51.100.12" })).statusCode).toBe(201);
    const again = await pub.inject({ method: "POST", url: endpoint, payload: { ...ok, altcha: altcha2 }, remoteAddress: "198.51.100.12" });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe("CHALLENGE_FAILED");
    // Reporting the portal's own address is refused against the address field.
    const ours = await pub.inject({ method: "POST", url: endpoint, payload: { url: "http://www.shifan.gov.cn/", description: "这个网站看起来像政府网站。", altcha: await solvedPow("198.51.100.13") }, remoteAddress: "198.51.100.13" });
    expect(ours.statusCode).toBe(400);
    expect(ours.json().error.issues).toEqual([{ path: "url", message: "这是本平台的正式网站" }]);
  });
});
