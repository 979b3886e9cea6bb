import { planAnswer, planDecision, planNomination, type ElectionCommandPlan } from "../../../src/core/governance/election-commands.js";
import { openElection } from "../../../src/core/governance/election-plan.js";
import type { ElectionRecord } from "../../../src/core/governance/election-record.js";
import { Roster, type Member } from "../../../src/core/roster.js";

const rules = { nominationDays: 7, votingDays: 7, quorum: 50, timeZone: "UTC" };
const p = (id: number, login: string) => ({ id, login });
const [alice, bob, carol, dave, erin, gone] = [p(1, "alice"), p(2, "bob"), p(3, "carol"), p(4, "dave"), p(5, "erin"), p(6, "gone")];
const m = (who: { id: number; login: string }, roles: Member["roles"], extra: Partial<Member> = {}): Member => ({ ...who, roles, tracker_access: false, away: false, joined: "2025-01-01", ...extra });
const roster = new Roster([m(alice, ["chair"]), m(bob, ["co-chair"]), m(carol, ["board-liaison"]), m(dave, ["member"]), m(erin, ["member"]), m(gone, ["member"], { term_ends: "2026-06-01" })]);
const open = (): ElectionRecord => openElection({ target: "acme/wg#1", role: "chair", by: alice, now: new Date("2026-12-01T09:00:00Z"), rules });
const during = new Date("2026-12-03T09:00:00Z");
const after = new Date("2026-12-09T09:00:00Z");
const nominated = (): ElectionRecord => ({ ...open(), nominations: [{ nominee: dave, by: alice, at: "2026-12-02T09:00:00.000Z" }] });
const tied = (): ElectionRecord => ({ ...open(), state: "tie", tie: { stage: "runoff", tied: [dave, erin], places: 1, settled: [], decisions: [] } });

/** A plan as one line: the refusal, or the reply and what changed in the record. */
function summary(plan: ElectionCommandPlan, changed: (r: ElectionRecord) => unknown): string {
  return plan.kind === "refuse" ? `refuse${plan.reason ? ` (${plan.reason})` : ""}: ${plan.reply}` : `record ${JSON.stringify(changed(plan.record))}: ${plan.reply}`;
}

describe("/nominate", () => {
  it.each<[string, { by: typeof alice; login: string; at?: Date; record?: ElectionRecord }, string]>([
    ["a member nominates another, named in any case", { by: alice, login: "DAVE" }, 'record [{"nominee":{"id":4,"login":"dave"},"by":{"id":1,"login":"alice"},"at":"2026-12-03T09:00:00.000Z"}]: @dave is nominated; they answer with `/accept` or `/decline` before 2026-12-08 00:00 UTC.'],
    ["self-nomination", { by: erin, login: "erin" }, 'record [{"nominee":{"id":5,"login":"erin"},"by":{"id":5,"login":"erin"},"at":"2026-12-03T09:00:00.000Z"}]: @erin is nominated; they answer with `/accept` or `/decline` before 2026-12-08 00:00 UTC.'],
    ["a login not on the roster", { by: alice, login: "mallory" }, "refuse: only an active member of the group can be nominated."],
    ["a former member", { by: alice, login: "gone" }, "refuse: only an active member of the group can be nominated."],
    ["by someone no longer a member", { by: gone, login: "dave" }, "refuse: only an active member of the group can nominate."],
    ["twice", { by: bob, login: "dave", record: nominated() }, "refuse: this member is already nominated."],
    ["after nominations close", { by: alice, login: "dave", at: after }, "refuse: nominations for this election are closed."],
    ["once the election has moved on", { by: alice, login: "dave", record: tied() }, "refuse: nominations for this election are closed."],
  ])("%s", (_name, input, expected) => {
    const plan = planNomination({ record: input.record ?? open(), by: input.by, login: input.login, roster, at: input.at ?? during, timeZone: "UTC" });
    expect(summary(plan, (r) => r.nominations)).toBe(expected);
  });
});

describe("/accept and /decline", () => {
  it.each<[string, { by: typeof alice; accepted: boolean; at?: Date; record?: ElectionRecord }, string]>([
    ["the nominee accepts", { by: dave, accepted: true }, 'record {"accepted":true,"at":"2026-12-03T09:00:00.000Z"}: you are a candidate.'],
    ["the nominee declines", { by: dave, accepted: false }, 'record {"accepted":false,"at":"2026-12-03T09:00:00.000Z"}: you declined the nomination.'],
    ["someone else answers for the nominee", { by: erin, accepted: true }, "refuse (not-nominated): only a nominee can accept or decline their own nomination."],
    ["after nominations close", { by: dave, accepted: true, at: after }, "refuse (closed): nominations for this election are closed."],
    ["once the election has moved on", { by: dave, accepted: true, record: { ...nominated(), state: "ballot" } }, "refuse (closed): nominations for this election are closed."],
  ])("%s", (_name, input, expected) => {
    const plan = planAnswer({ record: input.record ?? nominated(), by: input.by, accepted: input.accepted, at: input.at ?? during });
    expect(summary(plan, (r) => r.nominations[0]?.answer)).toBe(expected);
  });
});

describe("/decide", () => {
  const signers = [alice, bob, carol];
  it.each<[string, { by: typeof alice; logins: string[]; record?: ElectionRecord }, string]>([
    ["a signer not in contention names one of the tied", { by: carol, logins: ["Erin"] }, 'record [{"by":{"id":3,"login":"carol"},"choice":[{"id":5,"login":"erin"}],"at":"2026-12-03T09:00:00.000Z"}]: your decision is recorded.'],
    ["no tie", { by: carol, logins: ["erin"], record: open() }, "refuse: this election has no tie to decide."],
    ["not a signer", { by: dave, logins: ["erin"] }, "refuse: only the Chair, the Co-Chair or the Board Liaison can decide a tie."],
    ["a candidate outside the tie", { by: carol, logins: ["bob"] }, "refuse: name only candidates who are in the tie."],
    ["too many names", { by: carol, logins: ["dave", "erin"] }, "refuse: name exactly 1 of the tied candidates."],
  ])("%s", (_name, input, expected) => {
    const plan = planDecision({ record: input.record ?? tied(), by: input.by, logins: input.logins, signers, at: during });
    expect(summary(plan, (r) => r.tie?.decisions)).toBe(expected);
  });
});
