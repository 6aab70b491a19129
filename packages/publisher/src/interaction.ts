/**
 * 政民互动 pages (collection `hd`), everything under `<prefix>hd/`:
 *   hd/index.html              the hub: channels, the FAQ question box, query and published letters
 *   hd/<slug>/index.html       one page per open channel: the letter form (领导信箱, 咨询, 投诉, 建议,
 *                              我为政府网站找错), the 依申请公开 application, or the 意见征集 /
 *                              问卷调查 / 在线访谈 page (read from the public API in the browser)
 *   hd/cx.html                 查询: case number and 查询码 → status, reply and history
 *   hd/lyxd.html, lyxd_<n>.html 留言选登: published letters with 受理日期, 答复日期, 答复部门, 答复内容,
 *                              and the year's statistics
 *   hd/jmwz.html               举报假冒政府网站 (POST <api>/counterfeit-reports): on every portal,
 *                              with or without open channels — the county's one place where the
 *                              public reports sites that impersonate its government (see
 *                              hasCounterfeitForm)
 * Forms post to the public API with the small script `hd.js`; the proof-of-work runs in
 * `pow-worker.js`. Published letters and statistics come from the snapshot (publish-time), so the
 * list is correct without JavaScript and costs nothing to serve.
 */
import { paginate, type SiteModel } from "./model.ts";
import type { PagePlan } from "./pages.ts";
import type { InteractionChannel, PublishedLetter, SiteSnapshot } from "./types.ts";

interface Link {
  name: string;
  url: string;
}

/** What the interaction pages need from the planner. */
export interface InteractionContext {
  model: SiteModel;
  href(path: string, hant: boolean): string;
  /** An asset's URL; `hant`: the traditional-script copy of a script when there is one. */
  asset(name: string, hant: boolean): string;
  pageView(
    path: string,
    hant: boolean,
    o: { kind: string; title: string; heading: string; metas: Array<{ name: string; content: string }>; navKey?: string; crumbs?: Link[]; description?: string; keywords?: string; noindex?: boolean },
  ): Record<string, unknown>;
  columnMetas(c: { name: string; description?: string; keywords?: string; columnType: string }): Array<{ name: string; content: string }>;
}

/** The 举报假冒政府网站 page. A flat file under hd/, so no channel slug (a directory) can take it. */
export const COUNTERFEIT_PATH = "hd/jmwz.html";

/**
 * Whether the site carries the 举报假冒政府网站 form: every portal does. Reports go to the whole
 * platform's duty officers whichever site they come from, so one form on the portal serves the
 * county; sub-sites and topic sites do not repeat it.
 */
export function hasCounterfeitForm(snapshot: SiteSnapshot): boolean {
  return snapshot.site.kind === "portal";
}

export const LETTER_CHANNEL_KINDS = new Set(["mailbox", "consultation", "complaint", "suggestion", "error_report"]);
const LIST_PAGE_SIZE = 10;

const COLUMN_TYPE: Record<InteractionChannel["kind"], string> = {
  mailbox: "咨询投诉",
  consultation: "咨询投诉",
  complaint: "咨询投诉",
  suggestion: "咨询投诉",
  error_report: "咨询投诉",
  disclosure: "依法申请公开",
  solicitation: "征集调查",
  survey: "征集调查",
  interview: "在线访谈",
};

const INTRO: Record<InteractionChannel["kind"], string> = {
  mailbox: "欢迎您来信反映问题、提出意见建议。来信经县政府办公室受理后转交有关单位办理，答复后您可凭受理编号和查询码查询。",
  consultation: "您可以就政策规定、办事流程等进行咨询，我们将转交有关单位答复。",
  complaint: "您可以对行政机关及其工作人员的工作作风、服务质量等进行投诉，请如实反映情况。",
  suggestion: "欢迎您对本县经济社会发展和政府工作提出意见建议。",
  error_report: "发现本网站存在错别字、链接无法打开、信息不准确、内容更新不及时等问题，请告诉我们。",
  disclosure: "依照《中华人民共和国政府信息公开条例》第二十七条、第二十九条，公民、法人或者其他组织可以向行政机关申请获取相关政府信息。",
  solicitation: "以下政策文件草案公开征求意见，欢迎在征集期内就全文或具体条款提出意见。",
  survey: "欢迎参与问卷调查，调查结束后公布统计结果。",
  interview: "在线访谈预告、网民提问和文字实录。",
};

function channelsOf(ctx: InteractionContext): InteractionChannel[] {
  return ctx.model.snapshot.interaction?.channels ?? [];
}

function letterView(l: PublishedLetter) {
  return {
    caseNo: l.caseNo,
    channel: l.channelName,
    channelSlug: l.channelSlug,
    title: l.title,
    content: l.content,
    acceptedAt: l.acceptedAt,
    repliedAt: l.repliedAt,
    units: l.units.join("、"),
    reply: l.reply,
  };
}

/** The 举报假冒政府网站 page of a portal. */
function counterfeitPage(ctx: InteractionContext, hubExists: boolean): PagePlan {
  const s = ctx.model.snapshot.site;
  const api = ctx.model.snapshot.interaction?.api ?? "/api/public";
  const path = COUNTERFEIT_PATH;
  const name = "举报假冒政府网站";
  return {
    path,
    coll: "hd",
    format: "html",
    template: "hd-counterfeit",
    data: (hant) => ({
      page: ctx.pageView(path, hant, {
        kind: "hd-counterfeit",
        title: `${name}_${s.name}`,
        heading: name,
        metas: ctx.columnMetas({ name, columnType: "咨询投诉", description: `发现冒用${s.name}名义的假冒网站，请在线举报`, keywords: "假冒网站,仿冒网站,举报" }),
        crumbs: [...(hubExists ? [{ name: "互动交流", url: ctx.href("hd/index.html", hant) }] : []), { name, url: ctx.href(path, hant) }],
      }),
      hd: {
        api,
        site: s.code,
        endpoint: `${api}/counterfeit-reports`,
        css: ctx.asset("hd.css", hant),
        script: ctx.asset("hd.js", hant),
        worker: ctx.asset("pow-worker.js", hant),
      },
    }),
  };
}

/**
 * Plans every page of the `hd` collection: the channel pages when the site has an open channel,
 * and on a portal the 举报假冒政府网站 page.
 */
export function planInteraction(ctx: InteractionContext): PagePlan[] {
  const i = ctx.model.snapshot.interaction;
  const channels = channelsOf(ctx);
  const counterfeit = hasCounterfeitForm(ctx.model.snapshot);
  if (!i || !channels.length) return counterfeit ? [counterfeitPage(ctx, false)] : [];
  const s = ctx.model.snapshot.site;
  const api = i.api ?? "/api/public";
  const letterChannels = channels.filter((c) => LETTER_CHANNEL_KINDS.has(c.kind));
  const hub = "hd/index.html";
  const queryPath = "hd/cx.html";
  const listPath = (file: string) => `hd/${file === "index.html" ? "lyxd.html" : file.replace(/^index_(\d+)\.html$/, "lyxd_$1.html")}`;
  const hubCrumb = (hant: boolean): Link => ({ name: "互动交流", url: ctx.href(hub, hant) });
  const metas = (name: string, columnType: string, description?: string) => ctx.columnMetas({ name, columnType, description: description || `${s.name}${name}`, keywords: name });
  const common = (hant: boolean) => ({
    api,
    site: s.code,
    css: ctx.asset("hd.css", hant),
    script: ctx.asset("hd.js", hant),
    worker: ctx.asset("pow-worker.js", hant),
    hubUrl: ctx.href(hub, hant),
    counterfeitUrl: counterfeit ? ctx.href(COUNTERFEIT_PATH, hant) : null,
    queryUrl: ctx.href(queryPath, hant),
    listUrl: ctx.href(listPath("index.html"), hant),
  });
  const channelLink = (c: InteractionChannel, hant: boolean) => ({ slug: c.slug, kind: c.kind, name: c.name, description: c.description ?? null, url: ctx.href(`hd/${c.slug}/index.html`, hant) });
  const plans: PagePlan[] = [];

  plans.push({
    path: hub,
    coll: "hd",
    format: "html",
    template: "hd-index",
    data: (hant) => ({
      page: ctx.pageView(hub, hant, { kind: "hd-index", title: `互动交流_${s.name}`, heading: "互动交流", metas: metas("互动交流", "咨询投诉"), crumbs: [hubCrumb(hant)] }),
      hd: {
        ...common(hant),
        letterChannels: letterChannels.map((c) => channelLink(c, hant)),
        otherChannels: channels.filter((c) => !LETTER_CHANNEL_KINDS.has(c.kind)).map((c) => channelLink(c, hant)),
        latest: i.letters.slice(0, 5).map(letterView),
        statistics: i.statistics ?? null,
      },
    }),
  });

  for (const c of channels) {
    const path = `hd/${c.slug}/index.html`;
    const letter = LETTER_CHANNEL_KINDS.has(c.kind);
    const template = letter ? "hd-letter" : c.kind === "disclosure" ? "hd-disclosure" : "hd-participation";
    plans.push({
      path,
      coll: "hd",
      format: "html",
      template,
      data: (hant) => ({
        page: ctx.pageView(path, hant, {
          kind: template,
          title: `${c.name}_${s.name}`,
          heading: c.name,
          metas: metas(c.name, COLUMN_TYPE[c.kind], c.description),
          crumbs: [hubCrumb(hant), { name: c.name, url: ctx.href(path, hant) }],
        }),
        hd: {
          ...common(hant),
          channel: { ...channelLink(c, hant), leaderTitle: c.leaderTitle ?? null, intro: c.description || INTRO[c.kind], errorReport: c.kind === "error_report" },
          // A leader mailbox shows its latest published letters under the form.
          latest: letter ? i.letters.filter((l) => l.channelSlug === c.slug).slice(0, 5).map(letterView) : [],
          units: c.kind === "disclosure" ? (i.disclosureUnits ?? []) : [],
        },
      }),
    });
  }

  plans.push({
    path: queryPath,
    coll: "hd",
    format: "html",
    template: "hd-query",
    data: (hant) => ({
      page: ctx.pageView(queryPath, hant, { kind: "hd-query", title: `办理结果查询_${s.name}`, heading: "办理结果查询", metas: metas("办理结果查询", "咨询投诉"), crumbs: [hubCrumb(hant), { name: "办理结果查询", url: ctx.href(queryPath, hant) }], noindex: true }),
      hd: common(hant),
    }),
  });

  if (letterChannels.length) {
    const pages = paginate(i.letters, LIST_PAGE_SIZE, "classic");
    for (const p of pages) {
      const path = listPath(p.file);
      plans.push({
        path,
        coll: "hd",
        format: "html",
        template: "hd-letters",
        data: (hant) => {
          const u = (f: string | undefined) => (f ? ctx.href(listPath(f), hant) : null);
          const nums: Array<{ n: number; url: string; current: boolean }> = [];
          const from = Math.max(1, p.number - 4);
          for (let n = from; n <= Math.min(p.total, from + 8); n++) nums.push({ n, url: u(n === 1 ? "index.html" : `index_${n - 1}.html`)!, current: n === p.number });
          return {
            page: ctx.pageView(path, hant, { kind: "hd-letters", title: `留言选登_${s.name}`, heading: "留言选登", metas: metas("留言选登", "咨询投诉", `${s.name}公开的来信及答复，含受理日期、答复日期、答复部门和答复内容`), crumbs: [hubCrumb(hant), { name: "留言选登", url: ctx.href(listPath("index.html"), hant) }] }),
            hd: { ...common(hant), letters: p.items.map(letterView), total: i.letters.length, statistics: p.number === 1 ? (i.statistics ?? null) : null },
            pager: {
              first: p.file === p.first ? null : u(p.first),
              prev: u(p.prev),
              next: u(p.next),
              last: p.file === p.last ? null : u(p.last),
              single: !p.prev && !p.next,
              mode: "classic",
              number: p.number,
              total: p.total,
              pages: nums,
              range: null,
            },
          };
        },
      });
    }
  }
  if (counterfeit) plans.push(counterfeitPage(ctx, true));
  return plans;
}
