import { useState } from "react";
import type { FormInstance } from "antd";
import { ApiError } from "./api";

/**
 * Puts the server's per-field issues on the form. Returns the issues that matched no field, so the
 * caller can show them in the general error message.
 */
export function applyIssues(form: FormInstance, err: unknown, fields?: string[]): string[] {
  if (!(err instanceof ApiError) || err.issues.length === 0) return [];
  const known = new Set(fields ?? Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const issue of err.issues) {
    const top = issue.path.split(".")[0] ?? "";
    if (top && known.has(top)) {
      byField.set(top, [...(byField.get(top) ?? []), issue.message]);
    } else {
      rest.push(issue.message);
    }
  }
  form.setFields([...byField.entries()].map(([name, errors]) => ({ name, errors })));
  return rest;
}

/** Trims strings and turns empty optional strings into null, as the server expects. */
export function clean<T extends Record<string, unknown>>(values: T, nullable: (keyof T)[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const t = typeof v === "string" ? v.trim() : v;
    out[k] = nullable.includes(k as keyof T) && (t === "" || t === undefined) ? null : t;
  }
  return out as T;
}

/**
 * Puts field issues on the form and returns the sentence for the form's general error banner:
 * the unmatched issues, or a pointer to the marked fields, or the server's message.
 */
export function formError(form: FormInstance, err: unknown, fields: string[]): string {
  const rest = applyIssues(form, err, fields);
  if (rest.length) return rest.join("；");
  // Every issue sits on its field: the server's summary ("……请按提示修改") is enough.
  if (err instanceof ApiError && err.issues.length) return err.message || "请按标红处的提示修改后再提交。";
  return err instanceof ApiError || err instanceof Error ? err.message : "操作失败，请稍后重试。";
}

/**
 * The submit path of a console form: validate (invalid fields show their own messages), clear the
 * banner, send; on failure the server's issues go on the fields and the rest into `error`.
 * `submit` resolves to whether the send succeeded.
 */
export function useFormSubmit<T>(form: FormInstance<T>, fields: string[]) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (send: (values: T) => Promise<unknown>): Promise<boolean> => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return false;
    }
    setError(null);
    setBusy(true);
    try {
      await send(values);
      return true;
    } catch (err) {
      setError(formError(form, err, fields));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, submit };
}
