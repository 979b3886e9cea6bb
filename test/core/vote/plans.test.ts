import type { Effect } from "../../../src/core/effects.js";
import { planClose, VOTE_OPEN_LABEL, type ClosePolicy } from "../../../src/core/vote/close-plan.js";
import { planOpen } from "../../../src/core/vote/open-plan.js";
import { planCancel, planExtend, planRecount, type GatheredVote } from "../../../src/core/vote/recount-plan.js";
import { parseVoteRecord, renderVoteRecord, voteMarker, type Person } from "../../../src/core/vote/vote-record.js";
import { NO, YES, tallyVote } from "../../../src/core/vote/vote-tally.js";
import { renderVoteComment } from "../../../src/core/vote/vote-comment.js";
import { aRecord, people, react } from "./builders.js";

const KEY = "test-key";
const THREAD = { owner: "octo-org", repo: "security-wg", issue_number: 7 };
const NOW = new Date("2026-11-26T12:00:00Z");
const CTX = { thread: THREAD, now: NOW, signingKey: KEY };
const [a, b, c] = people(3) as [Person, Person, Person];
const POLICY: ClosePolicy = { tracker: { owner: "octo-org", repo: "tracker" }, labels: { passed: "vote: passed", failed: "vote: failed" }, carryOut: true };
const OPEN_PULL = { state: "open" as const, merged: false, authorId: 5000, labels: [VOTE_OPEN_LABEL], headSha: "abc1234def" };

function gathered(reactions = [react(a, YES)], overrides = {}): GatheredVote & { kind: "ok" } {
  const record = aRecord(overrides);
  const body = renderVoteComment({ record, tally: tallyVote(record.electorate, reactions, record.deadline), marker: voteMarker(THREAD), signingKey: KEY });
  return { kind: "ok", comment: { id: 11, body, html_url: "https://example.test/c/11" }, record, reactions };
}
const kinds = (effects: readonly Effect[]) => effects.map((e) => e.kind);

describe("re-count plan", () => {
  it.each([
    ["a thread without a vote comment or open label", { kind: "missing" } as GatheredVote, [], "none"],
    ["a thread whose vote comment was deleted while the label is on", { kind: "missing" } as GatheredVote, [VOTE_OPEN_LABEL], "repost"],
    ["a vote comment whose record does not verify", { kind: "untrusted", reason: "edited", comment: { id: 1, body: "", html_url: "" } } as GatheredVote, [VOTE_OPEN_LABEL], "tampered"],
  ])("decides %s", (_name, vote, labels, expected) => {
    expect(planRecount(vote, CTX, labels).kind).toBe(expected);
  });

  it("writes nothing when the tally has not changed", () => {
    const plan = planRecount(gathered(), CTX, [VOTE_OPEN_LABEL]);
    expect(plan).toMatchObject({ kind: "open", effects: [] });
  });

  it("rewrites the vote comment when a new reaction changed the tally", () => {
    const vote = gathered();
    const plan = planRecount({ ...vote, reactions: [react(a, YES), react(b, NO)] }, CTX, [VOTE_OPEN_LABEL]);
    expect(plan.kind === "open" && kinds(plan.effects)).toEqual(["update-comment"]);
  });

  it("closes as passed on a majority of 👍, with the closing time in the signed record", () => {
    const vote = gathered();
    const plan = planRecount({ ...vote, reactions: [react(a, YES), react(b, YES)] }, CTX);
    if (plan.kind !== "close") throw new Error(plan.kind);
    expect(plan.record).toMatchObject({ state: "passed", closed: { at: NOW.toISOString() } });
    const body = (plan.effects[0] as Extract<Effect, { kind: "update-comment" }>).body;
    expect(parseVoteRecord(body, KEY, "octo-org/security-wg#7")).toMatchObject({ kind: "ok", record: { state: "passed" } });
  });

  it("asks to finish a close whose open label is still on, and only then", () => {
    const closed = gathered([react(a, YES), react(b, YES)], { state: "passed", closed: { at: NOW.toISOString() } });
    expect(planRecount(closed, CTX, [VOTE_OPEN_LABEL])).toMatchObject({ kind: "closed", finish: true });
    expect(planRecount(closed, CTX, [])).toMatchObject({ kind: "closed", finish: false });
  });
});

describe("close plan", () => {
  const record = aRecord({ state: "passed", closed: { at: NOW.toISOString() } });
  const tally = tallyVote(record.electorate, [react(a, YES), react(b, YES)]);

  it("checks, logs, labels, hands a passed membership request to the merge, and removes the open label last", () => {
    const plan = planClose({ thread: THREAD, record, tally, pull: OPEN_PULL, policy: POLICY });
    expect(plan && kinds(plan.effects)).toEqual(["ensure-check-run", "ensure-log-entry", "ensure-labels"]);
    expect(plan?.followUp).toEqual({ kind: "merge-membership" });
    expect(plan?.last).toEqual([expect.objectContaining({ kind: "ensure-labels", remove: [VOTE_OPEN_LABEL] })]);
  });

  it("welcomes instead of merging when the request was merged already by its subject", () => {
    const plan = planClose({ thread: THREAD, record, tally, pull: { ...OPEN_PULL, state: "closed", merged: true }, policy: POLICY });
    expect(plan?.followUp).toEqual({ kind: "welcome-member" });
  });

  it("closes a failed request with a kind message", () => {
    const failed = aRecord({ state: "failed", closed: { at: NOW.toISOString() } });
    const plan = planClose({ thread: THREAD, record: failed, tally: tallyVote(failed.electorate, [react(a, NO), react(b, NO)]), pull: OPEN_PULL, policy: POLICY, decision: { status: "failed", reason: "majority-impossible" } });
    expect(plan && kinds(plan.effects)).toEqual(["ensure-check-run", "ensure-log-entry", "ensure-labels", "ensure-comment", "close-pull"]);
  });

  it("with an unusable policy only checks and labels: no log, no merge, no close", () => {
    const plan = planClose({ thread: THREAD, record, tally, pull: OPEN_PULL, policy: null });
    expect(plan && kinds(plan.effects)).toEqual(["ensure-check-run", "ensure-labels"]);
    expect(plan?.followUp).toBeNull();
  });

  it("does not merge a passed vote when the policy says secwg does not carry results out", () => {
    expect(planClose({ thread: THREAD, record, tally, pull: OPEN_PULL, policy: { ...POLICY, carryOut: false } })?.followUp).toBeNull();
  });

  it("has nothing to finish once the open label is gone", () => {
    expect(planClose({ thread: THREAD, record, tally, pull: { ...OPEN_PULL, labels: [] }, policy: POLICY, finishing: true })).toBeNull();
  });
});

describe("open, cancel and extend plans", () => {
  it("opens a vote: the comment, then the open label, then the pending check", () => {
    const { record, effects } = planOpen({ thread: THREAD, kind: "membership", subject: { id: 5000, login: "newcomer" }, electorate: [a, b, c], unresolved: [c.id], now: NOW, settings: { duration: 7 }, headSha: "abc", signingKey: KEY });
    expect(kinds(effects)).toEqual(["ensure-comment", "ensure-labels", "ensure-check-run"]);
    expect(record).toMatchObject({ state: "open", unresolved: [c.id], deadline: "2026-12-03T12:00:00.000Z" });
  });

  it("cancels with who and why, then leaves the close to the close plan", () => {
    const plan = planCancel(gathered(), CTX, a, "withdrawn", null);
    expect(plan).toMatchObject({ kind: "cancel", record: { state: "cancelled", closed: { by: a, reason: "withdrawn" } } });
  });

  it("cancels an untrusted vote by freezing its comment, removing the label and failing the check", () => {
    const plan = planCancel({ kind: "untrusted", reason: "edited", comment: { id: 1, body: "", html_url: "" } }, CTX, a, "forged", { labels: [VOTE_OPEN_LABEL], headSha: "abc" });
    expect(plan.kind === "cancel-untrusted" && kinds(plan.effects)).toEqual(["update-comment", "ensure-labels", "ensure-check-run"]);
  });

  it("extends once and refuses a second extension", () => {
    const plan = planExtend(gathered(), CTX, 3);
    expect(plan).toMatchObject({ kind: "extended", deadline: "2026-12-05T12:00:00.000Z" });
    expect(planExtend(gathered([], { extended: true }), CTX, 3).kind).toBe("already-extended");
    expect(planExtend(gathered([], { state: "passed" }), CTX, 3).kind).toBe("not-open");
  });

  it("signs what it writes: the record in a planned comment verifies only for its thread", () => {
    const plan = planExtend(gathered(), CTX, 1);
    const body = plan.kind === "extended" ? (plan.effects[0] as Extract<Effect, { kind: "update-comment" }>).body : "";
    expect(body).toContain(renderVoteRecord(plan.kind === "extended" ? plan.record : aRecord(), KEY));
  });
});
