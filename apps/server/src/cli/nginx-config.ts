// `govsite nginx-config`: a production nginx configuration that serves the published sites
// straight from the publish directory (the same routing as the public role: a server block per
// domain, sub-sites by path prefix) and proxies the public API to the public role.
// See docs/operations/nginx.md.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SECURITY_HEADERS } from "../http/public-app.ts";
import { AppError } from "../lib/errors.ts";

export interface NginxSite {
  code: string;
  domain: string;
  pathPrefix: string;
  status?: string;
}

export interface NginxOptions {
  sites: NginxSite[];
  /** The publish directory: one directory (a symlink to the live release) per site code. */
  publishDir: string;
  /** Uploaded files, stored as <2 hex>/<2 hex>/<sha256>.<ext>; served directly when given. */
  mediaDir?: string;
  /** The public role, host:port. */
  upstream: string;
  /** Port nginx listens on. */
  listen: number;
  /** Emit brotli_static on (needs the ngx_brotli module); otherwise it is left commented. */
  brotli: boolean;
  /** Runtime files; defaults fit Debian's nginx package. */
  pidFile?: string;
  errorLog?: string;
  accessLog?: string;
  workerProcesses?: number | "auto";
}

/** Where Debian's libnginx-mod-http-brotli-static puts the module. */
export const BROTLI_MODULE = "/usr/share/nginx/modules/ngx_http_brotli_static_module.so";

const MIME: Array<[string, string]> = [
  ["text/html", "html"],
  ["text/css", "css"],
  ["text/javascript", "js"],
  ["application/json", "json"],
  ["application/xml", "xml"],
  ["application/rss+xml", "rss"],
  ["text/plain", "txt"],
  ["image/svg+xml", "svg"],
  ["image/png", "png"],
  ["image/jpeg", "jpg jpeg"],
  ["image/gif", "gif"],
  ["image/webp", "webp"],
  ["image/x-icon", "ico"],
  ["application/pdf", "pdf"],
  ["application/msword", "doc"],
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
  ["application/vnd.ms-excel", "xls"],
  ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"],
  ["application/vnd.ms-works", "wps"],
  ["application/ofd", "ofd"],
  ["video/mp4", "mp4"],
  ["application/zip", "zip"],
];

const DOMAIN = /^(?:[a-z0-9\u4e00-\u9fa5](?:[a-z0-9\u4e00-\u9fa5-]{0,61}[a-z0-9\u4e00-\u9fa5])?\.)+[a-z\u4e00-\u9fa5]{2,}$/i;
const PREFIX = /^\/(?:[a-z0-9_-]+\/)*$/i;
const CODE = /^[a-z0-9_-]+$/i;
const UPSTREAM = /^[a-z0-9.-]+:\d{1,5}$|^\[[0-9a-f:]+\]:\d{1,5}$/i;

/** Checks what goes into the configuration; nginx syntax must never be injectable from data. */
export function validateNginxOptions(o: NginxOptions): void {
  const bad: string[] = [];
  if (!o.sites.length) bad.push("还没有可发布的站点，请先在管理后台建立站点。");
  for (const s of o.sites) {
    if (!CODE.test(s.code)) bad.push(`站点代码“${s.code}”只能包含字母、数字、下划线和连字符。`);
    if (!DOMAIN.test(s.domain)) bad.push(`站点“${s.code}”的域名“${s.domain}”不是有效的域名。`);
    if (!PREFIX.test(s.pathPrefix)) bad.push(`站点“${s.code}”的路径前缀“${s.pathPrefix}”应以 / 开头和结尾，如 /fgw/。`);
  }
  for (const [label, dir] of [["发布目录", o.publishDir], ["附件目录", o.mediaDir]] as const) {
    if (dir !== undefined && (!path.isAbsolute(dir) || /[\s;{}'"$\\]/.test(dir))) bad.push(`${label}“${dir}”应为不含空格和特殊字符的绝对路径。`);
  }
  if (!UPSTREAM.test(o.upstream)) bad.push(`公众网站服务地址“${o.upstream}”应为“主机:端口”，如 127.0.0.1:3001。`);
  if (!Number.isInteger(o.listen) || o.listen < 1 || o.listen > 65535) bad.push(`监听端口“${o.listen}”应为 1 到 65535 之间的整数。`);
  if (bad.length) throw new AppError("VALIDATION_FAILED", bad.join("\n"));
}

/** Passing a request on to the public role: keep-alive upstream, the client's address and scheme. */
const PROXY_TO_PUBLIC = [
  `      proxy_pass http://govsite_public;`,
  `      proxy_http_version 1.1;`,
  `      proxy_set_header Connection "";`,
  `      proxy_set_header Host $host;`,
  `      proxy_set_header X-Real-IP $remote_addr;`,
  `      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`,
  `      proxy_set_header X-Forwarded-Proto $scheme;`,
];

const securityHeaders = (indent: string) =>
  Object.entries(SECURITY_HEADERS)
    .map(([k, v]) => `${indent}add_header ${k} "${v}" always;`)
    .join("\n");

/**
 * Locations serving one site's files. nginx drops server-level add_header lines in any location
 * that has its own, so every location repeats the security headers.
 */
function siteLocations(s: NginxSite, o: NginxOptions, indent: string): string {
  const dir = path.join(o.publishDir, s.code);
  const i2 = indent + "  ";
  const map = s.pathPrefix === "/" ? `${i2}root ${dir};` : `${i2}alias ${dir}/;`;
  const notFound = `${s.pathPrefix}404.html`;
  const lines = [
    `${indent}# 站点 ${s.code}${s.status && s.status !== "running" ? `（状态：${s.status}）` : ""}`,
    `${indent}location ${s.pathPrefix} {`,
    map,
    `${i2}index index.html;`,
    `${i2}try_files $uri $uri/ =404;`,
    `${i2}error_page 404 ${notFound};`,
    `${i2}etag on;`,
    `${i2}add_header Cache-Control "public, max-age=3600" always;`,
    securityHeaders(i2),
    "",
    `${i2}# Pages change on every publication: revalidate after a minute (ETag → 304).`,
    `${i2}location ~* \\.(?:html|xml)$ {`,
    `${i2}  add_header Cache-Control "public, max-age=60, must-revalidate" always;`,
    securityHeaders(i2 + "  "),
    `${i2}}`,
    `${i2}# Theme assets carry a content hash in their names and never change.`,
    `${i2}location ~* "\\.[0-9a-f]{8,}\\.(?:css|js|svg|png|jpg|gif|webp|woff2?)$" {`,
    `${i2}  add_header Cache-Control "public, max-age=31536000, immutable" always;`,
    securityHeaders(i2 + "  "),
    `${i2}}`,
    `${indent}}`,
  ];
  return lines.join("\n");
}

export function renderNginxConfig(o: NginxOptions): string {
  validateNginxOptions(o);
  const sites = o.sites.filter((s) => s.status !== "closed");
  const byDomain = new Map<string, NginxSite[]>();
  for (const s of sites) byDomain.set(s.domain.toLowerCase(), [...(byDomain.get(s.domain.toLowerCase()) ?? []), s]);

  const servers: string[] = [];
  for (const [domain, group] of byDomain) {
    // Longest prefix first (nginx picks the longest prefix anyway; this keeps the file readable).
    group.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
    const ind = "    ";
    const hasRoot = group.some((s) => s.pathPrefix === "/");
    const body = [
      `  server {`,
      `    listen ${o.listen};`,
      `    # listen 443 ssl; http2 on;  # HTTPS: see docs/operations/nginx.md`,
      `    # ssl_certificate     /etc/ssl/govsite/${domain}.crt;`,
      `    # ssl_certificate_key /etc/ssl/govsite/${domain}.key;`,
      `    server_name ${domain};`,
      `    charset utf-8;`,
      "",
      `    # The public API (search, visit statistics, interaction forms) goes to the public role.`,
      `    location /api/public/ {`,
      `      limit_req zone=govsite_api burst=40 nodelay;`,
      `      limit_req_status 429;`,
      `      client_max_body_size 2m;`,
      ...PROXY_TO_PUBLIC,
      `      proxy_read_timeout 30s;`,
      securityHeaders("      "),
      `    }`,
      `    location = /api/public/search {`,
      `      limit_req zone=govsite_search burst=10 nodelay;`,
      `      limit_req_status 429;`,
      ...PROXY_TO_PUBLIC,
      securityHeaders("      "),
      `    }`,
      "",
      o.mediaDir
        ? [
            `    # Attachments and images, stored by content hash: served from the media directory.`,
            `    location ~ "^/files/(([0-9a-f]{2})([0-9a-f]{2})[0-9a-f]{60}\\.[a-z0-9]{2,4})$" {`,
            `      alias ${o.mediaDir}/$2/$3/$1;`,
            `      add_header Cache-Control "public, max-age=31536000, immutable" always;`,
            securityHeaders("      "),
            `    }`,
            `    location /files/ { return 404; }`,
          ].join("\n")
        : `    location /files/ { proxy_pass http://govsite_public; proxy_set_header Host $host; proxy_set_header X-Real-IP $remote_addr; }`,
      "",
      `    # Release directories and other hidden files are never served.`,
      `    location ~ /\\. { return 404; }`,
      "",
      ...group.map((s) => siteLocations(s, o, ind)),
      ...(hasRoot ? [] : ["", `    location / { return 404; }`]),
      `  }`,
    ];
    servers.push(body.join("\n"));
  }

  const brotli = o.brotli
    ? "    brotli_static on;"
    : "    # brotli_static on;  # needs the ngx_brotli module (Debian: libnginx-mod-http-brotli-static)";
  return [
    `# nginx configuration for govsite, written by \`govsite nginx-config\`. Regenerate it after adding`,
    `# a site or changing a domain or path prefix; check with \`nginx -t -c FILE\`.`,
    ...(o.brotli ? [`load_module ${BROTLI_MODULE};`] : []),
    `worker_processes ${o.workerProcesses ?? "auto"};`,
    `pid ${o.pidFile ?? "/run/nginx.pid"};`,
    `error_log ${o.errorLog ?? "/var/log/nginx/error.log"} warn;`,
    "",
    `events {`,
    `  worker_connections 4096;`,
    `}`,
    "",
    `http {`,
    `  types {`,
    ...MIME.map(([t, ext]) => `    ${t} ${ext};`),
    `  }`,
    `  default_type application/octet-stream;`,
    `  access_log ${o.accessLog ?? "/var/log/nginx/access.log"};`,
    `  server_tokens off;`,
    `  sendfile on;`,
    `  tcp_nopush on;`,
    `  keepalive_timeout 65;`,
    `  open_file_cache max=10000 inactive=60s;`,
    `  open_file_cache_valid 5s;`,
    "",
    `  # Precompressed copies written by the publisher (.gz and .br beside each page).`,
    `  gzip_static on;`,
    brotli.replace(/^ {4}/, "  "),
    `  gzip on;`,
    `  gzip_types text/css text/javascript application/json application/xml application/rss+xml image/svg+xml;`,
    `  gzip_vary on;`,
    "",
    `  # Client addresses for the public role's visit statistics and rate limits (TRUST_PROXY=true).`,
    `  limit_req_zone $binary_remote_addr zone=govsite_api:10m rate=10r/s;`,
    `  limit_req_zone $binary_remote_addr zone=govsite_search:10m rate=2r/s;`,
    "",
    `  upstream govsite_public {`,
    `    server ${o.upstream};`,
    `    keepalive 32;`,
    `  }`,
    "",
    servers.join("\n\n"),
    `}`,
    "",
  ].join("\n");
}

/** The routing table as the publisher wrote it (sites.json in the publish directory). */
export async function sitesFromIndex(publishDir: string): Promise<NginxSite[]> {
  const file = path.join(publishDir, "sites.json");
  if (!existsSync(file)) throw new AppError("VALIDATION_FAILED", `发布目录中没有 sites.json：${file}（请先运行 govsite publish --all）`);
  try {
    const data = JSON.parse(await readFile(file, "utf8")) as { sites?: NginxSite[] };
    if (!Array.isArray(data.sites)) throw new Error("no sites");
    return data.sites;
  } catch {
    throw new AppError("VALIDATION_FAILED", `sites.json 格式不正确：${file}`);
  }
}

export const brotliAvailable = () => existsSync(BROTLI_MODULE);

export interface NginxCommandOptions {
  out?: string;
  upstream?: string;
  listen?: string;
  brotli?: string;
  fromSitesJson?: boolean;
}

/** The command: sites from the sites table (or sites.json with --from-sites-json). */
export async function runNginxConfig(opts: NginxCommandOptions, write: (s: string) => void = (s) => process.stdout.write(s)): Promise<void> {
  const { loadConfig } = await import("../config/index.ts");
  const config = loadConfig();
  const listen = Number(opts.listen ?? "80");
  if (!/^\d+$/.test(opts.listen ?? "80")) throw new AppError("VALIDATION_FAILED", `监听端口“${opts.listen}”应为 1 到 65535 之间的整数。`);
  const brotliOpt = opts.brotli ?? "auto";
  if (!["on", "off", "auto"].includes(brotliOpt)) throw new AppError("VALIDATION_FAILED", `--brotli 只能是 on、off 或 auto（收到：${brotliOpt}）。`);
  let sites: NginxSite[];
  if (opts.fromSitesJson) sites = await sitesFromIndex(config.publishDir);
  else {
    const { openServices } = await import("../runtime.ts");
    const { sites: table } = await import("../db/schema.ts");
    const svc = await openServices(config);
    try {
      sites = await svc.db.select({ code: table.code, domain: table.domain, pathPrefix: table.pathPrefix, status: table.status }).from(table);
    } finally {
      await svc.database.close();
    }
  }
  const host = config.public.host === "0.0.0.0" || config.public.host === "::" ? "127.0.0.1" : config.public.host;
  const text = renderNginxConfig({
    sites,
    publishDir: config.publishDir,
    mediaDir: path.join(config.dataDir, "media"),
    upstream: opts.upstream ?? `${host}:${config.public.port}`,
    listen,
    brotli: brotliOpt === "on" || (brotliOpt === "auto" && brotliAvailable()),
  });
  if (opts.out) {
    const { writeFile, mkdir } = await import("node:fs/promises");
    await mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
    await writeFile(opts.out, text);
    process.stderr.write(`已写入 nginx 配置：${path.resolve(opts.out)}（${sites.filter((s) => s.status !== "closed").length} 个站点）。请用 nginx -t -c ${path.resolve(opts.out)} 检查后重新加载 nginx。\n`);
  } else write(text);
}
