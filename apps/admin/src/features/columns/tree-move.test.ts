import { describe, expect, it } from "vitest";
import { computeMove } from "./tree-move";

// a (a1, a2), b, c — as the tree shows them.
const rows = [
  { id: "a", parentId: null, sort: 0 },
  { id: "b", parentId: null, sort: 1 },
  { id: "c", parentId: null, sort: 2 },
  { id: "a1", parentId: "a", sort: 0 },
  { id: "a2", parentId: "a", sort: 1 },
];

describe("dropping a column in the tree", () => {
  it("above a sibling puts it before that sibling", () => {
    expect(computeMove(rows, "c", "a", -1)).toEqual({ parentId: null, index: 0 });
    expect(computeMove(rows, "a2", "a1", -1)).toEqual({ parentId: "a", index: 0 });
  });

  it("below a sibling counts positions without the moved column", () => {
    expect(computeMove(rows, "a", "c", 1)).toEqual({ parentId: null, index: 2 });
    expect(computeMove(rows, "a", "b", 1)).toEqual({ parentId: null, index: 1 });
  });

  it("onto a column makes it the first child", () => {
    expect(computeMove(rows, "c", "a", 0)).toEqual({ parentId: "a", index: 0 });
  });

  it("below a parent (pointer moved left past the last child) keeps it a sibling of the parent", () => {
    expect(computeMove(rows, "a1", "a", 1)).toEqual({ parentId: null, index: 1 });
  });

  it("into another parent's children", () => {
    expect(computeMove(rows, "b", "a2", 1)).toEqual({ parentId: "a", index: 2 });
  });

  it("never into its own subtree", () => {
    expect(computeMove(rows, "a", "a1", 0)).toBeNull();
    expect(computeMove(rows, "a", "a", 1)).toBeNull();
  });
});
