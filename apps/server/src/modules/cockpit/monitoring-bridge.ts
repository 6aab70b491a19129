// What the cockpit reads from the monitoring module: the rolling availability of a site (probes)
// and the rectification tickets still open. A site without probes yet has no availability figure
// ("暂无监测数据") rather than a made-up 0 %.
import type { Services } from "../../services.ts";
import { availabilitySummary } from "../monitoring/availability.ts";
import { openTicketCounts } from "../monitoring/tickets.ts";

export interface AvailabilitySummary {
  probes: number;
  failures: number;
  ratio: number;
  level: "ok" | "warning" | "veto";
  lastFailureAt: Date | null;
}

export interface TicketCounts {
  /** Waiting for the unit's answer. */
  open: number;
  /** Answered, waiting for the 监管员's verification. */
  answered: number;
  /** Open past their deadline. */
  overdue: number;
}

/** The rolling availability of a site, or null when no probe has run in the window. */
export async function availabilityOf(svc: Services, siteId: string, at: Date): Promise<AvailabilitySummary | null> {
  const s = await availabilitySummary(svc, siteId, at);
  return s.probes > 0 ? s : null;
}

export async function ticketCountsOf(svc: Services, q: { siteId?: string; unitId?: string }): Promise<TicketCounts> {
  const r = await openTicketCounts(svc, q);
  return { open: r.open, answered: r.answered, overdue: r.overdue };
}
