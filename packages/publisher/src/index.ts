/**
 * @govsite/publisher — content snapshot in, static site out.
 * No database access: the server builds a `SiteSnapshot` and calls these operations.
 */
export type * from "./types.ts";
export { NATIONAL_COLUMN_TYPES } from "./types.ts";
export {
  publishSite,
  applyChanges,
  previewPage,
  forgetWarm,
  DEFAULT_THEMES_ROOT,
  type PublishOptions,
  type PublishResult,
  type PublishProgress,
  type Changes,
} from "./publish.ts";
export { publishAll, type PublishAllOptions, type PublishAllResult } from "./parallel.ts";
export { readManifest, releasePaths, currentRelease, withLock, type FileEntry } from "./store.ts";
export { validateSnapshot, SnapshotError, type SnapshotIssue } from "./validate.ts";
export { loadTheme, ThemeError, checkOverride, checkTemplateSyntax, describeLiquidError, OVERRIDE_LIMITS, type TemplateProblem } from "./theme.ts";
export { SiteModel } from "./model.ts";
export { HANT_DIR, paginate, type Pagination } from "./model.ts";
export { pubDate } from "./time.ts";
export { homeSlotsOf } from "./pages.ts";
