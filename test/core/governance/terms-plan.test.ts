import { noticeKeyOf, planTerms, type ProposalSeen, type TermsPlanInput } from "../../../src/core/governance/terms-plan.js";
import { termKey } from "../../../src/core/governance/terms.js";
import { Member } from "../../../src/core/roster.js";

const group = { owner: "acme", repo: "security-wg" };
const ROSTER = ["members:", "  - login: erin", "    id: 5", "    term_ends: 2027-01-15", "  - login: alice", "    id: 1", "    roles: [chair]", ""].join("\n");
const members = [Member.parse({ login: "erin", id: 5, term_ends: "2027-01-15" }), Member.parse({ login: "alice", id: 1, roles: ["chair"] })];
const key = termKey(5, "2027-01-15");
const rules = { length: 365, renewalNoticeDays: 30, reminderDays: 7, graceDays: 7 };
const seen = (over: Partial<ProposalSeen> = {}): ProposalSeen => ({ number: 9, headSha: "c".repeat(40), ours: true, verified: true, ...over });

function input(over: Partial<TermsPlanInput> = {}): TermsPlanInput {
  return {
    group,
    rosterPath: "MEMBERS.yml",
    rosterText: ROSTER,
    members,
    today: "2027-01-22",
    rules,
    state: { notices: new Map([[key, { lastSent: "2027-01-20" }]]), lapseProposals: new Set([key]), renewing: new Set() },
    noticeIssues: new Map([[key, 3]]),
    lapsePulls: new Map([[key, seen()]]),
    renewPulls: new Map(),
    mergeMethod: "squash",
    ...over,
  };
}

describe("the terms plan", () => {
  it("merges a verified removal at its head when the grace ends, and closes the notice", () => {
    expect(planTerms(input()).map((e) => [e.kind, "number" in e ? e.number : "issue" in e && "issue_number" in e.issue ? e.issue.issue_number : null, "sha" in e ? e.sha.slice(0, 3) : null])).toEqual([
      ["merge-pull", 9, "ccc"],
      ["close-issue", 3, null],
    ]);
  });

  it("never merges an unverified removal: it proposes the planned roster again instead", () => {
    const plan = planTerms(input({ lapsePulls: new Map([[key, seen({ verified: false })]]) }));
    expect(plan.map((e) => e.kind)).toEqual(["propose-file"]);
    expect(plan[0]).toMatchObject({ branch: "secwg/term-ended/5-2027-01-15", content: ["members:", "  - login: alice", "    id: 1", "    roles: [chair]", ""].join("\n") });
  });

  it("withdraws only its own removal of a term the member renewed", () => {
    const renewed = [Member.parse({ login: "erin", id: 5, term_ends: "2028-01-15" })];
    const state = { notices: new Map(), lapseProposals: new Set([key]), renewing: new Set<number>() };
    expect(planTerms(input({ members: renewed, state, today: "2027-01-18" })).map((e) => e.kind)).toEqual(["close-pull"]);
    expect(planTerms(input({ members: renewed, state, today: "2027-01-18", lapsePulls: new Map([[key, seen({ ours: false, verified: false })]]) }))).toEqual([]);
  });

  it("merges a verified renewal left open, never an unverified one", () => {
    const renewPulls = new Map([[key, seen({ number: 12 })]]);
    const state = { notices: new Map([[key, { lastSent: "2027-01-20" }]]), lapseProposals: new Set<string>(), renewing: new Set([5]) };
    expect(planTerms(input({ renewPulls, state, lapsePulls: new Map() })).map((e) => e.kind)).toEqual(["merge-pull"]);
    expect(planTerms(input({ renewPulls: new Map([[key, seen({ verified: false })]]), state, lapsePulls: new Map() }))).toEqual([]);
  });

  it("logs instead of proposing when the entry cannot be removed safely", () => {
    const flow = "members: [{ login: erin, id: 5, term_ends: 2027-01-15 }]\n";
    const plan = planTerms(input({ rosterText: flow, state: { notices: new Map([[key, { lastSent: "2027-01-14" }]]), lapseProposals: new Set(), renewing: new Set() }, today: "2027-01-15", lapsePulls: new Map() }));
    expect(plan.map((e) => e.kind)).toEqual(["log"]);
  });

  it("reads a notice's key from the first line only", () => {
    expect(noticeKeyOf("<!-- secwg:term-notice:5:2027-01-15 -->\ntext")).toEqual({ memberId: 5, termEnds: "2027-01-15" });
    expect(noticeKeyOf("text\n<!-- secwg:term-notice:5:2027-01-15 -->")).toBeNull();
    expect(noticeKeyOf("<!-- secwg:term-notice:5:soon -->")).toBeNull();
  });
});
