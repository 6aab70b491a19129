/**
 * Turns page plans into file contents: HTML through the theme, feeds and sitemaps through small
 * built-in generators (their format is fixed by the RSS and sitemap protocols, not by the theme).
 */
import { htmlToTraditional } from "./hant.ts";
import { HANT_DIR } from "./model.ts";
import type { PagePlan, Planner } from "./pages.ts";
import type { ThemeEngine } from "./theme.ts";

export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) =>
    c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === '"' ? "&quot;" : "&apos;",
  );
}

// Characters XML 1.0 forbids even when escaped.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const x = (s: unknown) => xmlEscape(String(s ?? "").replace(XML_INVALID, ""));

interface RssData {
  title: string;
  link: string;
  self: string;
  description: string;
  lastBuildDate: string | null;
  items: Array<{ title: string; link: string; date: string; description: string; source: string }>;
}

function rss(d: RssData): string {
  const items = d.items
    .map(
      (i) =>
        `<item><title>${x(i.title)}</title><link>${x(i.link)}</link><guid isPermaLink="true">${x(i.link)}</guid>` +
        `<pubDate>${x(i.date)}</pubDate>${i.description ? `<description>${x(i.description)}</description>` : ""}` +
        `<author>${x(i.source)}</author></item>`,
    )
    .join("\n");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>\n` +
    `<title>${x(d.title)}</title><link>${x(d.link)}</link><description>${x(d.description)}</description>` +
    `<language>zh-cn</language><atom:link href="${x(d.self)}" rel="self" type="application/rss+xml"/>` +
    (d.lastBuildDate ? `<lastBuildDate>${x(d.lastBuildDate)}</lastBuildDate>` : "") +
    `\n${items}\n</channel></rss>\n`
  );
}

function urlset(d: { urls: Array<{ loc: string; lastmod: string | null }> }): string {
  const body = d.urls
    .map((u) => `<url><loc>${x(u.loc)}</loc>${u.lastmod ? `<lastmod>${x(u.lastmod)}</lastmod>` : ""}</url>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}

function sitemapIndex(d: { maps: string[] }): string {
  const body = d.maps.map((m) => `<sitemap><loc>${x(m)}</loc></sitemap>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</sitemapindex>\n`;
}

export interface RenderedFile {
  path: string;
  content: string;
}

export class Renderer {
  constructor(
    private readonly planner: Planner,
    private readonly engine: ThemeEngine,
  ) {}

  /** Renders a plan into one file, or two when the site has a traditional-script tree. */
  render(plan: PagePlan, simplifiedData?: Record<string, unknown>): RenderedFile[] {
    const data = simplifiedData ?? plan.data(false);
    if (plan.format === "xml") {
      const content =
        plan.template === "rss"
          ? rss(data as unknown as RssData)
          : plan.template === "urlset"
            ? urlset(data as never)
            : sitemapIndex(data as never);
      return [{ path: plan.path, content }];
    }
    const out: RenderedFile[] = [{ path: plan.path, content: this.html(plan, data, false) }];
    if (this.planner.site.traditional) {
      out.push({ path: `${HANT_DIR}/${plan.path}`, content: htmlToTraditional(this.html(plan, plan.data(true), true)) });
    }
    return out;
  }

  private html(plan: PagePlan, data: Record<string, unknown>, hant: boolean): string {
    return this.engine.render(plan.template, data, { site: this.planner.siteView(hant) });
  }
}
