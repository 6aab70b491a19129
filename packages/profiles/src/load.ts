import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveProfile, ProfileError, type Profile } from "./resolve.ts";

/** The repository's `profiles/` directory (this package is consumed as TypeScript source). */
export const DEFAULT_PROFILES_DIR = fileURLToPath(new URL("../../../profiles/", import.meta.url));

const NAME_RE = /^[a-z][a-z0-9_-]*$/;

function reader(dir: string) {
  return (name: string): unknown => {
    // The name comes from configuration; never let it walk out of the directory.
    if (!NAME_RE.test(name)) throw new Error(`方案名“${name}”不合法`);
    const file = path.join(dir, `${name}.json`);
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file, "utf8");
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new Error(`不是有效的 JSON：${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/**
 * Loads `<dir>/<name>.json`, merges its `extends` chain, validates it.
 * Throws `ProfileError` (Chinese message listing every problem) when it cannot be used.
 */
export function loadProfile(name: string, dir: string = DEFAULT_PROFILES_DIR): Profile {
  return resolveProfile(name, reader(dir));
}

export interface ProfileSummary {
  name: string;
  title: string;
  extends: string | null;
  description?: string;
}

/** The profiles in `dir`, base first then by name. Unreadable files are skipped (`loadProfile` reports them). */
export function listProfiles(dir: string = DEFAULT_PROFILES_DIR): ProfileSummary[] {
  const out: ProfileSummary[] = [];
  for (const file of readdirSync(dir)) {
    if (!file.endsWith(".json")) continue;
    const name = file.slice(0, -5);
    if (!NAME_RE.test(name)) continue;
    try {
      const raw = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
      const summary: ProfileSummary = {
        name,
        title: typeof raw["title"] === "string" ? raw["title"] : name,
        extends: typeof raw["extends"] === "string" ? raw["extends"] : null,
      };
      if (typeof raw["description"] === "string") summary.description = raw["description"];
      out.push(summary);
    } catch {
      continue;
    }
  }
  return out.sort((a, b) =>
    a.extends === null && b.extends !== null ? -1 : b.extends === null && a.extends !== null ? 1 : a.name.localeCompare(b.name),
  );
}

export { ProfileError };
