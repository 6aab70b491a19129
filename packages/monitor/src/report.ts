/**
 * Collects findings with bounded memory: the same problem on many pages (a footer element missing
 * from a template, a foreign script in the header, a broken link in the navigation) becomes one
 * finding with the first pages as examples and the total count, not ten thousand findings.
 */
import type { AuditFinding, FindingSeverity, FindingType, PageRef } from "./types.ts";
import { FINDING_TYPES } from "./types.ts";

/** Example pages kept per finding. */
export const PAGE_SAMPLE = 20;
/** Findings kept per type; the rest are counted. */
export const MAX_PER_TYPE = 2000;

const SEVERITY_ORDER: Record<FindingSeverity, number> = { severe: 0, warn: 1, info: 2 };

type Draft = Omit<AuditFinding, "pages" | "pageCount">;

interface Entry {
  finding: AuditFinding;
  /** Finalises the detail once the page count is known. */
  detail?: (pages: number) => string;
}

export class FindingBook {
  private readonly entries = new Map<string, Entry>();
  private readonly perType = new Map<FindingType, number>();
  readonly dropped = new Map<FindingType, number>();

  /**
   * Adds a page to the finding `key`, creating it from `make` the first time.
   * `detail` (optional) rewrites the sentence with the final page count.
   */
  add(key: string, make: () => Draft, page?: PageRef, detail?: (pages: number) => string): void {
    let e = this.entries.get(key);
    if (!e) {
      const draft = make();
      const n = this.perType.get(draft.type) ?? 0;
      if (n >= MAX_PER_TYPE) {
        this.dropped.set(draft.type, (this.dropped.get(draft.type) ?? 0) + 1);
        return;
      }
      this.perType.set(draft.type, n + 1);
      e = { finding: { ...draft }, detail };
      if (page) {
        e.finding.pages = [];
        e.finding.pageCount = 0;
      }
      this.entries.set(key, e);
    }
    if (page && e.finding.pages) {
      e.finding.pageCount = (e.finding.pageCount ?? 0) + 1;
      if (e.finding.pages.length < PAGE_SAMPLE) e.finding.pages.push(page);
    }
  }

  /** A finding that stands alone (site-wide counts, a cloaked page …). */
  push(f: AuditFinding): void {
    this.add(`#${this.entries.size}:${f.type}:${f.rule}:${f.url}`, () => f);
  }

  list(): AuditFinding[] {
    const out: AuditFinding[] = [];
    for (const e of this.entries.values()) {
      if (e.detail && e.finding.pageCount !== undefined) e.finding.detail = e.detail(e.finding.pageCount);
      out.push(e.finding);
    }
    return sortFindings(out);
  }
}

export function sortFindings(fs: AuditFinding[]): AuditFinding[] {
  const typeOrder = new Map(FINDING_TYPES.map((t, i) => [t, i]));
  return fs.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      typeOrder.get(a.type)! - typeOrder.get(b.type)! ||
      (b.pageCount ?? 0) - (a.pageCount ?? 0) ||
      a.url.localeCompare(b.url),
  );
}

export function summarise(fs: AuditFinding[]): Record<FindingSeverity, number> {
  const s: Record<FindingSeverity, number> = { severe: 0, warn: 0, info: 0 };
  for (const f of fs) s[f.severity]++;
  return s;
}
