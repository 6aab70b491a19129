import { Liquid } from "liquidjs";
const templates = {
  "a.liquid": "{% for m in metas %}<meta name=\"{{ m.name }}\" content=\"{{ m.content }}\">{% endfor %}",
  "b.liquid": "{% layout 'c' %}{% block content %}hi{% endblock %}",
  "c.liquid": "<html>{% block content %}{% endblock %}</html>",
  "d.liquid": "{% include 'c' %}",
};
for (const opts of [{}, { outputEscape: "escape" as const }, { cache: true }, { cache: true, outputEscape: "escape" as const }]) {
  const l = new Liquid({ templates, extname: ".liquid", ...opts });
  const metas = Array.from({ length: 10 }, (_, i) => ({ name: "N" + i, content: "内容" + i }));
  for (const f of ["a", "b", "d"]) {
    const tpl = l.parse(templates[`${f}.liquid` as keyof typeof templates]);
    let t = performance.now(); for (let i = 0; i < 2000; i++) l.renderSync(tpl, { metas });
    console.log(JSON.stringify(opts), f, ((performance.now() - t) / 2000 * 1000).toFixed(1), 'µs');
  }
}
