import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROFILES_DIR,
  ProfileError,
  describeProfile,
  listProfiles,
  loadProfile,
  resolveProfile,
  type Profile,
} from "./index.ts";
import national from "../../../profiles/national.json" with { type: "json" };

const NAMES = ["national", "youyang", "shizhu", "changzhi", "fengjie", "yuancheng"];

function load(name: string): Profile {
  return loadProfile(name);
}

describe("the shipped profiles", () => {
  it("lists the base first and all five county profiles", () => {
    const list = listProfiles();
    expect(list[0]).toMatchObject({ name: "national", extends: null });
    expect(list.map((p) => p.name).sort()).toEqual([...NAMES].sort());
    expect(list.filter((p) => p.name !== "national").every((p) => p.extends === "national")).toBe(true);
  });

  it.each(NAMES)("%s loads, validates and gives plain values", (name) => {
    const p = load(name);
    expect(p.name).toBe(name);
    expect(p.chain[0]).toBe("national");
    expect(typeof p.values.password.minLength).toBe("number");
    expect(p.values.password.minLength).toBeGreaterThanOrEqual(8);
    expect(p.values.audit.retentionMonths).toBeGreaterThanOrEqual(6);
    expect(p.values.review.submitterMayNotApprove).toBe(true);
    for (const [key, source] of Object.entries(p.sources)) {
      expect(source.trim(), key).not.toBe("");
    }
  });

  it("sources of local rules cite the county's own regulation", () => {
    const titles: Record<string, string> = {
      youyang: "《酉阳土家族苗族自治县政府门户网站管理办法（试行）》",
      shizhu: "《石柱土家族自治县人民政府网站和政务新媒体管理办法》",
      changzhi: "《长治市政府网站管理办法》",
      fengjie: "《奉节县政府网站和政务新媒体管理办法（修订）》",
      yuancheng: "《源城区政府门户网站管理办法》",
    };
    for (const [name, title] of Object.entries(titles)) {
      const p = load(name);
      const own = Object.entries(p.sources).filter(([k]) => p.definedBy[k] === name);
      expect(own.length, name).toBeGreaterThan(0);
      for (const [key, source] of own) expect(source, `${name} ${key}`).toContain(title);
    }
  });
});

describe("overrides", () => {
  it("password rotation: national 90 days, 酉阳 1 month, 奉节 2 months", () => {
    expect(load("national").values.password.rotationDays).toBe(90);
    const youyang = load("youyang");
    expect(youyang.values.password.rotationDays).toBe(30);
    expect(youyang.source("password.rotationDays")).toMatch(/第三十条/);
    const fengjie = load("fengjie");
    expect(fengjie.values.password.rotationDays).toBe(60);
    expect(fengjie.source("password.rotationDays")).toMatch(/第三十七条/);
    // What 奉节 does not regulate comes from the base.
    expect(fengjie.values.password.historyCount).toBe(5);
    expect(fengjie.definedBy["password.historyCount"]).toBe("national");
  });

  it("interaction deadlines per county", () => {
    const youyang = load("youyang").values.interaction.errorReport;
    expect(youyang).toEqual({ forwardWorkdays: 1, replyWorkdays: 2 });
    expect(load("changzhi").values.interaction.errorReport.replyWorkdays).toBe(2);
    expect(load("yuancheng").values.interaction.mailbox.replyWorkdays).toBe(5);
    expect(load("shizhu").values.interaction.consultation.replyWorkdays).toBe(5);
    expect(load("national").values.disclosure).toMatchObject({
      answerWorkdays: 20,
      extensionWorkdays: 20,
      correctionNoticeWorkdays: 7,
      thirdPartyOpinionWorkdays: 15,
      thirdPartyTimeCounted: false,
      proactiveWorkdays: 20,
    });
  });

  it("a county retunes column categories without losing the base ones", () => {
    const base = load("national").values.columns.categories;
    const shizhu = load("shizhu");
    const byKey = new Map(shizhu.values.columns.categories.map((c) => [c.key, c]));
    expect(byKey.get("dynamic")).toMatchObject({ name: "动态信息类", intervalDays: 7, countsAs: "dynamic" });
    expect(byKey.get("dynamic")?.source).toMatch(/第十五条/);
    for (const c of base) expect(byKey.has(c.key), c.key).toBe(true);
    // Untouched categories keep the national source and owner.
    expect(byKey.get("topic")?.source).toMatch(/国办秘函〔2019〕19号/);
    expect(shizhu.definedBy["columns.categories.topic"]).toBe("national");
    expect(shizhu.definedBy["columns.categories.dynamic"]).toBe("shizhu");
    expect(load("fengjie").values.columns.categories.find((c) => c.key === "dynamic")?.intervalDays).toBe(14);
  });

  it("奉节 三审三校 has five steps ending with the principal's sign-off; 酉阳 has nine criteria and five gates", () => {
    const steps = load("fengjie").values.review.steps;
    expect(steps.map((s) => s.name)).toEqual(["一审", "一校", "二校", "二审、三校", "三审（签发）"]);
    expect(steps.at(-1)).toMatchObject({ role: "reviewer", level: 3, performer: "单位主要负责人", signOff: true });
    expect(steps.map((s) => `${s.role}:${s.level}`)).toEqual(["editor:1", "proofreader:1", "reviewer:1", "reviewer:2", "reviewer:3"]);
    const checklist = load("youyang").values.review.checklist;
    expect(checklist.filter((c) => c.kind === "criterion")).toHaveLength(9);
    expect(checklist.filter((c) => c.kind === "gate").map((c) => c.text)).toEqual([
      "政治关",
      "法律关",
      "政策关",
      "保密关",
      "文字关",
    ]);
    expect(load("fengjie").values.review.checklist.filter((c) => c.kind === "reject")).toHaveLength(6);
  });

  it("other county specifics", () => {
    expect(load("changzhi").values.reprint.importantPolicyHours).toBe(12);
    expect(load("changzhi").values.reports).toMatchObject({ monthlyReportDay: 5, annualWebsiteReportDue: "01-31" });
    expect(load("fengjie").values.newMedia).toMatchObject({ updateIntervalDays: 10, announcementWorkdays: 15 });
    expect(load("shizhu").values.newMedia.filingReviewWorkdays).toBe(3);
    expect(load("youyang").values.account.trainingRequired).toBe(true);
    expect(load("national").values.account.trainingRequired).toBe(false);
    expect(load("fengjie").values.takedown.hours).toBe(1);
  });
});

describe("describeProfile", () => {
  it.each(NAMES)("%s: every row has a Chinese label, a value and a source", (name) => {
    const rows = describeProfile(load(name));
    expect(rows.length).toBeGreaterThan(80);
    const keys = new Set<string>();
    for (const r of rows) {
      expect(r.label, r.key).toMatch(/[\u4e00-\u9fff]/);
      expect(r.value.trim(), r.key).not.toBe("");
      expect(r.source.trim(), r.key).not.toBe("");
      expect(keys.has(r.key), r.key).toBe(false);
      keys.add(r.key);
    }
  });

  it("displays values the way a county office writes them", () => {
    const rows = new Map(describeProfile(load("fengjie")).map((r) => [r.key, r]));
    expect(rows.get("password.rotationDays")?.value).toBe("60 天（约 2 个月）");
    expect(rows.get("disclosure.answerWorkdays")?.value).toBe("20 个工作日");
    expect(rows.get("interaction.errorReport.forwardWorkdays")?.value).toBe("1 个工作日内");
    expect(rows.get("columns.categories.dynamic")?.value).toContain("每 14 天至少更新 1 次");
    expect(rows.get("review.steps")?.value).toContain("三审（签发）（单位主要负责人）");
    expect(rows.get("password.rotationDays")?.definedBy).toBe("fengjie");
    expect(rows.get("password.historyCount")?.definedBy).toBe("national");
  });
});

describe("invalid profiles", () => {
  const files = (extra: Record<string, unknown>) => (name: string) =>
    name === "national" ? national : (extra[name] as unknown);

  it("lists every problem in Chinese", () => {
    const broken = {
      name: "broken",
      title: "有误的方案",
      extends: "national",
      rules: {
        password: {
          minLength: { value: 6, source: "某办法第一条" },
          rotationDays: { value: "一个月", source: "某办法第二条" },
          lockoutMinutes: { value: 10 },
        },
        session: { idleMinuts: { value: 10, source: "某办法第四条" } },
        totp: { requiredRoles: { value: ["root"], source: "某办法第五条" } },
        audit: { retentionMonths: 3 },
      },
    };
    let error: unknown;
    try {
      resolveProfile("broken", files({ broken }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProfileError);
    const err = error as ProfileError;
    const text = err.issues.join("\n");
    expect(err.message).toMatch(/^规则方案“broken”有 \d+ 处问题/);
    expect(text).toContain("password.lockoutMinutes 缺少出处");
    expect(text).toContain("audit.retentionMonths 应写成");
    expect(text).toContain("password.minLength：不得小于 8");
    expect(text).toContain("password.rotationDays：应为数字");
    expect(text).toContain("未知的规则项：idleMinuts");
    expect(text).toMatch(/totp\.requiredRoles\[1\]：应为以下之一/);
    expect(err.issues.length).toBe(6);
    expect(err.issues.every((i) => i.startsWith("broken.json：") || i.startsWith("national.json："))).toBe(true);
  });

  it("checks rules against each other once each one is valid", () => {
    const inconsistent = {
      name: "inconsistent",
      title: "前后矛盾的方案",
      extends: "national",
      rules: {
        password: { captchaAfterFailures: { value: 9, source: "某办法第三条" } },
        monitor: { availabilityWarnPercent: { value: 6, source: "某办法第四条" } },
      },
    };
    expect(() => resolveProfile("inconsistent", files({ inconsistent }))).toThrow(
      /要求图形验证的失败次数不应大于锁定阈值[\s\S]*可用性预警比例应小于否决比例|可用性预警比例应小于否决比例[\s\S]*要求图形验证/,
    );
  });

  it("reports a missing parent, a cycle and a name mismatch", () => {
    expect(() => resolveProfile("a", files({ a: { name: "a", title: "甲", extends: "nowhere", rules: {} } }))).toThrow(
      /找不到“a”所继承的方案“nowhere”/,
    );
    const cyc = {
      a: { name: "a", title: "甲", extends: "b", rules: {} },
      b: { name: "b", title: "乙", extends: "a", rules: {} },
    };
    expect(() => resolveProfile("a", files(cyc))).toThrow(/继承出现循环：a → b → a/);
    expect(() => resolveProfile("c", files({ c: { name: "d", title: "丙", extends: "national", rules: {} } }))).toThrow(
      /与文件名不一致/,
    );
    expect(() => loadProfile("nosuch")).toThrow(/找不到规则方案“nosuch”/);
    expect(() => loadProfile("../etc/passwd")).toThrow(ProfileError);
  });

  it("reports a file that is not JSON", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "govsite-profiles-"));
    writeFileSync(path.join(dir, "bad.json"), "{ name: bad");
    expect(() => loadProfile("bad", dir)).toThrow(/bad\.json：无法读取（不是有效的 JSON/);
  });

  it("a child only overriding what its regulation says needs nothing else", () => {
    const small = {
      name: "small",
      title: "最小方案",
      extends: "national",
      rules: { password: { rotationDays: { value: 45, source: "某县办法第九条" } } },
    };
    const p = resolveProfile("small", files({ small }));
    expect(p.values.password.rotationDays).toBe(45);
    expect(p.source("password.rotationDays")).toBe("某县办法第九条");
    expect(p.values.password.minLength).toBe(8);
  });

  it("the default directory is the repository's profiles/", () => {
    expect(DEFAULT_PROFILES_DIR.replaceAll("\\", "/")).toMatch(/\/profiles\/?$/);
  });
});
