import type { Member } from "../roster.js";
import { checkRenew, renewedTermEnds, type TermRules } from "./terms.js";

/**
 * What `/renew` does on the member's own renewal notice (the caller has checked, by numeric id,
 * that the commenter is the member the notice is about), pure: the roster entry and the notice
 * decide whether the term is already renewed, whether the notice still matches the roster, and
 * whether renewal is open today.
 */
export type RenewPlan =
  | { kind: "reply"; reply: string; refused?: string }
  /** Propose and merge `term_ends: termEnds → newTermEnds`; `done` is the reply once merged. */
  | { kind: "renew"; termEnds: string; newTermEnds: string; done: string };

export function planRenew(input: {
  actor: { login: string };
  /** The member's entry on the roster of the default branch; undefined when they are no longer on it. */
  member: Member | undefined;
  notice: { termEnds: string };
  /** `YYYY-MM-DD` in the group's time zone. */
  today: string;
  rules: TermRules;
}): RenewPlan {
  const { actor, member, notice } = input;
  if (!member) return { kind: "reply", reply: `@${actor.login}, you are no longer in the roster, so there is no term to renew; ask to join again.` };
  const done = `@${actor.login}, your term is renewed: it now ends on ${renewedTermEnds(notice.termEnds, input.rules)}.`;
  // Already renewed from this notice (a redelivery, or a renewal merged since): say so again.
  if (member.term_ends === renewedTermEnds(notice.termEnds, input.rules)) return { kind: "reply", reply: done };
  if (member.term_ends !== notice.termEnds) {
    return { kind: "reply", reply: `@${actor.login}, this notice is about the term ending on ${notice.termEnds}; the roster says your term ends on ${member.term_ends ?? "no date"}.` };
  }
  const decision = checkRenew(member, input.today, input.rules);
  if (!decision.ok) return { kind: "reply", reply: `@${actor.login}, ${decision.message}`, refused: decision.reason };
  return { kind: "renew", termEnds: decision.termEnds, newTermEnds: decision.newTermEnds, done };
}
