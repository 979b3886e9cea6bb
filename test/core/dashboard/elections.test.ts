import { dashboardElection, renderElectionRow } from "../../../src/core/dashboard/elections.js";
import { closeRound, freeze, openElection, tallyRound } from "../../../src/core/governance/election-plan.js";
import type { ElectionRecord } from "../../../src/core/governance/election-record.js";
import { tallyElection } from "../../../src/core/governance/election.js";
import { parseRosterYaml } from "../../../src/core/roster.js";

const rules = { nominationDays: 7, votingDays: 7, quorum: 50, timeZone: "UTC" };
const p = (id: number, login: string) => ({ id, login });
const [alice, bob, carol, dave, erin] = [p(1, "alice"), p(2, "bob"), p(3, "carol"), p(4, "dave"), p(5, "erin")];
const roster = parseRosterYaml(
  ["members:", ...[["alice", 1, "chair"], ["bob", 2, "co-chair"], ["carol", 3, "board-liaison"], ["dave", 4, "member"], ["erin", 5, "member"]].map(([login, id, role]) => `  - login: ${login}\n    id: ${id}\n    roles: [${role}]\n    joined: 2025-01-01`), ""].join("\n"),
  "MEMBERS.yml",
);
const URL = "https://github.com/acme/wg/issues/1";
const opened = new Date("2026-12-01T09:00:00Z");
const accepted = (n: { id: number; login: string }) => ({ nominee: n, by: n, at: "2026-12-01T10:00:00.000Z", answer: { accepted: true, at: "2026-12-01T11:00:00.000Z" } });
const vote = (who: { id: number; login: string }, at = "2026-12-10T00:00:00Z") => ({ user: who, content: "+1", created_at: at });
const base = (): ElectionRecord => openElection({ target: "acme/wg#1", role: "chair", by: alice, now: opened, rules });
const ballot = (cands: Array<{ id: number; login: string }>): ElectionRecord => {
  const r = freeze({ ...base(), nominations: cands.map(accepted) }, roster, new Date("2026-12-08T01:00:00Z"));
  return { ...r, rounds: [{ ...(r.rounds[0] as ElectionRecord["rounds"][number]), ballots: cands.map((c, i) => ({ candidate: c.id, comment: 100 + i })) }] };
};
const reactions = (votes: Record<number, ReturnType<typeof vote>[]>) => new Map(Object.entries(votes).map(([k, v]) => [Number(k), v]));

describe("dashboard: an open election from its signed record", () => {
  it("during nominations: the accepted nominees, no electorate yet, nominations' close as the deadline", () => {
    const record = { ...base(), nominations: [accepted(dave), { nominee: erin, by: dave, at: "2026-12-01T12:00:00.000Z" }] };
    expect(dashboardElection(record, URL, null)).toEqual({
      target: "acme/wg#1",
      url: URL,
      seat: "chair",
      phase: "nominations",
      candidates: [{ login: "dave", votes: null }],
      against: null,
      electorate: null,
      deadline: "2026-12-08T00:00:00.000Z",
    });
  });

  it("during the ballot: each candidate's valid 👍 as the election's own tally counts them (late, spoiled and strangers' left out)", () => {
    const record = ballot([dave, erin]);
    const votes = { 100: [vote(alice), vote(dave), vote(bob), vote(p(99, "mallory")), vote(carol, "2026-12-20T00:00:00Z")], 101: [vote(erin), vote(bob)] };
    const row = dashboardElection(record, URL, tallyRound(record, reactions(votes)));
    expect(row).toMatchObject({ phase: "ballot", candidates: [{ login: "dave", votes: 2 }, { login: "erin", votes: 1 }], against: null, electorate: 5, deadline: "2026-12-15T00:00:00.000Z" });
    expect(renderElectionRow(row!)).toEqual(["[acme/wg#1](https://github.com/acme/wg/issues/1)", "chair", "ballot", "`dave` 2 👍, `erin` 1 👍", "5", "2026-12-15 00:00 UTC"]);
  });

  it("an unopposed candidate shows 👍 and 👎", () => {
    const record = ballot([dave]);
    const row = dashboardElection(record, URL, tallyRound(record, reactions({ 100: [vote(dave), { user: alice, content: "-1", created_at: "2026-12-10T00:00:00Z" }] })));
    expect(renderElectionRow(row!)[3]).toBe("`dave` 1 👍; 1 👎");
  });

  it("a run-off and a tie awaiting /decide; an election that is over is not a row", () => {
    const three = ballot([dave, erin, bob]);
    const split = (r: ElectionRecord, votes: Record<number, ReturnType<typeof vote>[]>) => closeRound(r, tallyRound(r, reactions(votes)) as ReturnType<typeof tallyElection>, new Date("2026-12-15T01:00:00Z"), rules).record;
    const runoff = split(three, { 100: [vote(alice), vote(dave)], 101: [vote(carol), vote(erin)], 102: [vote(bob)] });
    expect(dashboardElection(runoff, URL, null)).toMatchObject({ phase: "run-off", candidates: [{ login: "dave", votes: 0 }, { login: "erin", votes: 0 }], deadline: "2026-12-22T00:00:00.000Z" });
    const tie = split(three, { 100: [vote(dave)], 101: [vote(erin)], 102: [vote(bob)] });
    const row = dashboardElection(tie, URL, null);
    expect(row).toMatchObject({ phase: "tie", deadline: null, electorate: 5 });
    expect(renderElectionRow(row!).slice(2)).toEqual(["tie: awaiting `/decide`", "`bob`, `dave`, `erin`", "5", "—"]);
    const elected = split(ballot([dave, erin]), { 100: [vote(alice), vote(bob), vote(dave)], 101: [vote(erin)] });
    expect(elected.state).toBe("elected");
    expect(dashboardElection(elected, URL, null)).toBeNull();
  });

  it("shows a login from the roster only as the characters a GitHub login may hold", () => {
    const record = { ...base(), nominations: [accepted(p(7, "eve`](https://evil.example)"))] };
    expect(renderElectionRow(dashboardElection(record, URL, null)!)[3]).toBe("`evehttpsevilexample`");
  });
});
