import { describe, expect, it } from "vitest";
import { listProfiles, loadProfile } from "@govsite/profiles";
import { demoCounty, isValidCreditCode, validateDemoCounty, type DemoColumn } from "./county.ts";

function allColumns(list: DemoColumn[]): DemoColumn[] {
  return list.flatMap((c) => [c, ...allColumns(c.children ?? [])]);
}

describe("demo county 示范县", () => {
  it("is internally consistent against every shipped profile's column categories", () => {
    for (const { name } of listProfiles()) {
      const categories = loadProfile(name).values.columns.categories.map((c) => c.key);
      expect(validateDemoCounty(demoCounty, categories), name).toEqual([]);
    }
  });

  it("has the office, the centre, at least four departments and three townships or streets", () => {
    const types = demoCounty.units.map((u) => u.type);
    expect(types.filter((t) => t === "government_office")).toHaveLength(1);
    expect(types.filter((t) => t === "egov_center")).toHaveLength(1);
    expect(types.filter((t) => t === "department").length).toBeGreaterThanOrEqual(4);
    expect(types.filter((t) => t === "township" || t === "street").length).toBeGreaterThanOrEqual(3);
  });

  it("has the portal and five sub-sites, each with a realistic column tree", () => {
    expect(demoCounty.sites.filter((s) => s.kind === "portal")).toHaveLength(1);
    expect(demoCounty.sites.filter((s) => s.kind !== "portal")).toHaveLength(5);
    for (const s of demoCounty.sites) {
      const types = new Set(allColumns(s.columns).map((c) => c.columnType));
      for (const t of ["工作动态", "通知公告", "政策文件", "信息公开年报", "办事服务"]) expect(types.has(t), `${s.name} ${t}`).toBe(true);
    }
    const portalTypes = new Set(allColumns(demoCounty.sites[0]!.columns).map((c) => c.columnType));
    for (const t of ["概况信息", "机构职能", "负责人信息", "政务要闻", "政策解读", "信息公开指南", "统计数据", "人事信息", "规划计划", "咨询投诉", "在线访谈"]) {
      expect(portalTypes.has(t), t).toBe(true);
    }
    expect(allColumns(demoCounty.sites[0]!.columns).some((c) => c.archived)).toBe(true);
  });

  it("reports broken references", () => {
    const broken = structuredClone(demoCounty);
    broken.people[0]!.unitKey = "nowhere";
    broken.sites[1]!.columns[0]!.responsibleUsername = "nobody";
    broken.people.find((p) => p.roles.some((r) => r.role === "system_admin"))!.roles.push({ role: "editor", level: 1, siteKey: "portal" });
    broken.units[0]!.code = broken.units[0]!.code.slice(0, 17) + "0";
    const issues = validateDemoCounty(broken, ["dynamic"]);
    expect(issues.some((i) => i.includes("所属单位“nowhere”不存在"))).toBe(true);
    expect(issues.some((i) => i.includes("责任人“nobody”不存在"))).toBe(true);
    expect(issues.some((i) => i.includes("系统管理员不得同时担任"))).toBe(true);
    expect(issues.some((i) => i.includes("校验位不正确"))).toBe(true);
    expect(issues.some((i) => i.includes("不在规则方案中"))).toBe(true);
  });

  it("uses well-formed fictional identifiers and no passwords", () => {
    expect(demoCounty.units.every((u) => isValidCreditCode(u.code))).toBe(true);
    expect(demoCounty.people.every((p) => p.mobile.startsWith("1990000"))).toBe(true);
    expect(JSON.stringify(demoCounty)).not.toMatch(/password|passwd|口令|密码/i);
  });
});
