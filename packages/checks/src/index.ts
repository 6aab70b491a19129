/**
 * @govsite/checks — the content-check engine (错敏信息检查).
 *
 *   const checker = createChecker({ profile: "shizhu", dictionaries: [deploymentDir] });
 *   checker.checkText("……", { documentKind: "punishment_notice" });
 *   checker.checkHtml("<p>……</p>");
 *   await checker.checkFile("通知.docx");
 */
export { createChecker } from "./checker.ts";
export type { Checker, CheckerOptions, FileCheckResult, ReloadResult } from "./checker.ts";
export { runLint } from "./lint.ts";
export type { LintIO } from "./lint.ts";
export { parseDictionary } from "./dictionaries/parse.ts";
export { DEFAULT_DICTIONARY_DIR, DEMO_DEPLOYMENT_DIR } from "./files/dictionaries.ts";
export { SUPPORTED_EXTENSIONS, UnsupportedFileError } from "./files/extract.ts";
export { PROFILE_NAMES, citationsFor, isProfileName } from "./regulations.ts";
export type { Citations, ProfileName } from "./regulations.ts";
export { SENSITIVE_CATEGORY_LABELS } from "./detectors/terms.ts";
export { isBankCard, isValidId15, isValidId18, idCheckChar, luhn, mask } from "./detectors/pii-validate.ts";
export type { Segmenter } from "./engine/segmenter.ts";
export { CATEGORIES } from "./types.ts";
export type {
  Category,
  CheckContext,
  Dictionary,
  DictionaryEntry,
  DictionaryIssue,
  DictionaryKind,
  DictionarySource,
  DocumentKind,
  Finding,
  Leader,
  Severity,
} from "./types.ts";
