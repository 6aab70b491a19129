import { mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publishSite } from "@govsite/publisher";
import { fixtureSnapshot } from "../../publisher/src/testing/fixture.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditSite } from "./audit.ts";
import { compareManifest, loadManifest, sha256Hex } from "./manifest.ts";
import { serveDir, type StaticServer } from "./testing/static-server.ts";

let root: string;
let outDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "govsite-monitor-"));
  outDir = join(root, "www", "portal");
  await publishSite(fixtureSnapshot(), { outDir, now: new Date("2024-05-20T04:00:00Z"), brotliQuality: 1 });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("compareManifest", () => {
  it("reads the publisher's manifest and finds an untouched site identical, on disk and over HTTP", async () => {
    const manifest = await loadManifest(outDir);
    expect(manifest.get("index.html")).toMatch(/^[0-9a-f]{64}$/);
    const disk = await compareManifest(manifest, { dir: outDir });
    expect(disk).toMatchObject({ ok: true, missing: [], changed: [], extra: [], errors: [] });
    expect(disk.checked).toBe(manifest.size);

    const server = await serveDir(realpathSync(outDir));
    try {
      const http = await compareManifest(manifest, { baseUrl: server.url });
      expect(http).toMatchObject({ ok: true, missing: [], changed: [], errors: [] });
      // The .gz/.br variants are reached by content negotiation, not by name.
      expect(http.checked).toBe([...manifest.keys()].filter((p) => !/\.(gz|br)$/.test(p)).length);
    } finally {
      await server.close();
    }
  });

  it("detects a tampered, a deleted and an added file", async () => {
    const manifest = await loadManifest(outDir);
    const site = realpathSync(outDir);
    const home = join(site, "index.html");
    const original = readFileSync(home);
    const article = [...manifest.keys()].find((p) => /\/t\d{8}_.+\.html$/.test(p))!;
    const articleBytes = readFileSync(join(site, article));
    try {
      writeFileSync(home, original.toString("utf8").replace("</body>", '<div style="display:none"><a href="http://127.0.0.9/">博彩</a></div></body>'));
      unlinkSync(join(site, article));
      writeFileSync(join(site, "shell.php"), "<?php eval($_POST['x']); ?>");

      const disk = await compareManifest(manifest, { dir: outDir });
      expect(disk.ok).toBe(false);
      expect(disk.changed.map((c) => c.path)).toEqual(["index.html"]);
      expect(disk.changed[0]!.expected).toBe(sha256Hex(original));
      expect(disk.missing).toEqual([article]);
      expect(disk.extra).toEqual(["shell.php"]);

      const server = await serveDir(site);
      try {
        const http = await compareManifest(manifest, { baseUrl: server.url });
        expect(http.changed.map((c) => c.path)).toEqual(["index.html"]);
        expect(http.missing).toEqual([article]);
      } finally {
        await server.close();
      }
    } finally {
      writeFileSync(home, original);
      writeFileSync(join(site, article), articleBytes);
      unlinkSync(join(site, "shell.php"));
    }
  });

  it("accepts a plain {path: sha256} manifest", async () => {
    const site = realpathSync(outDir);
    const sha = sha256Hex(readFileSync(join(site, "index.html")));
    const file = join(root, "plain.json");
    writeFileSync(file, JSON.stringify({ "/index.html": sha, "gone.html": "0".repeat(64) }));
    const manifest = await loadManifest(file);
    const server: StaticServer = await serveDir(site);
    try {
      const diff = await compareManifest(manifest, { baseUrl: `${server.url}/` });
      expect(diff.missing).toEqual(["gone.html"]);
      expect(diff.changed).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("the platform's own published site", () => {
  it("passes the page norms of the audit", async () => {
    const server = await serveDir(realpathSync(outDir));
    try {
      const r = await auditSite(`${server.url}/`, {
        now: new Date("2024-05-20T12:00:00+08:00"),
        external: false,
        contentChecks: false,
        // Interaction pages are served by the application and uploads by the media store, not by the static site.
        skipLinks: [/\/(hd|uploads)\//],
      });
      expect(r.pages).toBeGreaterThan(20);
      const norms = r.findings.filter((f) => ["meta_missing", "footer_missing", "site_id_invalid", "hidden_link", "foreign_script", "broken_link", "cloaking"].includes(f.type));
      expect(norms.map((f) => `${f.rule} ${f.url} ${f.detail}`)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
