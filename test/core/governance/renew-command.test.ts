import { planRenew, type RenewPlan } from "../../../src/core/governance/renew-command.js";
import { Member } from "../../../src/core/roster.js";

const rules = { length: 365, renewalNoticeDays: 30, reminderDays: 7, graceDays: 7 };
const dave = (termEnds?: string): Member => Member.parse({ id: 4, login: "dave", joined: "2026-01-15", ...(termEnds ? { term_ends: termEnds } : {}) });
const notice = { termEnds: "2027-01-15" };
const summary = (plan: RenewPlan) =>
  plan.kind === "renew" ? `renew ${plan.termEnds} → ${plan.newTermEnds}, then: ${plan.done}` : `reply${plan.refused ? ` (refused: ${plan.refused})` : ""}: ${plan.reply}`;

describe("/renew on the member's own notice", () => {
  it.each<[string, Member | undefined, string, string]>([
    ["within the renewal window", dave("2027-01-15"), "2026-12-20", "renew 2027-01-15 → 2028-01-15, then: @dave, your term is renewed: it now ends on 2028-01-15."],
    ["in the grace period after the term ended", dave("2027-01-15"), "2027-01-20", "renew 2027-01-15 → 2028-01-15, then: @dave, your term is renewed: it now ends on 2028-01-15."],
    ["already renewed from this notice", dave("2028-01-15"), "2026-12-20", "reply: @dave, your term is renewed: it now ends on 2028-01-15."],
    ["no longer on the roster", undefined, "2026-12-20", "reply: @dave, you are no longer in the roster, so there is no term to renew; ask to join again."],
    ["a notice about another term than the roster's", dave("2027-06-01"), "2026-12-20", "reply: @dave, this notice is about the term ending on 2027-01-15; the roster says your term ends on 2027-06-01."],
    ["an entry without a term", dave(), "2026-12-20", "reply: @dave, this notice is about the term ending on 2027-01-15; the roster says your term ends on no date."],
    ["before renewal opens", dave("2027-01-15"), "2026-11-01", "reply (refused: too-early): @dave, your term ends on 2027-01-15; renewal opens on 2026-12-16 (45 days from now)."],
    ["after the grace period", dave("2027-01-15"), "2027-01-22", "reply (refused: too-late): @dave, your term ended on 2027-01-15 and the grace period ended on 2027-01-22; ask to join again."],
  ])("%s", (_name, member, today, expected) => {
    expect(summary(planRenew({ actor: { login: "dave" }, member, notice, today, rules }))).toBe(expected);
  });
});
