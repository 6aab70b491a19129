// Password hashing (argon2id) and the profile's password policy.
import { hash, verify } from "@node-rs/argon2";
import type { Issue } from "../../lib/errors.ts";

export interface PasswordPolicy {
  minLength: number;
  requiredClasses: number;
  rotationDays: number;
  historyCount: number;
}

// OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane).
// algorithm 2 = Argon2id (the package exports it as an ambient const enum).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verified against when the username does not exist, so timing does not reveal accounts. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword("govsite-dummy-password-for-timing"));

const CLASSES: Array<[RegExp, string]> = [
  [/[0-9]/, "数字"],
  [/[a-z]/, "小写字母"],
  [/[A-Z]/, "大写字母"],
  [/[^0-9a-zA-Z]/, "特殊符号"],
];

export function describePolicy(p: PasswordPolicy): string {
  return `密码长度不少于 ${p.minLength} 位，至少包含数字、小写字母、大写字母、特殊符号中的 ${p.requiredClasses} 类，不得包含用户名，不得与最近 ${p.historyCount} 次使用过的密码相同；每 ${p.rotationDays} 天须更换一次。`;
}

/** Problems with a candidate password that can be judged without the history. */
export function checkPasswordShape(p: PasswordPolicy, password: string, username: string): Issue[] {
  const issues: Issue[] = [];
  if ([...password].length < p.minLength) issues.push({ path: "newPassword", message: `密码长度不能少于 ${p.minLength} 位。` });
  const present = CLASSES.filter(([re]) => re.test(password));
  if (present.length < p.requiredClasses) {
    const missing = CLASSES.filter(([re]) => !re.test(password)).map(([, n]) => n);
    issues.push({ path: "newPassword", message: `密码须至少包含 ${p.requiredClasses} 类字符（当前缺少：${missing.join("、")}）。` });
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) issues.push({ path: "newPassword", message: "密码不能包含用户名。" });
  if (/\s/.test(password)) issues.push({ path: "newPassword", message: "密码不能包含空格。" });
  return issues;
}

export function passwordExpiresAt(p: PasswordPolicy, changedAt: Date): Date {
  return new Date(changedAt.getTime() + p.rotationDays * 86_400_000);
}
