import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";

export interface DutyMeta {
  dutyRoles: Record<string, string>;
  incidentKinds: Record<string, string>;
  incidentLevels: Record<string, string>;
  incidentStatus: Record<string, string>;
  counterfeitStatus: Record<string, string>;
  counterfeitSteps: Record<string, string>;
  changeKinds: Record<string, string>;
}

/** Chinese names of the duty module's kinds, levels, states and steps, from the server. */
export function useDutyMeta() {
  return useQuery({ queryKey: ["duty-meta"], queryFn: () => api.get<DutyMeta>("/api/duty/meta"), staleTime: Infinity });
}
