import { useQuery, type QueryClient } from "@tanstack/react-query";
import { ApiError, request, setCsrfToken } from "../lib/api";
import type { Me } from "../lib/types";
import type { Permission } from "@govsite/contracts";

export const meKey = ["me"] as const;

/** The signed-in person, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await request<Me>("/api/auth/me", { quiet: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });
}

export type { Permission } from "@govsite/contracts";

/** `can("a", "b")` is true when the person holds any of the permissions. */
export function useCan(): (...perms: Permission[]) => boolean {
  const { data } = useMe();
  const held = new Set(data?.permissions ?? []);
  return (...perms) => perms.some((p) => held.has(p));
}

export function clearSession(qc: QueryClient): void {
  setCsrfToken(null);
  qc.setQueryData(meKey, null);
  // Everything else belonged to the previous person.
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
}
