// Tamper detection and automatic restore (防篡改).
//
// What is served is compared with the publish manifest (path → sha256, written by the publisher
// beside each release): on disk for every site, and through HTTP when the site's public address is
// configured (settings.monitorUrl). A mismatch raises a severe finding with a ticket, alerts the
// supervising office and duty officers, and restores the published version, recorded in the audit log.
//
// Restoring. The publisher writes incremental changes into the live release, so no untouched copy
// of a file exists on disk by itself. Two ways back, the first preferred:
//  1. A content-addressed store of verified copies (data/monitor/pristine/<sha256>): every check
//     copies each file whose hash equals the manifest's into the store (once per hash), and checks
//     the copy's hash again. A tampered file is put back byte for byte from the store, through a
//     temporary file and rename(2), and its hash is verified. Fast and exact, and it needs nothing
//     but the manifest, which lives beside the release where the web server does not serve it.
//  2. When a file has no stored copy (tampered before any check saw it intact), the site is
//     re-rendered from the database with the publisher (a fresh release switched in atomically),
//     which is the source of truth the manifest was made from.
// Files served but absent from the manifest (an uploaded web shell, an injected page) are moved
// to data/monitor/quarantine/<site>/<time>/ as evidence. The disk check and the restore hold the
// publisher's per-site lock, so a publish in progress is never mistaken for tampering.
import { siteThemeOverrides } from "../themes/themes.ts";
import * as fs from "node:fs/promises";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { compareManifest, loadManifest, type ManifestDiff } from "@govsite/monitor";
import { currentRelease, publishSite, withLock } from "@govsite/publisher";
import { monitorRuns, sites } from "../../db/schema.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Services } from "../../services.ts";
import { now, shanghaiText } from "../../lib/clock.ts";
import { notFound } from "../../lib/errors.ts";
import { logger } from "../../lib/logger.ts";
import { recordAudit, systemActor, type AuditActor } from "../audit/record.ts";
import { auditActorOf, require, type Actor } from "../accounts/roles.ts";
import { buildSnapshot, columnSlugPaths } from "../publishing/snapshot.ts";
import { activePeopleWithRoles, notify } from "../notifications/notify.ts";
import { columnForPath, recordFinding, resolveMissing } from "./findings.ts";
import { publishedDir, siteTarget } from "./target.ts";

export const pristineDir = (svc: Services) => path.join(svc.config.dataDir, "monitor", "pristine");
const pristineFile = (svc: Services, sha: string) => path.join(pristineDir(svc), sha.slice(0, 2), sha);

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(file)
      .on("data", (c) => h.update(c))
      .on("end", () => resolve(h.digest("hex")))
      .on("error", reject);
  });
}

/** Copies verified files into the store (once per hash); returns how many were added. */
async function harvest(svc: Services, root: string, manifest: Map<string, string>, bad: Set<string>): Promise<number> {
  let added = 0;
  for (const [p, sha] of manifest) {
    if (bad.has(p)) continue;
    const dest = pristineFile(svc, sha);
    try {
      await fs.access(dest);
      continue;
    } catch {
      // not stored yet
    }
    await fs.mkdir(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await fs.copyFile(path.join(root, p), tmp);
      // The file may have changed since it was hashed: keep the copy only if it still matches.
      if ((await hashFile(tmp)) === sha) {
        await fs.rename(tmp, dest);
        added++;
      } else await fs.rm(tmp, { force: true });
    } catch {
      await fs.rm(tmp, { force: true });
    }
  }
  return added;
}

/** Puts the stored copy back in place atomically; false when there is no good copy. */
async function restoreFromStore(svc: Services, root: string, p: string, sha: string): Promise<boolean> {
  const src = pristineFile(svc, sha);
  try {
    if ((await hashFile(src)) !== sha) return false;
  } catch {
    return false;
  }
  const dest = path.join(root, p);
  await fs.mkdir(path.dirname(dest), { recursive: true });
  const tmp = path.join(path.dirname(dest), `.restore-${randomBytes(4).toString("hex")}`);
  await fs.copyFile(src, tmp);
  // A planted directory or symlink in the file's place is moved away by rename over it only for files.
  const st = await fs.lstat(dest).catch(() => undefined);
  if (st && !st.isFile()) await fs.rm(dest, { recursive: true, force: true });
  await fs.rename(tmp, dest);
  return (await hashFile(dest)) === sha;
}

async function quarantine(svc: Services, code: string, root: string, files: string[], stamp: string): Promise<string[]> {
  const moved: string[] = [];
  const dir = path.join(svc.config.dataDir, "monitor", "quarantine", code, stamp);
  for (const p of files) {
    const dest = path.join(dir, p);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    try {
      await fs.rename(path.join(root, p), dest);
      moved.push(p);
    } catch (e) {
      logger.error({ err: e, site: code, path: p }, "quarantine failed");
    }
  }
  return moved;
}

export interface TamperReport {
  siteId: string;
  site: string;
  checked: number;
  changed: string[];
  missing: string[];
  extra: string[];
  /** Restored from the store of verified copies. */
  restored: string[];
  /** Re-rendered by a full publish (no stored copy). */
  rebuilt: boolean;
  quarantined: string[];
  /** Still different after restoring (should be empty). */
  unresolved: string[];
  /** Differences seen through HTTP (after the disk was restored), when the public address is configured. */
  http: { checked: number; changed: string[]; missing: string[]; errors: number } | null;
  harvested: number;
  tickets: string[];
}

const summaryOf = (d: ManifestDiff) => ({ changed: d.changed.map((c) => c.path), missing: d.missing, extra: d.extra });

/** Checks one site on disk (and through HTTP when configured) and restores what was changed. */
export async function checkSiteIntegrity(svc: Services, siteId: string, actor: AuditActor = systemActor("防篡改监测")): Promise<TamperReport | null> {
  const [site] = await svc.db.select().from(sites).where(eq(sites.id, siteId));
  if (!site) throw notFound("站点");
  const outDir = publishedDir(svc, site.code);
  if (!(await currentRelease(outDir))) return null;
  const startedAt = now();
  const stamp = shanghaiText(startedAt).replace(/[-: ]/g, "");

  const disk = await withLock(outDir, async () => {
    const manifest = await loadManifest(outDir);
    const root = await fs.realpath(outDir);
    const diff = await compareManifest(manifest, { dir: outDir });
    const bad = new Set([...diff.changed.map((c) => c.path), ...diff.missing, ...diff.errors.map((e) => e.path)]);
    const harvested = await harvest(svc, root, manifest, bad);
    const restored: string[] = [];
    const pending: string[] = [];
    for (const p of [...diff.changed.map((c) => c.path), ...diff.missing]) {
      if (await restoreFromStore(svc, root, p, manifest.get(p)!)) restored.push(p);
      else pending.push(p);
    }
    const quarantined = diff.extra.length ? await quarantine(svc, site.code, root, diff.extra, stamp) : [];
    return { manifest, diff, harvested, restored, pending, quarantined };
  });

  let rebuilt = false;
  let unresolved: string[] = [];
  if (disk.pending.length || disk.quarantined.length < disk.diff.extra.length) {
    try {
      await publishSite(await buildSnapshot(svc.db, siteId), { outDir, themeOverrides: await siteThemeOverrides(svc.db, siteId) });
      rebuilt = true;
    } catch (e) {
      logger.error({ err: e, site: site.code }, "restore by re-publishing failed");
    }
  }
  if (!disk.diff.ok) {
    const after = await compareManifest(await loadManifest(outDir), { dir: outDir });
    unresolved = [...after.changed.map((c) => c.path), ...after.missing, ...after.extra];
  }

  let httpResult: TamperReport["http"] = null;
  const target = siteTarget(svc, site);
  if (target.explicit) {
    const d = await compareManifest(await loadManifest(outDir), { baseUrl: target.base, timeoutMs: svc.profile.values.monitor.probeTimeoutSeconds * 1000, concurrency: 4 });
    httpResult = { checked: d.checked, changed: d.changed.map((c) => c.path), missing: d.missing, errors: d.errors.length };
  }

  const tampered = [...disk.diff.changed.map((c) => c.path), ...disk.diff.missing, ...disk.diff.extra];
  const httpBad = httpResult ? [...httpResult.changed, ...httpResult.missing] : [];
  const report: TamperReport = {
    siteId,
    site: site.code,
    checked: disk.diff.checked,
    ...summaryOf(disk.diff),
    restored: disk.restored,
    rebuilt,
    quarantined: disk.quarantined,
    unresolved,
    http: httpResult,
    harvested: disk.harvested,
    tickets: [],
  };

  const slugs = await columnSlugPaths(svc.db, siteId);
  await svc.db.transaction(async (tx) => {
    const seen: string[] = [];
    const record = async (p: string, how: "changed" | "missing" | "extra" | "http") => {
      const fingerprint = `tamper:${how === "http" ? "http" : "disk"}:${p}`;
      seen.push(fingerprint);
      const what = { changed: "内容被篡改", missing: "被删除", extra: "为发布清单以外的文件（疑似植入）", http: "经网络访问时内容与发布版本不一致（疑似在服务器或代理层被篡改）" }[how];
      const fixed = how === "extra" ? (disk.quarantined.includes(p) ? "已移出网站目录留存取证" : rebuilt ? "已重新发布站点" : "未能移除") : how === "http" ? "请立即核查网站服务器和代理" : unresolved.includes(p) ? "自动恢复未成功，请立即处置" : disk.restored.includes(p) ? "已自动恢复为发布版本" : "已重新发布站点恢复";
      const r = await recordFinding(
        svc,
        tx,
        actor,
        { siteId, columnId: columnForPath(slugs, p), source: "tamper", type: "tamper", severity: "severe", rule: `tamper.${how}`, fingerprint, url: new URL(p, target.base).href, detail: `${site.name}文件 ${p} ${what}，${fixed}`, data: { path: p, how, restored: disk.restored.includes(p), rebuilt } },
        { ticket: true },
      );
      if (r.ticketId && !report.tickets.includes(r.ticketId)) report.tickets.push(r.ticketId);
    };
    for (const p of disk.diff.changed.map((c) => c.path)) await record(p, "changed");
    for (const p of disk.diff.missing) await record(p, "missing");
    for (const p of disk.diff.extra) await record(p, "extra");
    for (const p of httpBad) await record(p, "http");
    await tx.insert(monitorRuns).values({ siteId, kind: "tamper", startedAt, finishedAt: now(), ok: tampered.length === 0 && httpBad.length === 0, summary: { ...report } as unknown as Record<string, unknown> });
    if (tampered.length || httpBad.length) {
      await alert(tx, site.name, report);
      await recordAudit(tx, actor, {
        action: "monitor.tamper_restore",
        targetType: "site",
        targetId: siteId,
        summary: `${site.name}发现 ${tampered.length + httpBad.length} 个文件与发布版本不一致：${[...tampered, ...httpBad].slice(0, 10).join("、")}${tampered.length + httpBad.length > 10 ? " 等" : ""}；已从校验副本恢复 ${disk.restored.length} 个${rebuilt ? "，并重新发布站点" : ""}${disk.quarantined.length ? `，移出可疑文件 ${disk.quarantined.length} 个` : ""}${unresolved.length ? `；仍有 ${unresolved.length} 个未恢复` : ""}`,
        after: { changed: report.changed, missing: report.missing, extra: report.extra, restored: report.restored, rebuilt, quarantined: report.quarantined, unresolved, http: httpResult },
      });
    } else {
      // Only a clean disk check closes the disk findings (and a clean HTTP check the HTTP ones).
      await resolveMissing(tx, siteId, "tamper", seen, ["tamper"]);
    }
  });
  return report;
}

/** Immediate alert to the supervising office and duty officers (the ticket goes to the responsible unit). */
async function alert(tx: DbOrTx, siteName: string, r: TamperReport) {
  const n = r.changed.length + r.missing.length + r.extra.length + (r.http ? r.http.changed.length + r.http.missing.length : 0);
  const restoredText = r.unresolved.length ? `仍有 ${r.unresolved.length} 个未能恢复，请立即处置` : "已自动恢复为发布版本";
  await notify(tx, await activePeopleWithRoles(tx, ["supervisor", "duty_officer"]), {
    kind: "tamper_alert",
    title: `网页防篡改告警：${siteName}有 ${n} 个文件与发布版本不一致`,
    body: `${[...r.changed, ...r.missing, ...r.extra].slice(0, 5).join("、")}；${restoredText}`,
    link: `/monitoring/findings?siteId=${r.siteId}&type=tamper`,
  });
}

/** Every published site, one after another (the scheduled job). */
export async function checkAllSites(svc: Services) {
  const rows = await svc.db.select({ id: sites.id, code: sites.code }).from(sites).where(inArray(sites.status, ["running", "offline", "archived"]));
  let tampered = 0;
  let checked = 0;
  for (const s of rows) {
    try {
      const r = await checkSiteIntegrity(svc, s.id);
      if (!r) continue;
      checked++;
      if (r.changed.length || r.missing.length || r.extra.length || (r.http && (r.http.changed.length || r.http.missing.length))) tampered++;
    } catch (e) {
      logger.error({ err: e, site: s.code }, "tamper check failed");
    }
  }
  return { sites: checked, tampered };
}

/** On demand from the console (监管员, duty officer). */
export async function checkSiteNow(svc: Services, actor: Actor, siteId: string) {
  require(actor, "monitor.run", siteId, "只有监管员和值班员可以发起防篡改检查。");
  const r = await checkSiteIntegrity(svc, siteId, auditActorOf(actor));
  if (!r) return { published: false as const };
  return { published: true as const, ...r };
}
