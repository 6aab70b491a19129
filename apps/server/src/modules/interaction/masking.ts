// Personal data never reaches the public site: before a letter is published its text is
// de-identified automatically (the writer's own details wherever they appear, and whatever the
// check engine's personal-data detectors find, using their masked suggestion), then the centre
// may redact more by hand. Publication re-checks the result and refuses if anything is left.
import type { Checker, Finding } from "@govsite/checks";

export const REDACTED = "■■";

/** 张三 → 张*, 欧阳修远 → 欧***; phone-like strings keep their first 3 and last 4 characters. */
export function maskValue(v: string): string {
  const s = v.trim();
  if (s.length <= 1) return "*";
  if (/^[\d\s+-]{7,}$/.test(s)) return s.length > 7 ? `${s.slice(0, 3)}${"*".repeat(s.length - 7)}${s.slice(-4)}` : "*".repeat(s.length);
  if (s.includes("@")) return `${s[0]}***@${s.split("@")[1] ?? ""}`;
  return `${s[0]}${"*".repeat(Math.min(s.length - 1, 6))}`;
}

export interface Known {
  /** Values the writer gave us: name, phone, e-mail, address, ID number. */
  values: string[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function applyFindings(text: string, findings: Finding[]): string {
  const pii = findings.filter((f) => f.category === "pii").sort((a, b) => b.start - a.start);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const f of pii) {
    if (f.end > lastStart) continue; // overlapping: keep the later (already applied) one
    out = out.slice(0, f.start) + (f.suggestion ?? "*".repeat(f.end - f.start)) + out.slice(f.end);
    lastStart = f.start;
  }
  return out;
}

/** De-identifies one text: writer's details, detector findings, then manual redactions. */
export function maskText(checker: Checker, text: string, known: Known, redactions: string[] = []): string {
  let out = text;
  const values = known.values.map((v) => v.trim()).filter((v) => v.length >= 2).sort((a, b) => b.length - a.length);
  for (const v of values) out = out.replace(new RegExp(escapeRe(v), "g"), maskValue(v));
  out = applyFindings(out, checker.checkText(out, { categories: ["pii"] }));
  for (const r of redactions.map((x) => x.trim()).filter(Boolean).sort((a, b) => b.length - a.length)) out = out.replace(new RegExp(escapeRe(r), "g"), REDACTED);
  return out;
}

/** What would still leak: detector findings and the writer's own values, as messages. */
export function remainingPersonalData(checker: Checker, text: string, known: Known): string[] {
  const problems = checker.checkText(text, { categories: ["pii"] }).filter((f) => f.category === "pii" && f.severity !== "info").map((f) => f.message);
  for (const v of known.values.map((x) => x.trim()).filter((x) => x.length >= 2)) if (text.includes(v)) problems.push(`公开内容中仍含有来信人提供的个人信息“${maskValue(v)}”，请遮盖后再公开。`);
  return problems;
}
