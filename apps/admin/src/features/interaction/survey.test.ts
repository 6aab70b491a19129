import { describe, expect, it } from "vitest";
import { toSurveyQuestions } from "./survey";

describe("survey builder → questions", () => {
  it("generates keys, drops empty options and keeps conditions on earlier choice questions", () => {
    const qs = toSurveyQuestions([
      { type: "single", title: " 您是否使用过网上办事？ ", required: true, options: [{ label: "是" }, { label: "否" }, { label: " " }] },
      { type: "rating", title: "满意度", max: 10 },
      { type: "text", title: "请说明原因", showIfQuestion: 0, showIfOptions: [1] },
      { type: "multiple", title: "常用事项", options: [{ label: "社保" }, { label: "医保" }], showIfQuestion: 3, showIfOptions: [0] },
    ]);
    expect(qs.map((q) => q.key)).toEqual(["q1", "q2", "q3", "q4"]);
    expect(qs[0]).toEqual({ key: "q1", type: "single", title: "您是否使用过网上办事？", required: true, options: [{ key: "o1", label: "是" }, { key: "o2", label: "否" }] });
    expect(qs[1]!.max).toBe(10);
    expect(qs[2]!.showIf).toEqual({ question: "q1", anyOf: ["o2"] });
    // A condition can only refer to an earlier question.
    expect(qs[3]!.showIf).toBeUndefined();
  });
});
