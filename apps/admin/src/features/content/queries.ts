// Queries and role helpers shared by the content pages.
import type { RoleKey } from "@govsite/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { useMe } from "../../auth/session";
import type { ContentMeta, DocumentDetail, InboxItem } from "./types";

export const contentKeys = {
  meta: ["content-meta"] as const,
  documents: ["documents"] as const,
  document: (id: string) => ["documents", id] as const,
  revisions: (id: string) => ["documents", id, "revisions"] as const,
  inbox: ["review-inbox"] as const,
  submissions: ["submissions"] as const,
  register: ["register"] as const,
  takedowns: ["takedowns"] as const,
};

export function useContentMeta() {
  return useQuery({ queryKey: contentKeys.meta, queryFn: () => api.get<ContentMeta>("/api/content/meta"), staleTime: 5 * 60_000 });
}

export function useDocument(id: string | undefined) {
  return useQuery({
    queryKey: contentKeys.document(id ?? ""),
    queryFn: () => api.get<DocumentDetail>(`/api/documents/${id}`),
    enabled: !!id,
  });
}

export function useInbox(enabled = true) {
  return useQuery({
    queryKey: contentKeys.inbox,
    queryFn: () => api.get<{ items: InboxItem[] }>("/api/reviews/inbox").then((r) => r.items),
    enabled,
    refetchInterval: 60_000,
  });
}

export interface SiteRole {
  siteId: string;
  siteName: string;
  columnIds: string[] | null;
}

/** What the signed-in person does with content, read from their role assignments. */
export function useContentRoles() {
  const { data: me } = useMe();
  const roles = me?.roles ?? [];
  const has = (...keys: RoleKey[]) => roles.some((r) => keys.includes(r.role));
  const editorSites: SiteRole[] = [];
  for (const r of roles) {
    if (r.role === "editor" && r.siteId && !editorSites.some((s) => s.siteId === r.siteId)) {
      editorSites.push({ siteId: r.siteId, siteName: r.siteName ?? "", columnIds: r.columnIds });
    }
  }
  return {
    userId: me?.user.id ?? "",
    editor: has("editor"),
    reviewer: has("proofreader", "reviewer") || has("supervisor"),
    supervisor: has("supervisor"),
    /** Reads documents: every content role, and those who supervise or watch all sites. */
    reader: has("editor", "proofreader", "reviewer", "site_admin", "supervisor", "duty_officer"),
    editorSites,
    /** Highest review level held on a site (signing leaders may take pages down). */
    reviewLevel: (siteId: string) =>
      Math.max(0, ...roles.filter((r) => r.role === "reviewer" && r.siteId === siteId).map((r) => r.level ?? 0)),
    editsSite: (siteId: string) => editorSites.some((s) => s.siteId === siteId),
  };
}
