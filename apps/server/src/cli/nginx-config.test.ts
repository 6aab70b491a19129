import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderNginxConfig, sitesFromIndex, type NginxOptions } from "./nginx-config.ts";
import { SECURITY_HEADERS } from "../http/public-app.ts";
import { AppError } from "../lib/errors.ts";

const dir = mkdtempSync(path.join(tmpdir(), "govsite-nginx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SITES = [
  { code: "portal", domain: "www.shifan.gov.cn", pathPrefix: "/", status: "running" },
  { code: "fgw", domain: "www.shifan.gov.cn", pathPrefix: "/fgw/", status: "running" },
  { code: "tyz", domain: "www.shifan.gov.cn", pathPrefix: "/tyz/", status: "offline" },
  { code: "old", domain: "www.shifan.gov.cn", pathPrefix: "/old/", status: "closed" },
  { code: "ly", domain: "ly.shifan.gov.cn", pathPrefix: "/", status: "running" },
];

const options = (over: Partial<NginxOptions> = {}): NginxOptions => ({
  sites: SITES,
  publishDir: "/srv/govsite/www",
  mediaDir: "/srv/govsite/media",
  upstream: "127.0.0.1:3001",
  listen: 80,
  brotli: false,
  pidFile: path.join(dir, "nginx.pid"),
  errorLog: path.join(dir, "error.log"),
  accessLog: path.join(dir, "access.log"),
  ...over,
});

/** The text of the server block for one domain. */
const serverBlock = (conf: string, domain: string) => {
  const start = conf.indexOf(`server_name ${domain};`);
  expect(start).toBeGreaterThan(0);
  const next = conf.indexOf("  server {", start);
  return conf.slice(start, next < 0 ? undefined : next);
};

describe("govsite nginx-config", () => {
  it("serves each domain's sites from the publish directory and proxies the public API", () => {
    const conf = renderNginxConfig(options());
    // One server block per domain.
    expect(conf.match(/^ {2}server \{$/gm)).toHaveLength(2);
    const main = serverBlock(conf, "www.shifan.gov.cn");
    expect(main).toContain("location / {\n      root /srv/govsite/www/portal;");
    expect(main).toContain("location /fgw/ {\n      alias /srv/govsite/www/fgw/;");
    expect(main).toContain("error_page 404 /fgw/404.html;");
    expect(main).toContain("error_page 404 /404.html;");
    expect(main).toContain("location /tyz/ {"); // offline sites keep their pages, as in sites.json
    expect(main).not.toContain("/old/"); // closed sites are not served
    // Longest prefix written first.
    expect(main.indexOf("location /fgw/")).toBeLessThan(main.indexOf("location / {"));
    const ly = serverBlock(conf, "ly.shifan.gov.cn");
    expect(ly).toContain("root /srv/govsite/www/ly;");
    expect(ly).not.toContain("/fgw/");

    // Files: precompressed copies, ETag, cache headers by kind, the public role's security headers.
    expect(conf).toContain("gzip_static on;");
    expect(conf).toMatch(/# brotli_static on;.*ngx_brotli/);
    expect(conf).toContain("etag on;");
    expect(conf).toContain('add_header Cache-Control "public, max-age=60, must-revalidate" always;');
    expect(conf).toContain('add_header Cache-Control "public, max-age=31536000, immutable" always;');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(conf).toContain(`add_header ${k} "${v}" always;`);
    expect(conf).toContain("try_files $uri $uri/ =404;");
    expect(conf).toContain("location ~ /\\. { return 404; }");
    expect(conf).toContain("alias /srv/govsite/media/$2/$3/$1;");

    // The public API: upstream, real client address, rate limiting zones.
    expect(conf).toContain("upstream govsite_public {\n    server 127.0.0.1:3001;");
    expect(conf).toContain("limit_req_zone $binary_remote_addr zone=govsite_api:10m rate=10r/s;");
    expect(conf).toContain("limit_req_zone $binary_remote_addr zone=govsite_search:10m rate=2r/s;");
    expect(main).toContain("location /api/public/ {\n      limit_req zone=govsite_api");
    expect(main).toContain("location = /api/public/search {\n      limit_req zone=govsite_search");
    expect(main).toContain("proxy_set_header X-Real-IP $remote_addr;");
    expect(main).toContain("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
  });

  it("enables brotli_static with its module when asked", () => {
    const conf = renderNginxConfig(options({ brotli: true }));
    expect(conf).toMatch(/^load_module .*ngx_http_brotli_static_module\.so;$/m);
    expect(conf).toMatch(/^ {2}brotli_static on;$/m);
  });

  it("refuses data that would break or inject into the configuration, in Chinese", () => {
    const bad = (over: Partial<NginxOptions>) => {
      try {
        renderNginxConfig(options(over));
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return (err as AppError).message;
      }
      throw new Error("accepted");
    };
    expect(bad({ sites: [{ code: "portal", domain: "www.shifan.gov.cn; include /etc/passwd", pathPrefix: "/" }] })).toContain("不是有效的域名");
    expect(bad({ sites: [{ code: "fgw", domain: "www.shifan.gov.cn", pathPrefix: "/fgw" }] })).toContain("应以 / 开头和结尾");
    expect(bad({ sites: [{ code: "a b", domain: "www.shifan.gov.cn", pathPrefix: "/" }] })).toContain("站点代码");
    expect(bad({ sites: [] })).toContain("还没有可发布的站点");
    expect(bad({ upstream: "localhost" })).toContain("主机:端口");
    expect(bad({ publishDir: "www" })).toContain("绝对路径");
    expect(bad({ listen: 70000 })).toContain("监听端口");
  });

  it("reads the routing table from sites.json and says clearly when it is missing or broken", async () => {
    const pub = path.join(dir, "www");
    mkdirSync(pub, { recursive: true });
    await expect(sitesFromIndex(pub)).rejects.toThrow(/没有 sites.json/);
    writeFileSync(path.join(pub, "sites.json"), "{not json");
    await expect(sitesFromIndex(pub)).rejects.toThrow(/格式不正确/);
    writeFileSync(path.join(pub, "sites.json"), JSON.stringify({ sites: SITES }));
    expect((await sitesFromIndex(pub)).map((s) => s.code)).toEqual(SITES.map((s) => s.code));
  });

  // CI has no nginx; where it is installed the configuration must pass its own check.
  it.skipIf(!existsSync("/usr/sbin/nginx"))("passes nginx -t", () => {
    const file = path.join(dir, "nginx.conf");
    writeFileSync(file, renderNginxConfig(options({ publishDir: dir, mediaDir: dir })));
    const r = spawnSync("/usr/sbin/nginx", ["-t", "-c", file], { encoding: "utf8" });
    expect(r.stderr).toContain("syntax is ok");
    expect(r.status).toBe(0);
  });
});
