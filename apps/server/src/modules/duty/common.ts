// What the duty operations share: who may read and write duty records.
import { can } from "../accounts/roles.ts";
import { forbidden } from "../../lib/errors.ts";
import type { Actor } from "../accounts/roles.ts";

/** Duty records are read by duty officers and the supervising office. */
export function requireDutyRead(actor: Actor) {
  if (!can(actor, "duty.patrol") && !can(actor, "duty.manage")) throw forbidden("只有值班员和监管员可以查看值班记录。");
}

/** Patrols, incidents and counterfeit handling: duty officers and the supervising office. */
export const requireDutyWrite = requireDutyRead;

/** The roster, shifts and emergency plans: the supervising office. */
export function requireDutyManage(actor: Actor) {
  if (!can(actor, "duty.manage")) throw forbidden("只有监管员可以编排值班表和维护应急预案。");
}

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
