// opencc-js ships its dictionaries as ES modules without type declarations.
// Each default export is "源 目标|源 目标|…" (one or more space-separated targets).
declare module "opencc-js/dict/TSCharacters" {
  const data: string;
  export default data;
}
declare module "opencc-js/dict/CJK_Compatibility_Ideographs" {
  const data: string;
  export default data;
}
