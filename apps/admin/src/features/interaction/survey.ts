// The survey builder's form values → the server's question list. Question and option keys are
// generated (q1, q2 … / a, b …) so staff never type identifiers; a condition ("show when question
// N is answered with …") refers to an earlier choice question by its position.

export type QuestionType = "single" | "multiple" | "text" | "rating";

export interface BuilderQuestion {
  type: QuestionType;
  title: string;
  required?: boolean;
  options?: Array<{ label: string }>;
  max?: number;
  /** Index of an earlier choice question, and the indexes of its options that show this one. */
  showIfQuestion?: number | null;
  showIfOptions?: number[];
}

export interface SurveyQuestion {
  key: string;
  type: QuestionType;
  title: string;
  options?: Array<{ key: string; label: string }>;
  required?: boolean;
  max?: number;
  showIf?: { question: string; anyOf: string[] };
}

export const questionKey = (i: number) => `q${i + 1}`;
export const optionKey = (j: number) => `o${j + 1}`;
export const isChoice = (t: QuestionType | undefined) => t === "single" || t === "multiple";

export function toSurveyQuestions(qs: BuilderQuestion[]): SurveyQuestion[] {
  return qs.map((q, i) => {
    const out: SurveyQuestion = { key: questionKey(i), type: q.type, title: (q.title ?? "").trim(), required: !!q.required };
    if (isChoice(q.type)) out.options = (q.options ?? []).map((o, j) => ({ key: optionKey(j), label: (o?.label ?? "").trim() })).filter((o) => o.label);
    if (q.type === "rating") out.max = q.max ?? 5;
    if (q.showIfQuestion !== undefined && q.showIfQuestion !== null && q.showIfQuestion < i && q.showIfOptions?.length) {
      out.showIf = { question: questionKey(q.showIfQuestion), anyOf: q.showIfOptions.map(optionKey) };
    }
    return out;
  });
}
