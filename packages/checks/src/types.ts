/**
 * Public types of the content-check engine (错敏信息检查).
 * Everything a caller sees is declared here so the editor, the reviewers' screens,
 * the public-site scanner and `govsite lint` share one vocabulary.
 */

/** block = must not be published; warn = a reviewer must look; info = advice only. */
export type Severity = "block" | "warn" | "info";

export type Category = "secret" | "pii" | "sensitive" | "expression" | "typo" | "advert" | "link";

export const CATEGORIES: readonly Category[] = [
  "secret",
  "pii",
  "sensitive",
  "expression",
  "typo",
  "advert",
  "link",
];

export interface Finding {
  /** Stable rule id, e.g. "pii.id-card", "sensitive.drugs", "typo.confusion". */
  rule: string;
  category: Category;
  severity: Severity;
  /** Offsets (UTF-16 code units) into the ORIGINAL input: text, HTML source or extracted file text. */
  start: number;
  end: number;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
  /** The text as the reader sees it (for HTML: without tags, entities decoded). */
  text: string;
  /** The corrected or de-identified form, when there is one. */
  suggestion?: string;
  /** A sentence in Chinese for the editor, naming the regulation article where one applies. */
  message: string;
  /** For PDF input: the 1-based page the finding is on. */
  page?: number;
}

/**
 * 信息类别. In punishment notices (惩戒公示/行政处罚决定公示) and mandatory disclosures
 * (强制性信息披露) the law allows the necessary personal data, so those findings become warnings.
 */
export type DocumentKind = "punishment_notice" | "mandatory_disclosure" | "ordinary" | (string & {});

/** A leader of the deployment with every title they currently hold. */
export interface Leader {
  name: string;
  titles: string[];
}

export interface CheckContext {
  documentKind?: DocumentKind;
  /** Extra leaders for this call (added to the deployment's table). */
  leaders?: Leader[];
  /** Extra whitelisted phrases for this call. */
  whitelist?: string[];
  /** Personal names known to appear in this document (authors, people named in it); typos never touch them. */
  personNames?: string[];
  /** Only run these categories (all by default). */
  categories?: Category[];
  /** Used to reject ID numbers with a birth date in the future. Defaults to now. */
  now?: Date;
}

/** Kinds of dictionary files; see dictionaries/README.md. */
export type DictionaryKind =
  | "sensitive"
  | "whitelist"
  | "typo"
  | "formulation"
  | "institution"
  | "advert"
  | "leaders"
  | "titles"
  | "domains";

export interface DictionaryEntry {
  /** The phrase searched for (for leaders: the name; for domains: the domain). */
  term: string;
  /** The correct form (typo, formulation, institution). */
  replacement?: string;
  severity?: Severity;
  /** leaders: titles held; domains: "block" | "allow" | "freemail". */
  values?: string[];
  note?: string;
}

/** A parsed dictionary, whether it came from a file or from the admin console. */
export interface Dictionary {
  /** Where it came from, for messages about it (a path or a name). */
  name: string;
  kind: DictionaryKind;
  /** For sensitive words: political, obscene, gambling, violence, cult, drugs, insult, … */
  category?: string;
  severity?: Severity;
  source?: string;
  /** "word" (default): must sit on word boundaries; "none": match even inside words. */
  boundary?: "word" | "none";
  entries: DictionaryEntry[];
}

/**
 * What `createChecker` accepts as an extra dictionary: a file or folder path,
 * dictionary text in the documented format (as stored by the admin console), or a parsed dictionary.
 */
export type DictionarySource = string | { name: string; text: string } | Dictionary;

/** A problem found while loading dictionaries; loading goes on without the bad line. */
export interface DictionaryIssue {
  dictionary: string;
  line: number;
  message: string;
}
