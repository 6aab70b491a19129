/**
 * @govsite/profiles — the rule profiles (规则方案): every checkable number and switch of govsite,
 * each with the article or national document it comes from. Files live in `profiles/*.json`;
 * `national` is the base that the county profiles extend.
 */
export {
  ROLE_KEYS,
  ROLE_NAMES,
  COUNTS_AS,
  profileValuesSchema,
  profileFileSchema,
  columnCategorySchema,
  reviewStepSchema,
  checklistItemSchema,
  type ChecklistItem,
  type ColumnCategory,
  type CountsAs,
  type ProfileFile,
  type ProfileValues,
  type ReviewStep,
  type RoleKey,
  type RuleKey,
} from "./schema.ts";
export { ProfileError, resolveProfile, type Profile, type ProfileReader } from "./resolve.ts";
export { DEFAULT_PROFILES_DIR, listProfiles, loadProfile, type ProfileSummary } from "./load.ts";
export { describeProfile, formatDays, ruleLabel, type ProfileRow } from "./describe.ts";
