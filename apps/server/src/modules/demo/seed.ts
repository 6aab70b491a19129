// Loads the demo county (示范县) into an empty database: units, real-name staff in every role
// with freshly generated passwords (returned once, never stored in clear), sites and column trees.
import { eq } from "drizzle-orm";
import { columns, interactionChannels, roleAssignments, sites, trainingRecords, units, users } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { DbOrTx } from "../../db/client.ts";
import { generatePassword } from "../../lib/ids.ts";
import { now, shanghaiToday } from "../../lib/clock.ts";
import { recordAudit, systemActor } from "../audit/record.ts";
import { hashPassword } from "../accounts/passwords.ts";
import { RESERVED_TOP_SLUGS, slugFor } from "../columns/columns.ts";
import { ROLES } from "../accounts/roles.ts";
import { demoCounty, type DemoColumn } from "./county.ts";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { DEMO_DEPLOYMENT_DIR } from "@govsite/checks";

export interface DemoAccount {
  username: string;
  password: string;
  realName: string;
  unit: string;
  roles: string;
}

export async function isDatabaseEmpty(svc: Services) {
  const [u] = await svc.db.select({ id: units.id }).from(units).limit(1);
  return !u;
}

export async function seedDemo(svc: Services, onProgress: (step: string, done: number, total: number) => void = () => {}): Promise<DemoAccount[]> {
  if (!(await isDatabaseEmpty(svc))) throw new Error("数据库中已有单位数据，示范县只能载入到空数据库。");
  const county = demoCounty;
  const total = county.units.length + county.people.length + county.sites.length;
  let done = 0;
  const tick = (step: string) => onProgress(step, ++done, total);
  // Hash outside the transaction: argon2 is deliberately slow.
  const passwords = new Map<string, string>();
  const hashes = new Map<string, string>();
  for (const p of county.people) {
    const pw = generatePassword();
    passwords.set(p.username, pw);
    hashes.set(p.username, await hashPassword(pw));
  }
  const accounts: DemoAccount[] = [];
  await svc.db.transaction(async (tx) => {
    const unitIds = new Map<string, string>();
    for (const [i, u] of county.units.entries()) {
      const [row] = await tx
        .insert(units)
        .values({ name: u.name, shortName: u.shortName, type: u.type, code: u.code, leader: u.leader, phone: u.phone, address: u.address, sort: i * 10, parentId: u.parentKey ? unitIds.get(u.parentKey) ?? null : null })
        .returning({ id: units.id });
      unitIds.set(u.key, row!.id);
      tick(`单位：${u.name}`);
    }
    const userIds = new Map<string, string>();
    for (const p of county.people) {
      const [row] = await tx
        .insert(users)
        .values({ unitId: unitIds.get(p.unitKey)!, username: p.username, realName: p.realName, title: p.title, mobile: p.mobile, passwordHash: hashes.get(p.username)!, mustChangePassword: false, status: "active", passwordChangedAt: now() })
        .returning({ id: users.id });
      userIds.set(p.username, row!.id);
      await tx.insert(trainingRecords).values({ userId: row!.id, course: "政府网站与政务新媒体信息发布和安全保密岗前培训", trainedOn: shanghaiToday(), trainer: "示范县电子政务中心" });
    }
    const siteIds = new Map<string, string>();
    const columnIds = new Map<string, string>(); // "siteKey:path/name" → id
    for (const s of county.sites) {
      const parentSiteId = s.kind === "portal" ? null : siteIds.get(county.sites.find((x) => x.kind === "portal")!.key) ?? null;
      const [row] = await tx
        .insert(sites)
        .values({
          code: s.key,
          name: s.name,
          kind: s.kind,
          parentSiteId,
          ownerUnitId: unitIds.get(s.ownerUnitKey)!,
          operatorUnitId: unitIds.get(s.operatorUnitKey)!,
          domain: s.domain,
          pathPrefix: s.pathPrefix,
          siteIdCode: s.siteIdCode,
          icp: s.icp,
          psb: s.psb,
          contactPhone: s.contactPhone,
          contactEmail: s.contactEmail,
          address: s.address,
          status: "running",
        })
        .returning({ id: sites.id });
      siteIds.set(s.key, row!.id);
      await insertColumns(tx, row!.id, s.key, null, "", s.columns, unitIds, userIds, columnIds);
      for (const [i, c] of (s.channels ?? []).entries()) {
        await tx.insert(interactionChannels).values({
          siteId: row!.id,
          kind: c.kind,
          name: c.name,
          slug: c.slug,
          description: c.description,
          leaderTitle: c.leaderTitle ?? "",
          defaultUnitId: c.defaultUnitKey ? unitIds.get(c.defaultUnitKey) ?? null : null,
          sort: (i + 1) * 10,
        });
      }
      tick(`站点：${s.name}`);
    }
    for (const p of county.people) {
      const userId = userIds.get(p.username)!;
      for (const r of p.roles) {
        const siteId = r.siteKey ? siteIds.get(r.siteKey) ?? null : null;
        const cols = r.columnPaths?.map((path) => columnIds.get(`${r.siteKey}:${path}`)).filter((x): x is string => !!x) ?? null;
        await tx.insert(roleAssignments).values({ userId, role: r.role, level: r.level ?? null, siteId: ROLES[r.role].scope === "site" ? siteId : null, columnIds: cols?.length ? cols : null });
      }
      tick(`人员：${p.realName}`);
      const unit = county.units.find((u) => u.key === p.unitKey)!;
      accounts.push({
        username: p.username,
        password: passwords.get(p.username)!,
        realName: p.realName,
        unit: unit.shortName,
        roles: p.roles.map((r) => `${ROLES[r.role].name}${r.level ? `${r.level}级` : ""}${r.siteKey ? `@${county.sites.find((s) => s.key === r.siteKey)?.name ?? r.siteKey}` : ""}`).join("、"),
      });
    }
    installDemoDictionaries(svc);
    await recordAudit(tx, systemActor("示范数据"), { action: "demo.seed", summary: `载入示范县数据：${county.units.length} 个单位、${county.people.length} 个账号、${county.sites.length} 个站点` });
  });
  return accounts;
}

async function insertColumns(
  tx: DbOrTx,
  siteId: string,
  siteKey: string,
  parentId: string | null,
  parentPath: string,
  list: DemoColumn[],
  unitIds: Map<string, string>,
  userIds: Map<string, string>,
  columnIds: Map<string, string>,
) {
  const used = new Set<string>(parentId ? [] : RESERVED_TOP_SLUGS);
  for (const [i, c] of list.entries()) {
    let slug = slugFor(c.name);
    for (let n = 2; used.has(slug); n++) slug = `${slugFor(c.name)}${n}`;
    used.add(slug);
    const [row] = await tx
      .insert(columns)
      .values({
        siteId,
        parentId,
        name: c.name,
        slug,
        columnType: c.columnType,
        category: c.category,
        responsibleUnitId: unitIds.get(c.responsibleUnitKey)!,
        responsibleUserId: c.responsibleUsername ? userIds.get(c.responsibleUsername) ?? null : null,
        description: c.description,
        keywords: c.keywords,
        externalUrl: c.externalUrl ?? null,
        archived: !!c.archived,
        archivedAt: c.archived ? now() : null,
        sort: (i + 1) * 10,
      })
      .returning({ id: columns.id });
    const path = parentPath ? `${parentPath}/${c.name}` : c.name;
    columnIds.set(`${siteKey}:${path}`, row!.id);
    if (c.children?.length) await insertColumns(tx, siteId, siteKey, row!.id, path, c.children, unitIds, userIds, columnIds);
  }
}

export async function demoUserId(svc: Services, username: string) {
  const [u] = await svc.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return u?.id;
}

/** The demo county's leaders table (names with their current titles) for the content checks. */
function installDemoDictionaries(svc: Services) {
  const target = path.join(svc.config.dataDir, "dictionaries");
  if (!existsSync(DEMO_DEPLOYMENT_DIR)) return;
  mkdirSync(target, { recursive: true });
  cpSync(DEMO_DEPLOYMENT_DIR, target, { recursive: true, force: false, errorOnExist: false });
}
