import type { Member, Roster } from "../roster.js";

/**
 * Who handles a new report. During onboarding (until `onboardingUntil`) only the Chair and
 * Co-Chair; afterwards members with `tracker_access` who are not away. Among candidates the one
 * with the fewest open reports wins, then the fewest reports ever assigned (which makes equal loads
 * rotate round-robin), then roster order: the same inputs always give the same person.
 */
export interface AssignmentInput {
  roster: Roster;
  /** `YYYY-MM-DD`. */
  today: string;
  onboardingUntil?: string | undefined;
  /** Open reports per assignee id. */
  openLoad: ReadonlyMap<number, number>;
  /** All reports (open and closed) per assignee id. */
  totalLoad: ReadonlyMap<number, number>;
}

export type AssignmentDecision =
  | { kind: "assigned"; member: Member; pool: "chairs" | "members" }
  | { kind: "unassigned"; reason: string };

export function pickAssignee(input: AssignmentInput): AssignmentDecision {
  const active = input.roster.activeOn(input.today);
  const chairs = active.filter((m) => m.roles.includes("chair") || m.roles.includes("co-chair"));
  const onboarding = input.onboardingUntil !== undefined && input.today < input.onboardingUntil;
  const members = active.filter((m) => m.tracker_access && !m.away);
  let pool: "chairs" | "members" = "members";
  let candidates = members;
  if (onboarding || members.length === 0) {
    pool = "chairs";
    const present = chairs.filter((m) => !m.away);
    candidates = present.length > 0 ? present : chairs;
  }
  if (candidates.length === 0) return { kind: "unassigned", reason: "the roster has no active Chair, Co-Chair or member with tracker access" };
  const order = new Map(input.roster.members.map((m, i) => [m.id, i]));
  const ranked = [...candidates].sort(
    (a, b) =>
      (input.openLoad.get(a.id) ?? 0) - (input.openLoad.get(b.id) ?? 0) ||
      (input.totalLoad.get(a.id) ?? 0) - (input.totalLoad.get(b.id) ?? 0) ||
      (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0),
  );
  return { kind: "assigned", member: ranked[0] as Member, pool };
}
