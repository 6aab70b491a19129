/**
 * The benchmark's web servers, in their own process so that they do not share a CPU thread with
 * the crawler being measured: the generated site as static files on 127.0.0.1, and the "other
 * sites" on 127.0.0.2 … (every path answers 200, except under /removed/, which answers 404).
 * Prints {"site": url, "external": [urls]} on one line, then serves until stdin closes.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { serveDir } from "../../packages/monitor/src/testing/static-server.ts";

const [root, hostsArg] = process.argv.slice(2);
if (!root) throw new Error("usage: server.ts SITE_ROOT [EXTERNAL_HOSTS]");
const site = await serveDir(root);
const external: string[] = [];
const servers: http.Server[] = [];
for (let i = 0; i < Number(hostsArg ?? 3); i++) {
  const server = http.createServer((req, res) => {
    const gone = (req.url ?? "").startsWith("/removed/");
    res.writeHead(gone ? 404 : 200, { "content-type": req.url?.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8" });
    res.end(req.method === "HEAD" ? undefined : gone ? "<title>404</title>" : "<html><head><title>外部网站</title></head><body>外部网站</body></html>");
  });
  const address = `127.0.0.${i + 2}`;
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  external.push(`http://${address}:${(server.address() as AddressInfo).port}`);
  servers.push(server);
}
process.stdout.write(`${JSON.stringify({ site: site.url, external })}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await site.close();
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  process.exit(0);
});
