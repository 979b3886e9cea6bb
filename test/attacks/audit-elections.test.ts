import { startHarness, type Harness } from "../../sim/harness.js";
import type { Account, Comment, Issue } from "../../sim/world.js";
import { run as audit } from "../../src/cli/audit.js";
import { parseElectionRecord, renderElectionRecord } from "../../src/core/governance/election-record.js";
import type { Gateway } from "../../src/github/gateway.js";
import { ELECTION_KEY, ballots, botComments, rosterOf, sweepElections } from "../helpers/elections.js";
import { operatorGateway } from "../helpers/operator.js";


const RECORD = /<!-- secwg:election-record:[^>]+-->/;
let clock = new Date("2026-12-01T09:00:00Z");

/**
 * The audit decides every closed election again from secwg's signed election record and the
 * reactions on the ballot comments it binds, as GitHub dated them: a 👍 after the deadline does not
 * change the result; an edited record, or a winner carried into the roster whom the ballots did
 * not elect, disagrees (exit 1); a ballot comment that is gone cannot be verified, and says why.
 *
 * Two elections run side by side. The Chair's is clean until the tests tamper with it. The
 * Co-Chair's record is re-signed during its ballot, as someone holding the signing key (or a bug)
 * could, to elect the candidate the ballots did not: secwg carries it into the roster.
 */
describe("attacks: elections recomputed by secwg audit", () => {
  let h: Harness;
  let gateway: Gateway;
  let chair: Issue;
  let coChair: Issue;
  const say = (issue: Issue, who: Account, body: string) => h.act(() => h.sim.world.addComment(h.org.groupRepo, issue, who, body));
  const target = (issue: Issue) => `acme/${h.org.groupRepo.name}#${issue.number}`;
  const recordComment = (issue: Issue) => botComments(issue).find((c) => RECORD.test(c.body)) as Comment;
  const electionRows = async () => {
    const out: string[] = [];
    const code = await audit(["--org", "acme", "--json"], { gatewayFor: async () => gateway, signingKey: ELECTION_KEY, print: (t) => void out.push(t), note: (t) => void out.push(t) });
    const rows = JSON.parse(out.join("")) as Array<{ kind: string; subject: string; verdict: string; code: string; detail: string; decision: string }>;
    return { code, rows: rows.filter((r) => r.kind === "election") };
  };
  const rowOf = (rows: Awaited<ReturnType<typeof electionRows>>["rows"], issue: Issue) => rows.filter((r) => r.subject === target(issue)).map((r) => [r.verdict, r.code]);

  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock, signingKey: ELECTION_KEY } });
    h.sim.world.clock = () => clock;
    gateway = await operatorGateway(h);
    const { alice, dave, erin } = h.org.members;
    chair = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, alice, { title: "Election of the Chair" }));
    coChair = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, alice, { title: "Election of the Co-Chair" }));
    for (const [issue, role] of [[chair, "chair"], [coChair, "co-chair"]] as const) {
      await say(issue, alice, `/election open ${role}`);
      for (const who of [dave, erin]) {
        await say(issue, who, `/nominate @${who.login}`);
        await say(issue, who, "/accept");
      }
    }
    clock = new Date("2026-12-08T01:00:00Z");
    await sweepElections(h, clock);
    clock = new Date("2026-12-10T10:00:00Z");
    for (const issue of [chair, coChair]) {
      const first = ballots(issue, 0);
      h.sim.world.react(first.get("dave")!, alice, "+1");
      h.sim.world.react(first.get("dave")!, dave, "+1");
      h.sim.world.react(first.get("erin")!, erin, "+1");
    }
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it("a winner carried into the roster whom the ballots did not elect disagrees, and the audit exits 1", async () => {
    const { bob, erin } = h.org.members;
    const comment = recordComment(coChair);
    const parsed = parseElectionRecord(comment.body, ELECTION_KEY, target(coChair));
    if (parsed.kind !== "ok") throw new Error("the co-chair election has no record");
    const forged = { ...parsed.record, state: "elected" as const, result: { at: clock.toISOString(), winner: { id: erin.id, login: erin.login }, text: "Erin is elected." } };
    comment.body = comment.body.replace(RECORD, renderElectionRecord(forged, ELECTION_KEY));
    await sweepElections(h, clock);
    expect(rosterOf(h).byId(erin.id)?.roles).toEqual(["co-chair"]);
    expect(rosterOf(h).byId(bob.id)?.roles).toEqual(["member"]);
    const { code, rows } = await electionRows();
    expect(rowOf(rows, coChair)).toEqual([["disagrees", "election-result-differs"]]);
    expect(rows.find((r) => r.subject === target(coChair))?.detail).toContain(`round 1 recomputed elected member ${h.org.members.dave.id}, the record says elected member ${erin.id}`);
    expect(code).toBe(1);
  });

  it("a 👍 GitHub dates after the deadline is not counted: the recount agrees with the result", async () => {
    const { bob, carol, dave } = h.org.members;
    // Two electors back Erin half an hour after the ballot closed: counted, Erin would win 3 to 2.
    clock = new Date("2026-12-15T00:30:00Z");
    for (const who of [bob, carol]) h.sim.world.react(ballots(chair, 0).get("erin")!, who, "+1");
    clock = new Date("2026-12-15T01:00:00Z");
    await sweepElections(h, clock);
    expect(chair.state).toBe("closed");
    const { rows } = await electionRows();
    expect(rowOf(rows, chair)).toEqual([["agrees", "election-recomputed"]]);
    const row = rows.find((r) => r.subject === target(chair));
    expect(row?.decision).toBe(`elected member ${dave.id}`);
    expect(row?.detail).toContain(`round 1: 3 valid of 5 (member ${dave.id} 2, member ${h.org.members.erin.id} 1; 2 late, 0 spoiled)`);
  });

  it("a ballot comment that is gone cannot be verified, and the row says which", async () => {
    const ballot = ballots(chair, 0).get("erin")!;
    const at = chair.comments.indexOf(ballot);
    chair.comments.splice(at, 1);
    try {
      const { rows } = await electionRows();
      expect(rowOf(rows, chair)).toEqual([["cannot-verify", "ballot-comment-gone"]]);
      expect(rows.find((r) => r.subject === target(chair))?.detail).toBe(`round 1: ballot comment ${ballot.id} for member ${h.org.members.erin.id} is gone, so its reactions cannot be read`);
    } finally {
      chair.comments.splice(at, 0, ballot);
    }
  });

  it("an edited election record does not verify: it disagrees, and the audit exits 1", async () => {
    const { erin } = h.org.members;
    const comment = recordComment(chair);
    const original = comment.body;
    // Re-encode the payload with another winner, keeping secwg's signature.
    comment.body = original.replace(/election-record:([A-Za-z0-9_-]+)\./, (_all, payload: string) => {
      const record = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { result: { winner: { id: number; login: string } } };
      record.result.winner = { id: erin.id, login: erin.login };
      return `election-record:${Buffer.from(JSON.stringify(record)).toString("base64url")}.`;
    });
    try {
      const { code, rows } = await electionRows();
      expect(rowOf(rows, chair)).toEqual([["disagrees", "election-record-edited"]]);
      expect(code).toBe(1);
    } finally {
      comment.body = original;
    }
  });

  it("a copy of the signed record in another account's comment is never used", async () => {
    const signed = RECORD.exec(recordComment(chair).body)?.[0] as string;
    await say(chair, h.org.mallory, `pasted ${signed}`);
    const { rows } = await electionRows();
    expect(rowOf(rows, chair)).toEqual([
      ["cannot-verify", "foreign-record"],
      ["agrees", "election-recomputed"],
    ]);
  });

  it("makes only documented requests with valid bodies", () => {
    expect(h.sim.violations).toEqual([]);
  });
});
