// Shared reference data (units, sites, roles, column meta) used by pickers on several pages.
import { useQuery } from "@tanstack/react-query";
import { api } from "./api";
import type { Column, ColumnMeta, ListResult, ProfileView, RoleDef, Site, Unit, User } from "./types";

export const keys = {
  units: ["units"] as const,
  sites: ["sites"] as const,
  roles: ["roles"] as const,
  columnMeta: ["column-meta"] as const,
  profile: ["profile"] as const,
  columns: (siteId: string) => ["columns", siteId] as const,
  users: (filters: Record<string, string | undefined>) => ["users", filters] as const,
};

export function useUnits(enabled = true) {
  return useQuery({
    queryKey: keys.units,
    queryFn: () => api.get<ListResult<Unit>>("/api/units").then((r) => r.items),
    enabled,
    staleTime: 30_000,
  });
}

export function useSites(enabled = true) {
  return useQuery({
    queryKey: keys.sites,
    queryFn: () => api.get<ListResult<Site>>("/api/sites").then((r) => r.items),
    enabled,
    staleTime: 30_000,
  });
}

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: keys.roles,
    queryFn: () => api.get<ListResult<RoleDef>>("/api/roles").then((r) => r.items),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useColumnMeta() {
  return useQuery({ queryKey: keys.columnMeta, queryFn: () => api.get<ColumnMeta>("/api/column-meta"), staleTime: 5 * 60_000 });
}

/** The active rule profile (GET /api/profile; every role that reads content holds profile.read). */
export function useProfile(enabled = true) {
  return useQuery({ queryKey: keys.profile, queryFn: () => api.get<ProfileView>("/api/profile"), enabled, staleTime: 5 * 60_000 });
}

/** One rule's value from the active profile by its key (e.g. `interaction.interviewNoticeDays`); undefined until loaded. */
export function useProfileValue<T>(key: string): T | undefined {
  return useProfile().data?.rows.find((r) => r.key === key)?.value as T | undefined;
}

export function useColumns(siteId: string | undefined) {
  return useQuery({
    queryKey: keys.columns(siteId ?? ""),
    queryFn: () => api.get<ListResult<Column>>(`/api/sites/${siteId}/columns`).then((r) => r.items),
    enabled: !!siteId,
  });
}

export function useUsers(filters: { unitId?: string; q?: string; status?: string }, enabled = true) {
  return useQuery({
    queryKey: keys.users(filters),
    queryFn: () => api.get<ListResult<User>>("/api/users", filters).then((r) => r.items),
    enabled,
  });
}

export interface TreeOption {
  value: string;
  title: string;
  key: string;
  children?: TreeOption[];
  disabled?: boolean;
}

/** Builds a tree from flat rows with parentId, ordered by `sort` then name. */
export function buildTree<T extends { id: string; parentId: string | null; sort?: number }>(
  rows: T[],
  toNode: (row: T) => Omit<TreeOption, "children" | "key" | "value">,
  opts: { exclude?: string } = {},
): TreeOption[] {
  const ids = new Set(rows.map((r) => r.id));
  const byParent = new Map<string | null, T[]>();
  for (const r of rows) {
    // An orphan (parent not visible to this person) is shown at the top level.
    const p = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    byParent.set(p, [...(byParent.get(p) ?? []), r]);
  }
  const make = (parent: string | null): TreeOption[] =>
    (byParent.get(parent) ?? [])
      .filter((r) => r.id !== opts.exclude)
      .sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0))
      .map((r) => {
        const children = make(r.id);
        return { ...toNode(r), key: r.id, value: r.id, ...(children.length ? { children } : {}) };
      });
  return make(null);
}

export function unitTreeOptions(units: Unit[] | undefined): TreeOption[] {
  return buildTree(units ?? [], (u) => ({ title: u.name }));
}

/** "县政府 / 政务公开 / 通知公告" for a column. */
export function columnPath(columns: Column[], id: string | null): string {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const names: string[] = [];
  let cur = id ? byId.get(id) : undefined;
  let guard = 0;
  while (cur && guard++ < 50) {
    names.unshift(cur.name);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return names.join(" / ");
}
