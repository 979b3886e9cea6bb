import { isRemovalBranch, planRemoval, reasonLogEffect, removalBranch, type RemovalPlanInput } from "../../../src/core/governance/removal-plan.js";
import { parseConsultationRecord, parseRemovalRecord, renderConsultationRecord, renderRemovalRecord, type RemovalRecord } from "../../../src/core/governance/removal-record.js";
import { REMOVAL_VOTE } from "../../../src/core/governance/removal-vote-kind.js";
import type { Review } from "../../../src/core/governance/removal.js";
import { Member, Roster } from "../../../src/core/roster.js";
import { voteKindRules } from "../../../src/core/vote/kind-registry.js";
import type { VoteRecord } from "../../../src/core/vote/vote-record.js";

const HEAD = "a".repeat(40);
const OLD = "b".repeat(40);
const m = (id: number, login: string, roles: Member["roles"] = ["member"], extra: Partial<Member> = {}): Member => Member.parse({ id, login, roles, ...extra });
const chair = m(1, "alice", ["chair"]);
const coChair = m(2, "bob", ["co-chair"]);
const liaison = m(3, "carol", ["board-liaison"]);
const subject = m(10, "sam");
const others = [m(11, "m11"), m(12, "m12")];
const roster = new Roster([chair, coChair, liaison, subject, ...others, m(20, "gone", ["member"], { term_ends: "2026-01-01" })]);
const PR = { owner: "acme", repo: "security-wg", issue_number: 7 };
const RECORD: RemovalRecord = { v: 1, repo: "acme/security-wg", branch: removalBranch(10), subject: { id: 10, login: "sam" }, by: { id: 11, login: "m11" }, issue: "acme/security-wg#3", comment: 99, at: "2026-12-01T09:00:00.000Z" };
const approve = (by: Member, commitId = HEAD): Review => ({ by: { id: by.id, login: by.login }, state: "APPROVED", commitId, submittedAt: "2026-12-01T10:00:00Z" });
const electorate = [chair, coChair, liaison, ...others].map((x) => ({ id: x.id, login: x.login }));
const vote = (state: VoteRecord["state"], yes: Member[] = []): RemovalPlanInput["vote"] => ({
  record: { v: 1, kind: "removal", target: "acme/security-wg#7", subject: { id: 10, login: "sam" }, electorate, opened: "2026-12-01T09:00:00Z", deadline: "2026-12-08T09:00:00Z", rule: "majority", quorum: null, extended: false, state },
  reactions: yes.map((x) => ({ user: { id: x.id, login: x.login }, content: "+1" })),
});

function input(over: Partial<RemovalPlanInput> = {}): RemovalPlanInput {
  return { pr: PR, record: RECORD, roster, today: "2026-12-02", now: new Date("2026-12-02T00:00:00Z"), headSha: HEAD, verified: true, reviews: [], consultations: [], vote: null, mergeMethod: "squash", tracker: { owner: "acme", repo: "security-tracker" }, ...over };
}
const kinds = (over: Partial<RemovalPlanInput>) => planRemoval(input(over)).effects.map((e) => e.kind);

describe("the removal vote kind", () => {
  it("is registered for votes of kind removal", () => {
    expect(voteKindRules("removal")).toBe(REMOVAL_VOTE);
  });

  it("chooses the members active today, without the subject, whatever role the subject holds", () => {
    expect(REMOVAL_VOTE.electorate(roster, { subject: { id: 10, login: "sam" }, today: "2026-12-02" }).map((p) => p.id)).toEqual([1, 2, 3, 11, 12]);
    expect(REMOVAL_VOTE.electorate(roster, { subject: { id: 2, login: "bob" }, today: "2026-12-02" }).map((p) => p.id)).toEqual([1, 3, 10, 11, 12]);
  });

  it.each<[VoteRecord["state"], "open" | "closed", string | null]>([
    ["passed", "open", "merge-removal"],
    ["passed", "closed", null],
    ["failed", "open", null],
    ["cancelled", "open", null],
  ])("a %s vote on a %s pull request follows up with %s", (state, prState, followUp) => {
    const record = (vote(state) as NonNullable<RemovalPlanInput["vote"]>).record;
    const outcome = REMOVAL_VOTE.outcome({ thread: PR, record, tally: { electorateSize: 5, yes: [], no: [], abstained: [], notVoted: [], ignored: [], late: [] }, pull: { state: prState, merged: false, authorId: 1, labels: [], headSha: HEAD }, carryOut: true });
    expect(outcome.effects).toEqual([]);
    expect(outcome.followUp?.kind ?? null).toBe(followUp);
  });
});

describe("the removal plan", () => {
  it.each<[string, Partial<RemovalPlanInput>, string[], string]>([
    ["nothing yet", {}, ["ensure-check-run"], "Removal not yet decided"],
    ["an open vote short of a majority", { vote: vote("open", [chair, coChair]) }, ["ensure-check-run"], "Removal not yet decided"],
    ["an open vote with a majority", { vote: vote("open", [chair, coChair, liaison]) }, ["ensure-check-run", "merge-pull", "ensure-log-entry"], "Removal passed by vote"],
    ["a vote closed as passed", { vote: vote("passed") }, ["ensure-check-run", "merge-pull", "ensure-log-entry"], "Removal passed by vote"],
    ["a cancelled vote", { vote: vote("cancelled", [chair, coChair, liaison]) }, ["ensure-check-run"], "Removal not yet decided"],
    ["both approvals and /consulted at the head", { reviews: [approve(chair), approve(coChair)], consultations: [{ by: { id: 3, login: "carol" }, headSha: HEAD, at: "2026-12-01T11:00:00Z" }] }, ["ensure-check-run", "merge-pull", "ensure-log-entry"], "Removal decided by the Chair and Co-Chair"],
    ["approvals of an earlier head", { reviews: [approve(chair, OLD), approve(coChair, OLD)], consultations: [{ by: { id: 3, login: "carol" }, headSha: HEAD, at: "2026-12-01T11:00:00Z" }] }, ["ensure-check-run"], "Removal not yet decided"],
    ["a decided removal whose pull request changed", { verified: false, vote: vote("passed") }, ["ensure-check-run"], "Removal pull request changed"],
  ])("%s", (_name, over, effects, title) => {
    const plan = planRemoval(input(over));
    expect(plan.effects.map((e) => e.kind)).toEqual(effects);
    const check = plan.effects[0];
    expect(check?.kind === "ensure-check-run" && check.check).toMatchObject({ name: "secwg / removal", head_sha: HEAD, external_id: "removal:acme/security-wg#7", title });
  });

  it("merges only at the head commit it checked, with a title that names no one", () => {
    const merge = planRemoval(input({ vote: vote("passed") })).effects.find((e) => e.kind === "merge-pull");
    expect(merge).toMatchObject({ sha: HEAD, commitTitle: "Removal of a member (#7)", method: "squash" });
  });

  it("never counts a vote about another member", () => {
    const other = vote("passed") as NonNullable<RemovalPlanInput["vote"]>;
    expect(kinds({ vote: { ...other, record: { ...other.record, subject: { id: 11, login: "m11" } } } })).toEqual(["ensure-check-run"]);
  });
});

describe("removal records and the tracker entry", () => {
  it("a removal record verifies only with the key, for its repository and branch", () => {
    const body = `${renderRemovalRecord(RECORD, "k")}\ntext`;
    expect(parseRemovalRecord(body, "k", { repo: "acme/security-wg", branch: "secwg/removal-10" })).toEqual(RECORD);
    expect(parseRemovalRecord(body, "other", { repo: "acme/security-wg", branch: "secwg/removal-10" })).toBeNull();
    expect(parseRemovalRecord(body, "k", { repo: "acme/security-wg", branch: "secwg/removal-11" })).toBeNull();
    expect(parseRemovalRecord(body.replace("secwg:removal-record:", "secwg:removal-record:x"), "k", { repo: "acme/security-wg", branch: "secwg/removal-10" })).toBeNull();
    expect(parseRemovalRecord(`${body}\n${body}`, "k", { repo: "acme/security-wg", branch: "secwg/removal-10" })).toBeNull();
  });

  it("a consultation record verifies only on its own pull request", () => {
    const body = renderConsultationRecord({ v: 1, target: "acme/security-wg#7", by: { id: 3, login: "carol" }, headSha: HEAD, comment: 5, at: "2026-12-01T11:00:00.000Z" }, "k");
    expect(parseConsultationRecord(body, "k", "acme/security-wg#7")?.by.id).toBe(3);
    expect(parseConsultationRecord(body, "k", "acme/security-wg#8")).toBeNull();
    expect(parseConsultationRecord(body, "k2", "acme/security-wg#7")).toBeNull();
  });

  it.each([["secwg/removal-10", true], ["secwg/removal-0", false], ["secwg/removal-10-x", false], ["secwg/term-10", false]])("%s is a removal branch: %s", (ref, expected) => {
    expect(isRemovalBranch(ref)).toBe(expected);
  });

  it("the tracker entry carries the reason escaped: no mention, link or hidden marker", () => {
    const effect = reasonLogEffect({ owner: "acme", repo: "security-tracker" }, { key: "99-1", subject: { id: 10, login: "sam" }, by: { id: 11, login: "m11" }, where: "acme/security-wg#3", reason: "ask @alice <!-- secwg:x:y --> [l](u)" });
    expect(effect.kind === "ensure-log-entry" && effect.body).toContain("Reason: ask @\u200balice &lt;\\!-- secwg:x:y --&gt; \\[l\\]\\(u\\)");
  });
});
