/**
 * Page planning: which files a site consists of, what each shows, and the view data handed to the
 * theme. A plan is pure data; rendering and writing happen elsewhere.
 *
 * Pages are grouped in *collections*, the unit of incremental re-planning:
 *   home            index.html
 *   static          search, 404, 信息公开指南, 办事服务 pages, sitemap-pages.xml
 *   sitemap         sitemap.xml (index of the monthly sitemaps)
 *   col:<id>        list pages of a column (its documents and its descendants')
 *   feed:<id>       <column>/rss.xml
 *   cat             xxgk/index.html (信息公开 hub: 指南, 目录 by category, 年报)
 *   cat:<code>      list pages of one 信息公开目录 category
 *   sm:<yyyymm>     sitemap-<yyyymm>.xml, documents published that month
 *   doc:<id>        the document's page
 *   hd              政民互动 pages under hd/ (interaction.ts), and the portal's 举报假冒政府网站 form
 */
import { createHash } from "node:crypto";
import { HANT_DIR, type ListPage, type Pagination, SiteModel, isLive, paginate, safeId } from "./model.ts";
import { dateOnly, isoShanghai, pubDate, rfc822, shanghaiToday } from "./time.ts";
import type { Column, Document, HomeSlot, ServiceGuide, SiteSnapshot } from "./types.ts";
import { COUNTERFEIT_PATH, hasCounterfeitForm, planInteraction } from "./interaction.ts";

export interface PlanOptions {
  pageSize: number;
  pagination: Pagination;
  /** Clock for the build-time mourning state. */
  now: Date;
}

export type PageFormat = "html" | "xml";

export interface PagePlan {
  /** File path relative to the site root. */
  path: string;
  coll: string;
  format: PageFormat;
  /** Theme template (html) or builtin generator name (xml). */
  template: string;
  /** Builds the view data for the simplified (false) or traditional (true) tree. */
  data(hant: boolean): Record<string, unknown>;
  /**
   * Cheap signature input for list-like pages: every document field the page shows, without
   * building the view. Pages without it are signed over their full view data.
   */
  key?: () => string;
  /**
   * What `key` reads, for pages that have one: `docs` in order and everything else as `frame`.
   * `key()` is a function of `frame` and the fields of `docs` only, so an incremental publish may
   * skip re-signing a page whose frame and document ids are unchanged when none of those documents
   * changed (see `incremental` in publish.ts).
   */
  inputs?: () => { frame: string; docs: readonly Document[] };
}

/** The fields a list item shows (title, time, pin, URL). */
function itemKey(_m: SiteModel, d: Document): string {
  // The URL is a function of these fields and the column tree (covered by the structure hash).
  return `${d.id}\u0001${d.title}\u0001${d.publishedAt}\u0001${d.pin ?? 0}\u0001${d.columnId}\u0001${d.urlPath ?? ""}`;
}

export const PUBLISHER_FORMAT = 4; // bump when output for the same snapshot changes

interface Link {
  name: string;
  url: string;
}

/**
 * Which column fills each homepage block, from the columns in tree order (parents first, siblings
 * by sort): explicit placements first, then column types fill the blocks still empty. Link-out
 * columns never do. Exported for the compliance cockpit, which judges "首页不更新" by these columns.
 */
export function homeSlotsOf<C extends Pick<Column, "externalUrl" | "homeSlot" | "columnType" | "name">>(ordered: readonly C[]): Map<Exclude<HomeSlot, "none">, C> {
  const slots = new Map<Exclude<HomeSlot, "none">, C>();
  for (const c of ordered) {
    if (c.externalUrl || !c.homeSlot || c.homeSlot === "none") continue;
    if (!slots.has(c.homeSlot)) slots.set(c.homeSlot, c);
  }
  for (const c of ordered) {
    if (c.externalUrl || c.homeSlot) continue;
    let slot: Exclude<HomeSlot, "none"> | undefined;
    if (c.columnType === "政策文件") slot = "policy";
    else if (c.columnType === "政策解读") slot = "interpretation";
    else if (c.columnType === "数据发布") slot = "data";
    else if (c.columnType === "工作动态") slot = /通知|公告/.test(c.name) ? "notice" : "news";
    if (slot && !slots.has(slot)) slots.set(slot, c);
  }
  return slots;
}

const SLOT_LIMIT: Record<Exclude<HomeSlot, "none">, number> = {
  news: 7,
  notice: 7,
  policy: 6,
  interpretation: 6,
  data: 6,
};

export function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

/** Only links a citizen can follow safely: http(s), site-relative, mailto and tel. */
export function safeUrl(u: string | undefined): string | undefined {
  if (!u) return undefined;
  const t = u.trim();
  if (/^(https?:\/\/|\/(?!\/)|mailto:|tel:|#)/i.test(t)) return t;
  return undefined;
}

function sizeLabel(bytes: number | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function mourningActive(snapshot: SiteSnapshot, now: Date): boolean {
  const today = shanghaiToday(now);
  return (snapshot.site.mourning ?? []).some((r) => r.from <= today && today <= r.to);
}

export class Planner {
  readonly model: SiteModel;
  readonly opts: PlanOptions;
  private assetUrls: Map<string, string>;
  private hantAssetUrls: Map<string, string>;
  private siteViews: Record<string, Record<string, unknown>> = {};
  private slots?: Map<Exclude<HomeSlot, "none">, Column>;

  /**
   * `hantAssets`: the traditional-script copies of the theme's scripts (asset name → published
   * name), linked from the traditional tree instead of the simplified files (see hant.ts).
   */
  constructor(model: SiteModel, opts: PlanOptions, publishedAssets: Map<string, string>, hantAssets: Map<string, string> = new Map()) {
    this.model = model;
    this.opts = opts;
    this.assetUrls = publishedAssets;
    this.hantAssetUrls = hantAssets;
  }

  get site() {
    return this.model.snapshot.site;
  }

  href(path: string, hant: boolean): string {
    return this.model.href(path, hant);
  }

  asset(name: string, hant = false): string {
    const p = (hant ? this.hantAssetUrls.get(name) : undefined) ?? this.assetUrls.get(name);
    return p ? `${this.model.prefix}assets/${p}` : `${this.model.prefix}assets/${name}`;
  }

  // ---------------------------------------------------------------- collections

  /** Every collection of the site, in a fixed order. */
  allCollections(): string[] {
    const m = this.model;
    const out = ["home", "static", "sitemap", "cat"];
    for (const c of m.catalogue()) out.push(`cat:${c.code}`);
    if (m.snapshot.interaction || hasCounterfeitForm(m.snapshot)) out.push("hd");
    for (const n of m.columns.values()) {
      if (n.column.externalUrl) continue;
      out.push(`col:${n.column.id}`, `feed:${n.column.id}`);
    }
    for (const ym of [...m.monthIndex().keys()].sort()) out.push(`sm:${ym}`);
    for (const d of m.snapshot.documents) out.push(`doc:${d.id}`);
    return out;
  }

  plan(coll: string): PagePlan[] {
    const [kind, arg = ""] = splitColl(coll);
    switch (kind) {
      case "home":
        return [this.home()];
      case "static":
        return this.statics();
      case "sitemap":
        return [this.sitemapIndex()];
      case "cat":
        return arg ? this.catalogueCategory(arg) : this.disclosureHub();
      case "col":
        return this.columnPages(arg);
      case "feed":
        return this.feed(arg);
      case "sm":
        return this.sitemapMonth(arg);
      case "doc":
        return this.docPage(arg);
      case "hd":
        return planInteraction({
          model: this.model,
          href: (p, h) => this.href(p, h),
          asset: (n, h) => this.asset(n, h),
          pageView: (p, h, o) => this.pageView(p, h, o),
          columnMetas: (c) => this.columnMetas(c),
        });
      default:
        throw new Error(`unknown collection ${coll}`);
    }
  }

  // ---------------------------------------------------------------- shared views

  /** Site-wide template globals, one object per tree. */
  siteView(hant: boolean): Record<string, unknown> {
    const key = hant ? "t" : "s";
    const cached = this.siteViews[key];
    if (cached) return cached;
    const s = this.site;
    const m = this.model;
    const nav: Array<Link & { key: string; external: boolean }> = [{ key: "home", name: "首页", url: this.href("index.html", hant), external: false }];
    for (const r of m.roots) {
      if (r.column.inNav === false) continue;
      const ext = safeUrl(r.column.externalUrl);
      nav.push({
        key: r.column.id,
        name: r.column.name,
        url: ext ?? this.href(m.columnPagePath(r.column, "index.html"), hant),
        external: !!ext,
      });
    }
    const view = {
      name: s.name,
      code: s.code,
      kind: s.kind,
      domain: s.domain,
      idCode: s.siteIdCode,
      prefix: m.prefix,
      home: this.href("index.html", hant),
      owner: s.ownerUnitName,
      operator: s.operatorUnitName ?? null,
      contact: {
        phone: s.contact.phone ?? null,
        email: s.contact.email ?? null,
        address: s.contact.address ?? null,
        postcode: s.contact.postcode ?? null,
      },
      icp: s.icp ? { label: s.icp, url: "https://beian.miit.gov.cn/" } : null,
      psb: s.psb
        ? {
            label: s.psb.label,
            url: `http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=${encodeURIComponent(s.psb.recordCode)}`,
            icon: this.asset("img/beian.svg"),
          }
        : null,
      mark: s.partyGovMark
        ? {
            href: safeUrl(s.partyGovMark.href) ?? null,
            image: safeUrl(s.partyGovMark.imageUrl) ?? this.asset("img/dzjg.svg"),
            certNo: s.partyGovMark.certNo ?? null,
          }
        : null,
      errorReportUrl:
        safeUrl(s.errorReportUrl) ??
        `https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=${encodeURIComponent(s.siteIdCode)}`,
      searchUrl: this.href("search/index.html", hant),
      // 举报假冒政府网站: the portal's form (footer and homepage link to it).
      counterfeitUrl: hasCounterfeitForm(m.snapshot) ? this.href(COUNTERFEIT_PATH, hant) : null,
      searchApi: s.searchApi ?? "/api/public/search",
      disclosureUrl: this.href("xxgk/index.html", hant),
      parent: s.parent ? { name: s.parent.name, url: safeUrl(s.parent.url) ?? "/" } : null,
      nav,
      friendLinks: (s.friendLinks ?? []).map((l) => ({ name: l.label, url: safeUrl(l.url) ?? "#" })),
      hasHant: !!s.traditional,
      hant,
      lang: hant ? "zh-Hant" : "zh-CN",
      mourning: {
        active: mourningActive(m.snapshot, this.opts.now),
        ranges: (s.mourning ?? []).map((r) => `${r.from}~${r.to}`).join(","),
      },
      assets: {
        css: this.asset("site.css", hant),
        js: this.asset("site.js", hant),
        prefs: this.asset("prefs.js", hant),
        emblem: this.asset("img/emblem.svg", hant),
        favicon: this.asset("img/favicon.svg", hant),
      },
    };
    this.siteViews[key] = view;
    return view;
  }

  private siteMetas(): Array<{ name: string; content: string }> {
    const s = this.site;
    return [
      { name: "SiteName", content: s.name },
      { name: "SiteDomain", content: s.domain },
      { name: "SiteIDCode", content: s.siteIdCode },
    ];
  }

  private columnMetas(c: { name: string; description?: string; keywords?: string; columnType: string }) {
    return [
      { name: "ColumnName", content: c.name },
      { name: "ColumnDescription", content: c.description || c.name },
      { name: "ColumnKeywords", content: c.keywords || c.name },
      { name: "ColumnType", content: c.columnType },
    ];
  }

  /** Page-level fields common to every HTML page. */
  private pageView(
    path: string,
    hant: boolean,
    o: {
      kind: string;
      title: string;
      heading: string;
      metas: Array<{ name: string; content: string }>;
      navKey?: string;
      crumbs?: Link[];
      banners?: unknown[];
      description?: string;
      keywords?: string;
      noindex?: boolean;
    },
  ) {
    const s = this.site;
    // HTML meta names are case-insensitive: no generic description/keywords beside the norm's tags.
    const has = (n: string) => o.metas.some((m) => m.name.toLowerCase() === n);
    const metas = [...this.siteMetas(), ...o.metas];
    return {
      kind: o.kind,
      path,
      title: o.title,
      heading: o.heading,
      metas,
      // The norm's meta tags, pre-rendered: they are fixed by the national rules, not by themes.
      metaHtml: metas.map((m) => `<meta name="${escapeAttr(m.name)}" content="${escapeAttr(m.content)}">`).join("\n"),
      description: has("description") ? null : (o.description ?? s.description ?? null),
      keywords: has("keywords") ? null : (o.keywords ?? s.keywords ?? null),
      canonical: this.model.absoluteUrl(path),
      navKey: o.navKey ?? null,
      crumbs: [{ name: "首页", url: this.href("index.html", hant) }, ...(o.crumbs ?? [])],
      banners: o.banners ?? [],
      noindex: !!o.noindex,
      alt: s.traditional
        ? hant
          ? { label: "简体", lang: "zh-CN", url: this.href(path, false) }
          : { label: "繁體", lang: "zh-Hant", url: this.href(path, true) }
        : null,
    };
  }

  private item(d: Document, hant: boolean) {
    return {
      title: d.title,
      url: this.href(this.model.docPath(d), hant),
      date: dateOnly(d.publishedAt),
      time: pubDate(d.publishedAt),
      iso: isoShanghai(d.publishedAt),
      pinned: (d.pin ?? 0) > 0,
    };
  }

  private columnCrumbs(c: Column, hant: boolean): Link[] {
    const node = this.model.columns.get(c.id);
    return (node?.trail ?? [c]).map((x) => ({
      name: x.name,
      url: safeUrl(x.externalUrl) ?? this.href(this.model.columnPagePath(x, "index.html"), hant),
    }));
  }

  private archivedBanner(c: Column | undefined) {
    if (!c) return [];
    const node = this.model.columns.get(c.id);
    const archived = node?.trail.slice().reverse().find((x) => x.archived);
    if (!archived) return [];
    return [
      {
        kind: "archived",
        label: "已归档",
        text: archived.archivedAt
          ? `本栏目已于 ${pubDate(archived.archivedAt)} 归档，内容不再更新，仅供查阅。`
          : "本栏目已归档，内容不再更新，仅供查阅。",
        time: archived.archivedAt ? pubDate(archived.archivedAt) : null,
        html: null,
        link: null,
      },
    ];
  }

  private pager(p: ListPage<unknown>, dir: string, hant: boolean, items: Array<{ date: string }>) {
    const u = (f: string | undefined) => (f ? this.href(`${dir}/${f}`, hant) : null);
    const base = {
      first: p.file === p.first ? null : u(p.first),
      prev: u(p.prev),
      next: u(p.next),
      last: p.file === p.last ? null : u(p.last),
      single: !p.prev && !p.next,
    };
    if (this.opts.pagination === "classic") {
      const pages: Array<{ n: number; url: string; current: boolean }> = [];
      const from = Math.max(1, p.number - 4);
      const to = Math.min(p.total, from + 8);
      for (let n = from; n <= to; n++) {
        pages.push({ n, url: u(n === 1 ? "index.html" : `index_${n - 1}.html`)!, current: n === p.number });
      }
      return { ...base, mode: "classic", number: p.number, total: p.total, pages, range: null };
    }
    // Stable pages never show counts that change when new items arrive; they show their date span.
    const range = items.length ? { from: items[items.length - 1]!.date, to: items[0]!.date } : null;
    return { ...base, mode: "stable", number: null, total: null, pages: [], range };
  }

  /** What the pager shows: stable pages never show their number or the page count. */
  private pagerKey(p: ListPage<unknown>): unknown[] {
    const links = [p.file, p.prev, p.next, p.first, p.last];
    return this.opts.pagination === "classic" ? [...links, p.number, p.total] : links;
  }

  // ---------------------------------------------------------------- home

  homeSlots(): Map<Exclude<HomeSlot, "none">, Column> {
    if (this.slots) return this.slots;
    const ordered: Column[] = [];
    const visit = (nodes: typeof this.model.roots) => {
      for (const n of nodes) {
        ordered.push(n.column);
        visit(n.children);
      }
    };
    visit(this.model.roots);
    this.slots = homeSlotsOf(ordered);
    return this.slots;
  }

  /** Columns whose newest items appear on the homepage. */
  homeColumnIds(): string[] {
    return [...this.homeSlots().values()].map((c) => c.id);
  }

  private home(): PagePlan {
    const path = "index.html";
    return {
      path,
      coll: "home",
      format: "html",
      template: "home",
      data: (hant) => {
        const s = this.site;
        const blocks: Record<string, unknown> = {};
        for (const [slot, c] of this.homeSlots()) {
          const docs = this.model.top(c.id, SLOT_LIMIT[slot]);
          const items = docs.map((d) => this.item(d, hant));
          let feature = null;
          if (slot === "news") {
            const withImage = docs.find((d) => d.images?.some((i) => safeUrl(i.url)));
            const img = withImage?.images?.find((i) => safeUrl(i.url));
            if (withImage && img) feature = { ...this.item(withImage, hant), image: { url: safeUrl(img.url), alt: img.alt } };
          }
          blocks[slot] = {
            name: c.name,
            url: this.href(this.model.columnPagePath(c, "index.html"), hant),
            items,
            feature,
          };
        }
        const services = (this.model.snapshot.services ?? [])
          .slice()
          .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : a.id < b.id ? -1 : 1))
          .slice(0, 8)
          .map((g) => ({ name: g.name, url: this.href(`bsfw/${safeId(g.id)}.html`, hant) }));
        return {
          page: this.pageView(path, hant, {
            kind: "home",
            title: s.name,
            heading: s.name,
            navKey: "home",
            metas: [...this.columnMetas({ name: "首页", description: s.description, keywords: s.keywords, columnType: "首页" })],
          }),
          blocks,
          services: {
            items: services,
            moreUrl: services.length ? this.href("bsfw/index.html", hant) : null,
            hall: s.serviceHall ? { name: s.serviceHall.label, url: safeUrl(s.serviceHall.url) ?? "#" } : null,
          },
          interaction: (s.interaction ?? []).map((l) => ({ name: l.label, url: safeUrl(l.url) ?? "#" })),
          disclosure: {
            url: this.href("xxgk/index.html", hant),
            guideUrl: this.model.snapshot.disclosureGuideHtml ? this.href("xxgk/zn/index.html", hant) : null,
            applyUrl: safeUrl(s.disclosureApplyUrl) ?? null,
          },
        };
      },
    };
  }

  // ---------------------------------------------------------------- columns

  private columnPages(id: string): PagePlan[] {
    const node = this.model.columns.get(id);
    if (!node || node.column.externalUrl) return [];
    const c = node.column;
    const docs = this.model.listing(id);
    const pages = paginate(docs, this.opts.pageSize, this.opts.pagination);
    const top = node.trail[0]!;
    return pages.map((p) => {
      const path = this.model.columnPagePath(c, p.file);
      return {
        path,
        coll: `col:${id}`,
        format: "html" as const,
        template: "column",
        key: () => [...this.pagerKey(p), ...p.items.map((d) => itemKey(this.model, d))].join("\u0002"),
        inputs: () => ({ frame: this.pagerKey(p).join("\u0002"), docs: p.items }),
        data: (hant: boolean) => {
          const items = p.items.map((d) => this.item(d, hant));
          const parent = c.parentId ? this.model.columns.get(c.parentId) : undefined;
          const siblingsOf = parent ? parent.children : node.children.length ? node.children : [];
          const side = (parent ? parent : node).column;
          return {
            page: this.pageView(path, hant, {
              kind: "column",
              title: `${c.name}_${this.site.name}`,
              heading: c.name,
              metas: this.columnMetas(c),
              navKey: top.id,
              crumbs: this.columnCrumbs(c, hant),
              banners: this.archivedBanner(c),
              description: c.description,
              keywords: c.keywords,
            }),
            column: {
              id: c.id,
              name: c.name,
              type: c.columnType,
              description: c.description ?? null,
              url: this.href(this.model.columnPagePath(c, "index.html"), hant),
              rss: this.href(this.model.columnPagePath(c, "rss.xml"), false),
              archived: !!c.archived,
            },
            side: {
              name: side.name,
              url: this.href(this.model.columnPagePath(side, "index.html"), hant),
              items: siblingsOf.map((n) => ({
                name: n.column.name,
                url: safeUrl(n.column.externalUrl) ?? this.href(this.model.columnPagePath(n.column, "index.html"), hant),
                current: n.column.id === c.id,
              })),
            },
            items,
            pager: this.pager(p, c.slugPath, hant, items),
          };
        },
      };
    });
  }

  private feed(id: string): PagePlan[] {
    const node = this.model.columns.get(id);
    if (!node || node.column.externalUrl) return [];
    const c = node.column;
    const path = this.model.columnPagePath(c, "rss.xml");
    return [
      {
        path,
        coll: `feed:${id}`,
        format: "xml",
        template: "rss",
        key: () =>
          this.model
            .top(id, 20)
            .map((d) => `${itemKey(this.model, d)}\u0001${d.summary ?? ""}\u0001${d.source}`)
            .join("\u0002"),
        inputs: () => ({ frame: "", docs: this.model.top(id, 20) }),
        data: () => {
          const docs = this.model.top(id, 20);
          const items = docs.map((d) => ({
            title: d.title,
            link: this.model.absoluteUrl(this.model.docPath(d)),
            date: rfc822(d.publishedAt),
            description: d.summary ?? "",
            source: d.source,
          }));
          const newest = docs.reduce<string | undefined>(
            (acc, d) => (!acc || Date.parse(d.publishedAt) > Date.parse(acc) ? d.publishedAt : acc),
            undefined,
          );
          return {
            title: `${c.name} - ${this.site.name}`,
            link: this.model.absoluteUrl(this.model.columnPagePath(c, "index.html")),
            self: this.model.absoluteUrl(path),
            description: c.description || c.name,
            lastBuildDate: newest ? rfc822(newest) : null,
            items,
          };
        },
      },
    ];
  }

  // ---------------------------------------------------------------- documents

  private docPage(id: string): PagePlan[] {
    const d = this.model.docs.get(id);
    if (!d) return [];
    const path = this.model.docPath(d);
    const col = this.model.columns.get(d.columnId)?.column;
    return [
      {
        path,
        coll: `doc:${id}`,
        format: "html",
        template: d.redirectTo ? "redirect" : "article",
        data: (hant) => this.articleData(d, col, path, hant),
      },
    ];
  }

  private articleData(d: Document, col: Column | undefined, path: string, hant: boolean) {
    const m = this.model;
    const banners: unknown[] = [...this.archivedBanner(col)];
    if (d.withdrawn) {
      banners.unshift({
        kind: "withdrawn",
        label: "已撤回",
        text: `本信息已于 ${pubDate(d.withdrawn.at)} 撤回。撤回原因：${d.withdrawn.reason}`,
        time: pubDate(d.withdrawn.at),
        html: d.withdrawn.noticeHtml ?? null,
        link: null,
      });
    }
    const dm = d.disclosure;
    if (dm?.validity && dm.validity !== "有效") {
      const rep = dm.replacedById ? m.docs.get(dm.replacedById) : undefined;
      const link = rep && isLive(rep) ? { title: rep.title, url: this.href(m.docPath(rep), hant) } : null;
      const when = dm.validityDate ? `于 ${dm.validityDate} ` : "";
      const text =
        dm.validity === "废止"
          ? `本文件已${when}废止。`
          : dm.validity === "失效"
            ? `本文件已${when}失效。`
            : `本文件已${when}修改，请以修改后的文件为准。`;
      banners.unshift({
        kind: dm.validity === "已修改" ? "amended" : dm.validity === "废止" ? "repealed" : "expired",
        label: dm.validity,
        text,
        time: dm.validityDate ?? null,
        html: null,
        link: link ? { ...link, label: dm.validity === "已修改" ? "修改后的文件" : "现行文件" } : null,
      });
    }
    const node = col ? m.columns.get(col.id) : undefined;
    const top = node?.trail[0];
    const partners = m.partners(d).map((p) => {
      const pc = m.columns.get(p.columnId)?.column;
      return {
        title: p.title,
        url: this.href(m.docPath(p), hant),
        label: pc?.columnType === "政策解读" ? "政策解读" : "政策原文",
        date: dateOnly(p.publishedAt),
      };
    });
    const disclosure = dm
      ? [
          { label: "索引号", value: dm.indexNo },
          { label: "发布机构", value: dm.issuer },
          { label: "成文日期", value: dm.writtenDate ?? "" },
          { label: "发布日期", value: dateOnly(d.publishedAt) },
          { label: "文号", value: dm.docNo ?? "" },
          { label: "主题分类", value: dm.topic ?? "" },
          { label: "体裁", value: dm.genre ?? "" },
          { label: "有效性", value: dm.validity ?? "" },
        ].filter((r) => r.value)
      : [];
    const images = (d.images ?? [])
      .filter((i) => safeUrl(i.url) && !d.bodyHtml.includes(i.url))
      .map((i) => ({ url: safeUrl(i.url), alt: i.alt, caption: i.caption ?? null }));
    const firstImage = (d.images ?? []).find((i) => safeUrl(i.url));
    const metas = [
      ...(col ? this.columnMetas(col) : []),
      { name: "ArticleTitle", content: d.title },
      { name: "PubDate", content: pubDate(d.publishedAt) },
      { name: "ContentSource", content: d.source },
    ];
    if (d.keywords) metas.push({ name: "Keywords", content: d.keywords });
    if (d.author) metas.push({ name: "Author", content: d.author });
    if (d.summary) metas.push({ name: "Description", content: d.summary });
    if (firstImage) metas.push({ name: "Image", content: firstImage.url });
    metas.push({ name: "Url", content: m.absoluteUrl(path) });
    return {
      page: this.pageView(path, hant, {
        kind: d.redirectTo ? "redirect" : "article",
        title: `${d.title}_${this.site.name}`,
        heading: d.title,
        metas,
        navKey: top?.id,
        crumbs: col ? this.columnCrumbs(col, hant) : [],
        banners,
        description: d.summary,
        keywords: d.keywords,
        noindex: !!d.withdrawn || !!d.redirectTo,
      }),
      doc: {
        id: d.id,
        title: d.title,
        subtitle: d.subtitle ?? null,
        summary: d.summary ?? null,
        time: pubDate(d.publishedAt),
        iso: isoShanghai(d.publishedAt),
        source: d.source,
        sourceUrl: safeUrl(d.sourceUrl) ?? null,
        author: d.author ?? null,
        body: d.withdrawn ? null : d.bodyHtml,
        withdrawn: !!d.withdrawn,
        attachments: d.withdrawn
          ? []
          : (d.attachments ?? []).map((a) => ({
              name: a.name,
              url: safeUrl(a.url) ?? "#",
              size: sizeLabel(a.size) ?? null,
              type: (a.type ?? a.url.split(".").pop() ?? "").toUpperCase().slice(0, 8),
            })),
        images: d.withdrawn ? [] : images,
        disclosure,
        partners: d.withdrawn ? [] : partners,
        redirect: d.redirectTo ? safeUrl(d.redirectTo) ?? null : null,
      },
      column: col ? { name: col.name, url: this.href(m.columnPagePath(col, "index.html"), hant) } : null,
    };
  }

  // ---------------------------------------------------------------- disclosure

  private disclosureHub(): PagePlan[] {
    const path = "xxgk/index.html";
    return [
      {
        path,
        coll: "cat",
        format: "html",
        template: "disclosure",
        data: (hant) => {
          const m = this.model;
          const categories = m.catalogue().map((c) => {
            const docs = m.catalogueListing(c.code);
            return {
              name: c.name,
              description: c.description ?? null,
              url: this.href(`xxgk/ml/${c.slug}/index.html`, hant),
              count: docs.length,
              items: docs.slice(0, 5).map((d) => this.item(d, hant)),
            };
          });
          const reports = [...m.columns.values()]
            .filter((n) => n.column.columnType === "信息公开年报" && !n.column.externalUrl)
            .map((n) => ({
              name: n.column.name,
              url: this.href(m.columnPagePath(n.column, "index.html"), hant),
              items: m.top(n.column.id, 5).map((d) => this.item(d, hant)),
            }));
          const s = this.site;
          return {
            page: this.pageView(path, hant, {
              kind: "disclosure",
              title: `政府信息公开_${s.name}`,
              heading: "政府信息公开",
              metas: this.columnMetas({
                name: "政府信息公开",
                description: `${s.name}政府信息公开指南、目录和年报`,
                keywords: "政府信息公开,信息公开指南,信息公开目录,信息公开年报",
                columnType: "信息公开目录",
              }),
              navKey: "xxgk",
              crumbs: [{ name: "政府信息公开", url: this.href(path, hant) }],
            }),
            guideUrl: m.snapshot.disclosureGuideHtml ? this.href("xxgk/zn/index.html", hant) : null,
            applyUrl: safeUrl(s.disclosureApplyUrl) ?? null,
            categories,
            reports,
          };
        },
      },
    ];
  }

  private catalogueCategory(code: string): PagePlan[] {
    const cat = this.model.catalogue().find((c) => c.code === code);
    if (!cat) return [];
    const docs = this.model.catalogueListing(code);
    const dir = `xxgk/ml/${cat.slug}`;
    return paginate(docs, this.opts.pageSize, this.opts.pagination).map((p) => {
      const path = `${dir}/${p.file}`;
      return {
        path,
        coll: `cat:${code}`,
        format: "html" as const,
        template: "catalogue",
        key: () =>
          [
            ...this.pagerKey(p),
            ...p.items.map((d) => {
              const x = d.disclosure;
              return `${itemKey(this.model, d)}\u0001${x?.indexNo}\u0001${x?.docNo}\u0001${x?.writtenDate}\u0001${x?.validity}`;
            }),
          ].join("\u0002"),
        inputs: () => ({ frame: this.pagerKey(p).join("\u0002"), docs: p.items }),
        data: (hant: boolean) => {
          const rows = p.items.map((d) => ({
            ...this.item(d, hant),
            indexNo: d.disclosure?.indexNo ?? "",
            docNo: d.disclosure?.docNo ?? null,
            writtenDate: d.disclosure?.writtenDate ?? null,
            validity: d.disclosure?.validity ?? null,
          }));
          return {
            page: this.pageView(path, hant, {
              kind: "catalogue",
              title: `${cat.name}_政府信息公开目录_${this.site.name}`,
              heading: cat.name,
              metas: this.columnMetas({
                name: cat.name,
                description: cat.description || `政府信息公开目录：${cat.name}`,
                keywords: cat.name,
                columnType: "信息公开目录",
              }),
              navKey: "xxgk",
              crumbs: [
                { name: "政府信息公开", url: this.href("xxgk/index.html", hant) },
                { name: cat.name, url: this.href(`${dir}/index.html`, hant) },
              ],
            }),
            category: { name: cat.name, description: cat.description ?? null },
            categories: this.model.catalogue().map((c) => ({
              name: c.name,
              url: this.href(`xxgk/ml/${c.slug}/index.html`, hant),
              current: c.code === code,
            })),
            rows,
            pager: this.pager(p, dir, hant, rows),
          };
        },
      };
    });
  }

  // ---------------------------------------------------------------- static pages

  private statics(): PagePlan[] {
    const s = this.site;
    const m = this.model;
    const plans: PagePlan[] = [];
    plans.push({
      path: "search/index.html",
      coll: "static",
      format: "html",
      template: "search",
      data: (hant) => ({
        page: this.pageView("search/index.html", hant, {
          kind: "search",
          title: `站内搜索_${s.name}`,
          heading: "站内搜索",
          metas: [],
          crumbs: [{ name: "站内搜索", url: this.href("search/index.html", hant) }],
          noindex: true,
        }),
        search: {
          api: s.searchApi ?? "/api/public/search",
          site: s.code,
          columns: [...m.columns.values()]
            .filter((n) => !n.column.externalUrl && n.depth === 0)
            .map((n) => ({ id: n.column.id, name: n.column.name })),
        },
      }),
    });
    plans.push({
      path: "404.html",
      coll: "static",
      format: "html",
      template: "404",
      data: (hant) => ({
        page: this.pageView("404.html", hant, {
          kind: "404",
          title: `页面未找到_${s.name}`,
          heading: "页面未找到",
          metas: [],
          noindex: true,
        }),
      }),
    });
    if (m.snapshot.disclosureGuideHtml) {
      const path = "xxgk/zn/index.html";
      plans.push({
        path,
        coll: "static",
        format: "html",
        template: "guide",
        data: (hant) => ({
          page: this.pageView(path, hant, {
            kind: "guide",
            title: `政府信息公开指南_${s.name}`,
            heading: "政府信息公开指南",
            metas: this.columnMetas({
              name: "政府信息公开指南",
              description: `${s.name}政府信息公开指南`,
              keywords: "政府信息公开指南",
              columnType: "信息公开指南",
            }),
            navKey: "xxgk",
            crumbs: [
              { name: "政府信息公开", url: this.href("xxgk/index.html", hant) },
              { name: "政府信息公开指南", url: this.href(path, hant) },
            ],
          }),
          guide: { html: m.snapshot.disclosureGuideHtml },
        }),
      });
    }
    const services = (m.snapshot.services ?? []).slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (services.length) {
      const serviceMetas = this.columnMetas({
        name: "办事服务",
        description: `${s.name}政务服务事项办事指南`,
        keywords: "办事服务,办事指南",
        columnType: "办事服务",
      });
      plans.push({
        path: "bsfw/index.html",
        coll: "static",
        format: "html",
        template: "services",
        data: (hant) => {
          const groups = new Map<string, ServiceGuide[]>();
          for (const g of services) {
            let a = groups.get(g.group);
            if (!a) groups.set(g.group, (a = []));
            a.push(g);
          }
          return {
            page: this.pageView("bsfw/index.html", hant, {
              kind: "services",
              title: `办事服务_${s.name}`,
              heading: "办事服务",
              metas: serviceMetas,
              navKey: "bsfw",
              crumbs: [{ name: "办事服务", url: this.href("bsfw/index.html", hant) }],
            }),
            hall: s.serviceHall ? { name: s.serviceHall.label, url: safeUrl(s.serviceHall.url) ?? "#" } : null,
            groups: [...groups.keys()].sort().map((k) => ({
              name: k,
              items: groups.get(k)!.map((g) => ({
                name: g.name,
                url: this.href(`bsfw/${safeId(g.id)}.html`, hant),
                agency: g.agency ?? null,
                date: dateOnly(g.updatedAt),
                iso: isoShanghai(g.updatedAt),
              })),
            })),
          };
        },
      });
      for (const g of services) {
        const path = `bsfw/${safeId(g.id)}.html`;
        plans.push({
          path,
          coll: "static",
          format: "html",
          template: "service",
          data: (hant) => ({
            page: this.pageView(path, hant, {
              kind: "service",
              title: `${g.name}_办事指南_${s.name}`,
              heading: g.name,
              metas: serviceMetas,
              navKey: "bsfw",
              crumbs: [
                { name: "办事服务", url: this.href("bsfw/index.html", hant) },
                { name: g.name, url: this.href(path, hant) },
              ],
            }),
            service: {
              name: g.name,
              group: g.group,
              time: pubDate(g.updatedAt),
              iso: isoShanghai(g.updatedAt),
              onlineUrl: safeUrl(g.onlineUrl) ?? null,
              elements: [
                { label: "事项名称", value: g.name },
                { label: "设定依据", value: g.basis ?? "" },
                { label: "申请条件", value: g.conditions ?? "" },
                { label: "办理材料", value: "", list: g.materials ?? [] },
                { label: "办理地点", value: g.location ?? "" },
                { label: "办理机构", value: g.agency ?? "" },
                { label: "收费标准", value: g.fees ?? "" },
                { label: "办理时间", value: g.hours ?? "" },
                { label: "联系电话", value: g.phone ?? "" },
                { label: "办理流程", value: g.process ?? "" },
              ],
            },
          }),
        });
      }
    }
    plans.push({
      path: "sitemap-pages.xml",
      coll: "static",
      format: "xml",
      template: "urlset",
      data: () => {
        const urls = ["index.html", "xxgk/index.html"];
        if (m.snapshot.disclosureGuideHtml) urls.push("xxgk/zn/index.html");
        for (const c of m.catalogue()) urls.push(`xxgk/ml/${c.slug}/index.html`);
        for (const n of m.columns.values()) if (!n.column.externalUrl) urls.push(m.columnPagePath(n.column, "index.html"));
        if (services.length) urls.push("bsfw/index.html", ...services.map((g) => `bsfw/${safeId(g.id)}.html`));
        return { urls: urls.map((u) => ({ loc: m.absoluteUrl(u), lastmod: null })) };
      },
    });
    return plans;
  }

  // ---------------------------------------------------------------- sitemaps

  private sitemapIndex(): PagePlan {
    return {
      path: "sitemap.xml",
      coll: "sitemap",
      format: "xml",
      template: "sitemapindex",
      data: () => {
        const months = this.model.monthIndex().keys();
        return {
          maps: ["sitemap-pages.xml", ...[...months].sort().reverse().map((ym) => `sitemap-${ym}.xml`)].map((p) =>
            this.model.absoluteUrl(p),
          ),
        };
      },
    };
  }

  private sitemapMonth(ym: string): PagePlan[] {
    const m = this.model;
    const docs = m.monthIndex().get(ym) ?? [];
    if (!docs.length) return [];
    return [
      {
        path: `sitemap-${ym}.xml`,
        coll: `sm:${ym}`,
        format: "xml",
        template: "urlset",
        // The URL is a function of these fields and the column tree (covered by the structure hash).
        key: () =>
          docs
            .map((d) => `${d.id}\u0001${d.columnId}\u0001${d.urlPath ?? ""}\u0001${d.publishedAt}\u0001${d.updatedAt ?? ""}`)
            .sort()
            .join("\u0002"),
        inputs: () => ({ frame: "", docs }),
        data: () => ({
          urls: docs
            .map((d) => ({ loc: m.absoluteUrl(m.docPath(d)), lastmod: isoShanghai(d.updatedAt ?? d.publishedAt) }))
            .sort((a, b) => (a.loc < b.loc ? -1 : a.loc > b.loc ? 1 : 0)),
        }),
      },
    ];
  }
}

export function splitColl(coll: string): [string, string] {
  const i = coll.indexOf(":");
  return i < 0 ? [coll, ""] : [coll.slice(0, i), coll.slice(i + 1)];
}

/**
 * Signature of a page's inputs: equal signatures render equal bytes (within one structure hash).
 * List-like pages sign the document fields they show (cheap: no view is built, so re-planning a
 * column of 20,000 documents costs milliseconds); other pages sign their whole view data.
 */
export function signature(plan: PagePlan, data?: Record<string, unknown>): string {
  const h = createHash("sha1").update(plan.template).update("\0").update(plan.path).update("\0");
  if (plan.key) h.update("k").update(plan.key());
  else h.update("d").update(JSON.stringify(data ?? plan.data(false)));
  return h.digest("base64url").slice(0, 20);
}

export { HANT_DIR };
