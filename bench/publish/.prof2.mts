import { SiteModel } from "../../packages/publisher/src/model.ts";
import { Planner } from "../../packages/publisher/src/pages.ts";
import { Renderer } from "../../packages/publisher/src/render.ts";
import { createEngine, loadTheme } from "../../packages/publisher/src/theme.ts";
import { fixtureSnapshot } from "../../packages/publisher/src/testing/fixture.ts";
const snap = fixtureSnapshot({ traditional: false });
const theme = loadTheme("/work/main/themes", "default");
const engine = createEngine(theme, {});
const model = new SiteModel(snap);
const planner = new Planner(model, { pageSize: 20, pagination: "stable", now: new Date() }, new Map());
const renderer = new Renderer(planner, engine);
const plans = planner.allCollections().flatMap((c) => planner.plan(c));
for (let round = 0; round < 3; round++) {
  let t = performance.now(); let n = 0;
  for (const p of plans) { const d = p.data(false); n += renderer.render(p, d).length; }
  const dt = performance.now() - t;
  console.log('render', plans.length, 'plans', dt.toFixed(1), 'ms', (dt / plans.length).toFixed(3), 'ms/page');
}
const by = new Map<string, [number, number]>();
for (let round = 0; round < 5; round++) for (const p of plans) { const d = p.data(false); const t = performance.now(); renderer.render(p, d); const e = by.get(p.template) ?? [0, 0]; e[0] += performance.now() - t; e[1]++; by.set(p.template, e); }
for (const [k, [t, n]] of by) console.log(k, (t / n).toFixed(3), 'ms', n);
let t = performance.now(); for (let i = 0; i < 1000; i++) engine.render('404', { page: plans.find(p => p.template === '404')!.data(false).page }, { site: planner.siteView(false) }); console.log('404 x1000', performance.now() - t);
