// Parsing untrusted input with zod, reporting every problem in Chinese against its field.
import { z } from "zod";
import { AppError } from "./errors.ts";

// zod's own messages (for rules without a custom message) in Simplified Chinese.
z.config(z.locales.zhCN());

export function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({
      path: i.path.join(".") || "(整体)",
      // A missing field reads better as "required" than as a type mismatch.
      message: i.code === "invalid_type" && (i as { input?: unknown }).input === undefined && i.message.startsWith("无效输入") ? "此项为必填项" : i.message,
  }));
  // With a single problem, its own words are the clearest message.
  throw new AppError("VALIDATION_FAILED", issues.length === 1 && issues[0]!.message !== "此项为必填项" ? issues[0]!.message : undefined, { issues });
}
