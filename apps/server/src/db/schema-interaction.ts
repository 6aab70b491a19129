// Tables of 政民互动 and 依申请公开 (issue 6). Re-exported by schema.ts.
export {};
