// "OpenAPI documents every endpoint": every route the admin app answers under /api (except the
// documentation's own pages) is in the generated OpenAPI document, with a summary and a success
// response, and the document lists nothing the app does not answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

/** A path with its parameters unnamed: routes may name the same position differently (:id, :siteId). */
const shape = (p: string) => p.replace(/\{[^/]*\}/g, "{}");

/** The app's routes from Fastify's route tree (`printRoutes`), as "METHOD /path/{}". */
function registeredRoutes(tree: string): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split("\n")) {
    const m = /^([│ ]*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const full = (stack[depth - 1] ?? "") + m[2]!;
    stack[depth] = full;
    for (const method of (m[3] ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
      if (method === "HEAD") continue; // Fastify adds HEAD to every GET
      out.add(`${method} ${shape(full.replace(/:(\w+)/g, "{$1}"))}`);
    }
  }
  return out;
}

describe("OpenAPI document", () => {
  it("documents every API endpoint, each with a summary and a success response", async () => {
    const spec = (await h.app.inject({ method: "GET", url: "/api/docs/json" })).json() as { paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown> }>> };
    const documented = new Set<string>();
    for (const [p, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        documented.add(`${method.toUpperCase()} ${shape(p)}`);
        expect(op.summary, `${method} ${p} has no summary`).toBeTruthy();
        expect(Object.keys(op.responses ?? {}).some((k) => k.startsWith("2")), `${method} ${p} has no success response`).toBe(true);
      }
    }
    const routes = [...registeredRoutes(h.app.printRoutes({ commonPrefix: false }))].filter((r) => r.split(" ")[1]!.startsWith("/api/") && !r.split(" ")[1]!.startsWith("/api/docs"));
    expect(routes.length).toBeGreaterThan(150);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !routes.includes(r))).toEqual([]);
  });
});
