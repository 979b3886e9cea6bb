import { auditElection, type ElectionEvidence } from "../../../src/core/audit/elections.js";
import { closeRound, freeze, openElection, settleTie, tallyRound } from "../../../src/core/governance/election-plan.js";
import { electionMarker, renderElectionRecord, type ElectionRecord } from "../../../src/core/governance/election-record.js";
import type { ElectionTally } from "../../../src/core/governance/election.js";
import { parseRosterYaml } from "../../../src/core/roster.js";

const KEY = "election-audit-key";
const rules = { nominationDays: 7, votingDays: 7, quorum: 50, timeZone: "UTC" };
const p = (id: number, login: string) => ({ id, login });
const [alice, bob, carol, dave, erin] = [p(1, "alice"), p(2, "bob"), p(3, "carol"), p(4, "dave"), p(5, "erin")];
const roster = parseRosterYaml(
  ["members:", ...[["alice", 1, "chair"], ["bob", 2, "co-chair"], ["carol", 3, "board-liaison"], ["dave", 4, "member"], ["erin", 5, "member"]].map(([login, id, role]) => `  - login: ${login}\n    id: ${id}\n    roles: [${role}]\n    joined: 2025-01-01`), ""].join("\n"),
  "MEMBERS.yml",
);
const ISSUE = { owner: "acme", repo: "wg", issue_number: 1 };
const TARGET = "acme/wg#1";
const accepted = (n: { id: number; login: string }) => ({ nominee: n, by: n, at: "2026-12-01T10:00:00.000Z", answer: { accepted: true, at: "2026-12-01T11:00:00.000Z" } });
const vote = (who: { id: number; login: string }, at = "2026-12-10T00:00:00Z") => ({ user: who, content: "+1", created_at: at });
type Votes = Record<number, Array<{ user: { id: number; login: string }; content: string; created_at: string }>>;

/** Ballot comment ids: round r, candidate i → 100 + 10 r + i. */
function withBallots(record: ElectionRecord): ElectionRecord {
  const r = record.rounds.length - 1;
  const round = record.rounds[r] as ElectionRecord["rounds"][number];
  return { ...record, rounds: [...record.rounds.slice(0, -1), { ...round, ballots: round.candidates.map((c, i) => ({ candidate: c.id, comment: 100 + 10 * r + i })) }] };
}
const reactions = (votes: Votes) => new Map(Object.entries(votes).map(([k, v]) => [Number(k), v]));
const close = (record: ElectionRecord, votes: Votes, at: string) => closeRound(record, tallyRound(record, reactions(votes)) as ElectionTally, new Date(at), rules).record;
function started(cands: Array<{ id: number; login: string }>): ElectionRecord {
  const opened = openElection({ target: TARGET, role: "chair", by: alice, now: new Date("2026-12-01T09:00:00Z"), rules });
  return withBallots(freeze({ ...opened, nominations: cands.map(accepted) }, roster, new Date("2026-12-08T01:00:00Z")));
}
function evidence(record: ElectionRecord, votes: Votes, loggedState: string | null = record.state): ElectionEvidence {
  const ballots = record.rounds.flatMap((r) => r.ballots.map((b) => ({ id: b.comment, body: "ballot" })));
  return { target: TARGET, loggedState, ours: [{ id: 50, body: `${electionMarker(ISSUE)}\n${renderElectionRecord(record, KEY)}` }, ...ballots], foreign: [], reactions: reactions(votes) };
}
const audit = (e: ElectionEvidence, since: string | null = null) => auditElection(e, { signingKey: KEY, quorum: 50, since }).map((r) => [r.verdict, r.code]);

describe("audit of elections, from plain data", () => {
  // Candidates are in nomination order, then by id: bob (100), dave (101), erin (102).
  const firstVotes: Votes = { 100: [vote(bob)], 101: [vote(alice), vote(dave)], 102: [vote(carol), vote(erin)] };

  it("agrees with a run-off elected as the ballots of both rounds say", () => {
    const runoff = withBallots(close(started([dave, erin, bob]), firstVotes, "2026-12-15T01:00:00Z"));
    const votes = { ...firstVotes, 110: [vote(alice), vote(bob), vote(dave, "2026-12-20T00:00:00Z")], 111: [vote(erin)] };
    const elected = close(runoff, votes, "2026-12-22T01:00:00Z");
    expect(elected.result?.winner?.id).toBe(dave.id);
    expect(audit(evidence(elected, votes))).toEqual([["agrees", "election-recomputed"]]);
    // A run-off between other candidates than the first round's count gives disagrees.
    const moved = { ...elected, rounds: [elected.rounds[0]!, { ...elected.rounds[1]!, candidates: [dave, bob], ballots: [{ candidate: dave.id, comment: 110 }, { candidate: bob.id, comment: 111 }] }] };
    expect(audit(evidence(moved, votes))).toEqual([["disagrees", "election-result-differs"]]);
  });

  it("recounts with the quorum the record kept when nominations closed, not today's policy", () => {
    const opened = openElection({ target: TARGET, role: "chair", by: alice, now: new Date("2026-12-01T09:00:00Z"), rules });
    const kept = withBallots(freeze({ ...opened, nominations: [dave, erin].map(accepted) }, roster, new Date("2026-12-08T01:00:00Z"), 50));
    const votes: Votes = { 100: [vote(dave), vote(alice)], 101: [] };
    const closed = close(kept, votes, "2026-12-15T01:00:00Z");
    expect(closed.state).toBe("no-quorum");
    // Today's policy asks for 10 %: recounted with it the two ballots would elect dave, yet the audit agrees.
    const rows = auditElection(evidence(closed, votes), { signingKey: KEY, quorum: 10, since: null });
    expect(rows.map((r) => [r.verdict, r.code])).toEqual([["agrees", "election-recomputed"]]);
    expect(rows[0]?.detail).toContain("quorum 50% (kept in the record)");
  });

  it("cannot verify a tie the signers decided, but disagrees when they chose someone not tied", () => {
    const tied = close(started([dave, erin, bob]), { 100: [vote(dave)], 101: [vote(erin)], 102: [vote(bob)] }, "2026-12-15T01:00:00Z");
    expect(audit(evidence(tied, {}))).toEqual([["cannot-verify", "election-open"]]);
    const decided = { ...tied, tie: { ...tied.tie!, decisions: [{ by: alice, choice: [dave, erin], at: "2026-12-16T00:00:00.000Z" }, { by: carol, choice: [dave, erin], at: "2026-12-16T00:00:00.000Z" }] } };
    const runoff = withBallots(settleTie(decided, [alice, bob, carol], new Date("2026-12-16T01:00:00Z"), rules));
    const votes = { 100: [vote(dave)], 101: [vote(erin)], 102: [vote(bob)], 110: [vote(alice), vote(dave), vote(carol)], 111: [vote(erin)] };
    const elected = close(runoff, votes, "2026-12-24T01:00:00Z");
    expect(audit(evidence(elected, votes))).toEqual([["cannot-verify", "election-tie-decided"]]);
    const other = { ...elected, rounds: [elected.rounds[0]!, { ...elected.rounds[1]!, candidates: [dave, alice] }] };
    expect(audit(evidence(other, votes))).toEqual([["disagrees", "election-result-differs"]]);
  });

  it("checks the votes log's state, no candidates and no quorum, and leaves out what --since excludes", () => {
    const none = freeze(openElection({ target: TARGET, role: "chair", by: alice, now: new Date("2026-12-01T09:00:00Z"), rules }), roster, new Date("2026-12-08T01:00:00Z"));
    expect(audit(evidence(none, {}))).toEqual([["agrees", "election-recomputed"]]);
    const thin = close(started([dave, erin]), { 100: [vote(dave)] }, "2026-12-15T01:00:00Z");
    expect(thin.state).toBe("no-quorum");
    expect(audit(evidence(thin, { 100: [vote(dave)] }))).toEqual([["agrees", "election-recomputed"]]);
    expect(audit(evidence(thin, { 100: [vote(dave)] }, "elected"))).toEqual([["disagrees", "election-log-differs"], ["agrees", "election-recomputed"]]);
    // The ballots say no quorum; a record claiming a winner disagrees.
    const claimed = { ...thin, state: "elected" as const, result: { at: "2026-12-15T01:00:00.000Z", winner: dave, text: "x" } };
    expect(audit(evidence(claimed, { 100: [vote(dave)] }))).toEqual([["disagrees", "election-result-differs"]]);
    expect(audit(evidence(thin, { 100: [vote(dave)] }), "2027-01-01T00:00:00Z")).toEqual([]);
  });

  it("disagrees when the election comment or its record is gone", () => {
    const thin = close(started([dave, erin]), { 100: [vote(dave)] }, "2026-12-15T01:00:00Z");
    const e = evidence(thin, {});
    expect(audit({ ...e, ours: e.ours.slice(1) })).toEqual([["disagrees", "election-comment-gone"]]);
    expect(audit({ ...e, ours: [{ id: 50, body: electionMarker(ISSUE) }, ...e.ours.slice(1)] })).toEqual([["disagrees", "election-record-missing"]]);
    expect(audit({ ...e, ours: [{ id: 50, body: `${electionMarker(ISSUE)}\n${renderElectionRecord(thin, "another-key")}` }] })).toEqual([["disagrees", "election-record-edited"]]);
  });
});
