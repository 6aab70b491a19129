import { describeProfile } from "@govsite/profiles";
import type { Services } from "../../services.ts";
import { forbidden } from "../../lib/errors.ts";
import { can, type Actor } from "../accounts/roles.ts";

/** The active rule profile as the console shows it: rule, value, source article. */
export function profileTable(svc: Services, actor: Actor) {
  if (!can(actor, "profile.read") && !can(actor, "audit.read")) throw forbidden();
  return { name: svc.profile.name, title: svc.profile.title, rows: describeProfile(svc.profile) };
}
