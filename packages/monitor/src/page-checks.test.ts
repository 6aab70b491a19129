import { describe, expect, it } from "vitest";
import { extractPage } from "./html/extract.ts";
import { columnClass, observePage, pageKind, resolverFor, type SiteScope } from "./page-checks.ts";
import { GOOD_FOOTER, items, page } from "./testing/fixtures.ts";

const scope: SiteScope = { host: "www.sfx.gov.cn", aliases: new Set(), prefix: "/", allowHosts: ["conac.cn"] };
const NOW = new Date("2024-06-01T10:00:00+08:00");

describe("resolverFor", () => {
  it("resolves like URL, without fragments, whatever was cached for other pages", () => {
    const cases: Array<[string, string]> = [
      ["http://a.gov.cn/x/y/page.html?q=1/2", "next.html"],
      ["http://a.gov.cn/x/z/page.html", "next.html"],
      ["http://a.gov.cn/x/y/page.html", "../up.html#top"],
      ["http://a.gov.cn/x/y/page.html", "/root.html"],
      ["http://b.gov.cn/x/y/page.html", "/root.html"],
      ["https://a.gov.cn/", "//cdn.example.com/a.js"],
      ["http://a.gov.cn/x/y/page.html", "?page=2"],
      ["http://a.gov.cn/x/y/other.html", "?page=2"],
      ["http://a.gov.cn/x/", "#main"],
      ["http://a.gov.cn/x/", "HTTP://A.GOV.CN/Y"],
    ];
    for (const round of [1, 2]) {
      for (const [base, href] of cases) {
        const expected = new URL(href, base);
        expected.hash = "";
        const got = resolverFor(base)(href);
        expect(got?.href, `${round}: ${href} on ${base}`).toBe(expected.href);
        expect(got?.host).toBe(expected.host);
        expect(got?.path).toBe(expected.pathname);
      }
    }
    expect(resolverFor("http://a.gov.cn/")("javascript:void(0)")?.web).toBe(false);
    expect(resolverFor("http://a.gov.cn/")("http://[bad")).toBeUndefined();
  });
});

describe("extractPage", () => {
  it("reads the text as the check engine does: inline elements joined, blocks and shown attributes on their own lines", () => {
    const f = extractPage(
      '<html><head><title>标题</title><script>var x="隐藏";</script></head><body><div>法<b>轮</b>功</div><p>第二段<img src="a.png" alt="图片说明"></p><noscript>不显示</noscript></body></html>',
    );
    expect(f.lines).toEqual(["标题", "法轮功", "第二段", "图片说明"]);
    expect(f.title).toBe("标题");
  });

  it("finds links hidden by inline styles, simple class and id rules, attributes and colours", () => {
    const f = extractPage(`<html><head><style>
      .off { position: absolute; left: -3000px }
      #tiny { font-size: 0px }
      @media (max-width: 600px) { .menu { display: none } }
      .a .b { display: none }
    </style></head><body>
      <a href="http://x/1" style="display:none">1</a>
      <div class="off"><a href="http://x/2">2</a></div>
      <p id="tiny"><a href="http://x/3">3</a></p>
      <div hidden><a href="http://x/4">4</a></div>
      <div style="background:#000 url(bg.png)"><font color="black"><a href="http://x/5">5</a></font></div>
      <a href="http://x/6"><span style="visibility:hidden">6</span></a>
      <p style="text-indent:-9999px"><a href="http://x/7">7</a></p>
      <ul class="menu"><li><a href="http://x/8">8</a></li></ul>
      <div class="b"><a href="http://x/9">9</a></div>
      <a href="http://x/10"><img src="i.png"><span style="display:none">10</span></a>
    </body></html>`);
    const hidden = Object.fromEntries(f.links.filter((l) => l.tag === "a").map((l) => [l.href.slice(9), l.hidden ?? null]));
    expect(hidden).toMatchObject({ "1": expect.stringContaining("display"), "2": expect.stringContaining("屏幕之外"), "3": expect.stringContaining("字号"), "4": expect.any(String), "5": expect.stringContaining("颜色"), "6": expect.stringContaining("visibility"), "7": expect.stringContaining("缩进") });
    // Responsive menus and compound selectors are not guessed at; an image keeps a link visible.
    expect(hidden["8"]).toBeNull();
    expect(hidden["9"]).toBeNull();
    expect(hidden["10"]).toBeNull();
  });

  it("collects dated list items, the footer and the 党政机关 mark", () => {
    const f = extractPage(page({ kind: "home", body: items([["/a.html", "甲", "2024-05-30"], ["/b.html", "乙", "2024年5月3日"]]) }));
    expect(f.items).toEqual([
      { date: "2024-05-30", href: "/a.html" },
      { date: "2024-05-03", href: "/b.html" },
    ]);
    expect(f.footer.found).toBe(true);
    expect(f.footer.text).toContain("网站标识码");
    expect(f.conacMark).toBe(true);
  });
});

describe("observePage", () => {
  it("decides the kind of page from its metas, else from its structure", () => {
    expect(pageKind(extractPage(page({ kind: "article" })), false)).toBe("article");
    expect(pageKind(extractPage(page({ kind: "column" })), false)).toBe("column");
    const list = extractPage(page({ metas: { SiteName: null }, body: items([["/1", "一", "2024-05-01"], ["/2", "二", "2024-05-02"], ["/3", "三", "2024-05-03"]]) }));
    expect(pageKind(list, false)).toBe("column");
    const art = extractPage(page({ body: `<h1>关于做好防汛工作的通知</h1><p>发布时间：2024-05-01　来源：县应急管理局</p><p>${"各乡镇人民政府、县级有关部门要切实做好防汛工作。".repeat(8)}</p>` }));
    expect(pageKind(art, false)).toBe("article");
    expect(pageKind(extractPage(page({ body: "<p>站内搜索</p>" })), false)).toBe("other");
  });

  it("accepts footers in traditional script", () => {
    const hant = GOOD_FOOTER.replace("主办单位", "主辦單位").replace("联系电话", "聯繫電話").replace("网站标识码", "網站標識碼").replace("渝ICP备", "渝ICP備").replace("渝公网安备", "渝公網安備");
    const obs = observePage(extractPage(page({ footer: hant })), "http://www.sfx.gov.cn/zh-hant/", false, scope, NOW);
    expect(obs.footerMissing).toEqual([]);
    expect(obs.siteIdFooter).toBe("5001070012");
  });

  it("classes columns by their names and types", () => {
    expect(columnClass("部门动态", "工作动态")).toBe("dynamic");
    expect(columnClass("通知公告", "")).toBe("notice");
    expect(columnClass("政策解读", "政策解读")).toBe("other");
    expect(columnClass("人事信息", "")).toBe("plan");
    expect(columnClass("县情概况", "概况信息")).toBe("other");
  });
});
