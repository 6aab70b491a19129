/**
 * Fixture websites for the tests: small HTTP servers on loopback addresses (127.0.0.x, random
 * ports) and a page builder that writes government pages with the national metas and footer,
 * so each test only spells out what it breaks.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Milliseconds before answering (to make requests overlap, never to assert on time). */
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
}

export type Route = Reply | string | ((req: http.IncomingMessage, n: number) => Reply | string);

export interface FixtureServer {
  url: string;
  host: string;
  /** Requests received: method, path and headers. */
  log: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
  /** Most requests in progress at once. */
  peak: number;
  close(): Promise<void>;
}

/** Serves `routes` (path → reply) on `address` (a loopback address); unknown paths get 404. */
export async function serve(routes: Record<string, Route>, address = "127.0.0.1"): Promise<FixtureServer> {
  const counts = new Map<string, number>();
  let active = 0;
  const hanging = new Set<http.ServerResponse>();
  const state: FixtureServer = {
    url: "",
    host: "",
    log: [],
    peak: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    state.log.push({ method: req.method ?? "GET", path, headers: req.headers });
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    const route = routes[path];
    const reply: Reply =
      route === undefined
        ? { status: 404, body: "<html><head><title>404</title></head><body>页面不存在</body></html>" }
        : typeof route === "function"
          ? normalise(route(req, n))
          : normalise(route);
    active++;
    state.peak = Math.max(state.peak, active);
    if (reply.hang) {
      hanging.add(res);
      return;
    }
    const send = () => {
      active--;
      const body = reply.body ?? "";
      res.writeHead(reply.status ?? 200, { "content-type": "text/html; charset=utf-8", ...reply.headers });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as AddressInfo).port;
  state.host = `${address}:${port}`;
  state.url = `http://${address}:${port}`;
  return state;
}

function normalise(r: Reply | string): Reply {
  return typeof r === "string" ? { body: r } : r;
}

export interface PageSpec {
  title?: string;
  /** Meta name → content; `null` leaves a default out. */
  metas?: Record<string, string | null>;
  kind?: "home" | "column" | "article" | "other";
  body?: string;
  /** Replaces the whole footer. */
  footer?: string;
  head?: string;
}

export const SITE_ID = "5001070012";

export const GOOD_FOOTER = `<div class="footer">
<p>主办单位：示范县人民政府办公室　联系电话：023-12345678　地址：示范县人民路1号</p>
<p>网站标识码：${SITE_ID}　<a href="https://beian.miit.gov.cn/">渝ICP备12345678号</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=50010702000123">渝公网安备50010702000123号</a></p>
<p><span id="_ideConac"><a href="https://bszs.conac.cn/sitename?method=show&amp;id=1"><img src="/img/dzjg.png" alt="党政机关网站标识"></a></span></p>
</div>`;

export function page(spec: PageSpec = {}): string {
  const kind = spec.kind ?? "other";
  const title = spec.title ?? "示范县人民政府";
  const metas: Record<string, string | null> = {
    SiteName: "示范县人民政府",
    SiteDomain: "www.sfx.gov.cn",
    SiteIDCode: SITE_ID,
    ...(kind === "column"
      ? { ColumnName: title, ColumnDescription: `${title}栏目`, ColumnKeywords: title, ColumnType: "工作动态" }
      : {}),
    ...(kind === "article" ? { ArticleTitle: title, PubDate: "2024-05-20 09:30", ContentSource: "示范县人民政府办公室" } : {}),
    ...spec.metas,
  };
  const metaHtml = Object.entries(metas)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `<meta name="${k}" content="${v}">`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
${metaHtml}
${spec.head ?? ""}
</head><body>
<div class="header"><a href="/">首页</a></div>
<div class="main">${spec.body ?? ""}</div>
${spec.footer ?? GOOD_FOOTER}
</body></html>`;
}

/** What every fixture site serves besides its pages (the image of the footer's seal). */
export const ASSETS: Record<string, Route> = {
  "/img/dzjg.png": { headers: { "content-type": "image/png" }, body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
};

/** A list of dated items, as column pages and the homepage show them. */
export function items(list: Array<[href: string, title: string, date: string]>): string {
  return `<ul class="list">${list.map(([h, t, d]) => `<li><a href="${h}">${t}</a><span>${d}</span></li>`).join("")}</ul>`;
}
