import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createChecker, type Finding } from "../src/index.ts";
import { Automaton, MatchBuffer } from "../src/engine/automaton.ts";
import { Normalizer, normalizeTerm } from "../src/engine/normalize.ts";
import { parseDictionary } from "../src/dictionaries/parse.ts";
import { idCheckChar, isBankCard, isValidId15, isValidId18, luhn, mask } from "../src/detectors/pii-validate.ts";

const checker = createChecker();
const rules = (fs: Finding[]) => fs.map((f) => f.rule);

describe("normaliser", () => {
  it("folds width, case and script, drops inserted symbols and collapses repeats, keeping a map back", () => {
    const text = "Ａb 法*輪-功功！";
    const n = new Normalizer().normalize(text);
    expect(String.fromCharCode(...n.codes.subarray(0, n.length))).toBe("ab法轮功!"); // sentence punctuation stays: matches never cross it
    // 功 stands for the two original characters 功功.
    expect(text.slice(n.start[4]!, n.end[4]!)).toBe("功功");
    expect(text.slice(n.start[2]!, n.end[4]!)).toBe("法*輪-功功");
  });

  it("normalises dictionary terms the same way as text", () => {
    expect(normalizeTerm("法 輪 功")).toEqual(normalizeTerm("法轮功"));
  });
});

describe("automaton", () => {
  it("finds exactly what a naive search finds", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const alphabet = "甲乙丙丁戊己庚辛";
    const word = (len: number) => Array.from({ length: len }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join("");
    const terms = [...new Set(Array.from({ length: 60 }, () => word(1 + Math.floor(rnd() * 4))))];
    const text = word(2000);
    const automaton = new Automaton(terms.map((t) => [...t].map((c) => c.charCodeAt(0))));
    const codes = Uint16Array.from(text, (c) => c.charCodeAt(0));
    const buffer = new MatchBuffer();
    const count = automaton.scan(codes, codes.length, buffer);
    const found = new Set<string>();
    for (let i = 0; i < count; i++) found.add(`${buffer.terms[i]}@${buffer.ends[i]}`);
    const expected = new Set<string>();
    terms.forEach((t, id) => {
      for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) expected.add(`${id}@${i + t.length}`);
    });
    expect(found).toEqual(expected);
  });
});

describe("sensitive words", () => {
  it("maps disguised matches back to the original offsets", () => {
    const text = "网上流传的法 * 輪 * 功资料";
    const [f] = checker.checkText(text);
    expect(f?.rule).toBe("sensitive.cult");
    expect(text.slice(f!.start, f!.end)).toBe("法 * 輪 * 功");
    expect(f?.column).toBe(6);
  });

  it("lets a whitelisted phrase override a word inside it, and a longer word override the whitelist", () => {
    const c = createChecker({
      dictionaries: [{ name: "deployment", text: "#! kind: sensitive\n#! category: political\n天安门\n工业大麻走私\tblock\n" }],
    });
    expect(c.checkText("游客在天安门广场观看升旗。")).toEqual([]);
    expect(rules(c.checkText("天安门前游人如织。"))).toEqual(["sensitive.political"]);
    expect(c.checkText("发展工业大麻种植。")).toEqual([]);
    expect(c.checkText("查获工业大麻走私案。").map((f) => f.text)).toEqual(["工业大麻走私"]);
  });

  it("accepts whitelist additions per deployment and per call", () => {
    const c = createChecker({ whitelist: ["大麻湾村"] });
    expect(c.checkText("大麻湾村召开院坝会。")).toEqual([]);
    expect(checker.checkText("大麻湾村召开院坝会。", { whitelist: ["大麻湾村"] })).toEqual([]);
    expect(rules(checker.checkText("大麻湾村召开院坝会。"))).toEqual(["sensitive.drugs"]);
  });

  it("never fires on words inside ordinary words", () => {
    for (const t of ["路口交通", "大麻烦", "人口交流", "支援交通", "西藏独特", "PK粉丝团"]) expect(checker.checkText(t)).toEqual([]);
  });

  it("ignores single-character terms and reports them as dictionary problems", () => {
    const c = createChecker({ defaults: false, dictionaries: [{ name: "x", text: "#! kind: sensitive\n#! category: insult\n滚\n" }] });
    expect(c.checkText("滚动播出")).toEqual([]);
    expect(c.issues[0]?.message).toContain("单字");
  });
});

describe("dictionaries", () => {
  it("reports bad lines instead of failing", () => {
    const { dictionary, issues } = parseDictionary("t.txt", "#! kind: typo\n布署\n布署\t部署\t严重\n按排\t按排\n");
    expect(dictionary?.entries).toEqual([{ term: "布署", replacement: "部署", severity: "block" }]);
    expect(issues.map((i) => i.line)).toEqual([2, 4]);
  });

  it("reloads files without a restart, and keeps the old dictionaries when a reload fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "govsite-dict-"));
    try {
      const file = join(dir, "local.txt");
      writeFileSync(file, "#! kind: sensitive\n#! category: other\n");
      const c = createChecker({ dictionaries: [file] });
      expect(c.checkText("某某黑作坊")).toEqual([]);
      writeFileSync(file, "#! kind: sensitive\n#! category: other\n黑作坊\tblock\n");
      const result = c.reload();
      expect(result.ok).toBe(true);
      expect(rules(c.checkText("某某黑作坊"))).toEqual(["sensitive.other"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("watches dictionary files when asked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "govsite-watch-"));
    const file = join(dir, "local.txt");
    writeFileSync(file, "#! kind: sensitive\n#! category: other\n");
    let reloaded!: () => void;
    const done = new Promise<void>((resolve) => (reloaded = resolve));
    const c = createChecker({ dictionaries: [file], watch: true, onReload: () => reloaded() });
    try {
      writeFileSync(file, "#! kind: sensitive\n#! category: other\n黑作坊\n");
      await done;
      expect(rules(c.checkText("某某黑作坊"))).toEqual(["sensitive.other"]);
    } finally {
      c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("typos", () => {
  it("suggests the correct form", () => {
    const [f] = checker.checkText("请各单位抓紧布署。");
    expect(f).toMatchObject({ rule: "typo.confusion", text: "布署", suggestion: "部署", line: 1, column: 7 });
  });

  it("never corrects names the caller declares", () => {
    expect(rules(checker.checkText("王建全在会上发言。"))).toEqual(["typo.confusion"]);
    expect(checker.checkText("王建全在会上发言。", { personNames: ["王建全"] })).toEqual([]);
  });

  it("never touches footer boilerplate", () => {
    // A deployment's own (odd) pair, to show that footer lines are left alone whatever the pair.
    const c = createChecker({ dictionaries: [{ name: "local", text: "#! kind: typo\n信息中心\t信息化中心\n" }] });
    expect(c.checkText("技术支持：示范县信息中心 渝ICP备12345678号 渝公网安备50024002000123号")).toEqual([]);
    expect(rules(c.checkText("县信息中心开展培训。"))).toEqual(["typo.confusion"]);
  });
});

describe("leaders", () => {
  it("takes the leaders of a deployment per call", () => {
    const ctx = { leaders: [{ name: "冉光明", titles: ["县委书记"] }] };
    expect(checker.checkText("县委书记冉光明主持会议。", ctx)).toEqual([]);
    expect(checker.checkText("县长冉光明主持会议。", ctx)[0]).toMatchObject({ rule: "expression.leader-title", severity: "block", suggestion: "县委书记冉光明" });
    expect(checker.checkText("县委书记冉光平主持会议。", ctx)[0]).toMatchObject({ rule: "expression.leader-name", suggestion: "冉光明" });
  });
});

describe("personal data", () => {
  it("validates ID numbers by region, birth date and check character", () => {
    const first17 = "50024019900307451";
    const id = first17 + idCheckChar(first17);
    expect(isValidId18(id)).toBe(true);
    expect(isValidId18(first17 + (id.endsWith("0") ? "1" : "0"))).toBe(false);
    expect(isValidId18("99012119900307451X")).toBe(false); // province 99 does not exist
    expect(isValidId18(`500240${new Date().getFullYear() + 1}0101123X`)).toBe(false); // born in the future
    expect(isValidId15("500240850312123")).toBe(true);
    expect(isValidId15("500240851332123")).toBe(false);
  });

  it("validates bank cards by length, issuer and Luhn", () => {
    expect(luhn("6222020200112345679")).toBe(true);
    expect(isBankCard("6222020200112345679")).toBe(true);
    expect(isBankCard("6222020200112345675")).toBe(false); // Luhn
    expect(isBankCard("1222020200112345676")).toBe(false); // no card issuer starts with 1
    expect(isBankCard("62220202001234")).toBe(false); // too short
  });

  it("masks for de-identification", () => {
    expect(mask.id("500240199003074511")).toBe("500240********4511");
    expect(mask.mobile("13912345678")).toBe("139****5678");
    expect(mask.card("6222020200112345674")).toBe("6222***********5674");
    expect(mask.email("zhangsan@163.com")).toBe("z*******@163.com");
  });

  it("does not count an office's published contacts", () => {
    expect(checker.checkText("办公电话：023-73331234；监督电话：13800000000；传真：023-73332222；邮箱：gk@shifan.gov.cn")).toEqual([]);
  });

  it("only warns in punishment notices and mandatory disclosures", () => {
    const text = "联系人：张某，手机13912345678。";
    expect(checker.checkText(text)[0]?.severity).toBe("block");
    expect(checker.checkText(text, { documentKind: "punishment_notice" })[0]?.severity).toBe("warn");
    expect(checker.checkText(text, { documentKind: "mandatory_disclosure" })[0]?.severity).toBe("warn");
  });
});

describe("HTML", () => {
  const html = '<p title="负责人手机13912345678">警惕法<b>轮</b>功&nbsp;邪教</p>\n<img alt="机密★1年" src="x.png"><script>var s="裸聊";</script>';

  it("reports offsets into the HTML source, for text and shown attributes", () => {
    const found = checker.checkHtml(html);
    expect(found.map((f) => [f.rule, html.slice(f.start, f.end)])).toEqual([
      ["pii.mobile", "13912345678"],
      ["sensitive.cult", "法<b>轮</b>功"],
      ["secret.marking", "机密★1年"],
    ]);
    expect(found[1]?.text).toBe("法轮功");
    expect(found[2]).toMatchObject({ line: 2, column: 11 });
  });

  it("checks link targets", () => {
    const found = checker.checkHtml('<a href="javascript:alert(1)">看</a><a href="https://www.gov.cn/">国务院</a><a href="http://gov.cn.example.com/">仿冒</a>');
    expect(found.map((f) => [f.rule, f.text])).toEqual([
      ["link.javascript", "javascript:alert(1)"],
      ["link.non-gov", "http://gov.cn.example.com/"],
    ]);
  });
});

describe("context", () => {
  it("runs only the categories asked for", () => {
    const text = "机密★1年 联系人手机13912345678，请抓紧布署。";
    expect(checker.checkText(text, { categories: ["typo"] }).map((f) => f.category)).toEqual(["typo"]);
    expect(new Set(checker.checkText(text).map((f) => f.category))).toEqual(new Set(["secret", "pii", "typo"]));
  });

  it("cites the profile's regulation", () => {
    const shizhu = createChecker({ profile: "shizhu" });
    expect(shizhu.checkText("联系人手机13912345678")[0]?.message).toContain("《石柱土家族自治县人民政府网站和政务新媒体管理办法》第十八条、第二十一条第（五）项");
    expect(shizhu.checkText("加微信abc12345了解详情")[0]?.message).toContain("第二十一条第（六）项");
  });
});
