import { startHarness, type Harness } from "../../sim/harness.js";
import type { Account, Issue } from "../../sim/world.js";
import { ELECTION_KEY, ballots, botComments, rosterOf, sweepElections } from "../helpers/elections.js";

/**
 * Attacks on elections: opening one without being a signer, answering someone else's nomination,
 * a forged election record (written by a person, or secwg's edited), and ballots that must not
 * count (a non-elector's 👍, a 👍 after the deadline, 👍 on two candidates).
 */

let clock = new Date("2026-12-01T09:00:00Z");

describe("attack: elections", () => {
  let h: Harness;
  let chair: Issue;
  const say = (issue: Issue, who: Account, body: string) => h.act(() => h.sim.world.addComment(h.org.groupRepo, issue, who, body));
  const recordOf = (issue: Issue) => botComments(issue).find((c) => c.body.includes("secwg:election-record:"));

  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock, signingKey: ELECTION_KEY } });
    h.sim.world.clock = () => clock;
    chair = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, h.org.members.dave, { title: "Chair election" }));
  });
  afterAll(() => h.stop());

  it("refuses /election open by a plain member, saying who may open one, and opens nothing", async () => {
    await say(chair, h.org.members.dave, "/election open chair");
    expect(recordOf(chair)).toBeUndefined();
    expect(chair.labels).not.toContain("election: open");
    expect(botComments(chair).at(-1)?.body).toContain("`/election` can only be used by the Chair, the Co-Chair or the Board Liaison");
  });

  it("refuses /accept by anyone but the nominee, by id, and records no answer", async () => {
    await say(chair, h.org.members.bob, "/election open chair");
    expect(recordOf(chair)).toBeDefined();
    await say(chair, h.org.members.dave, "/nominate @erin");
    await say(chair, h.org.members.dave, "/accept");
    await say(chair, h.org.mallory, "/accept");
    const refusals = botComments(chair).filter((c) => c.body.includes("only a nominee can accept or decline their own nomination."));
    expect(refusals).toHaveLength(2);
    expect(recordOf(chair)?.body).toContain("| @erin | @dave | not yet |");
  });

  it("refuses a second election of the same role while one is under way", async () => {
    const second = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, h.org.members.alice, { title: "Chair election, again" }));
    await say(second, h.org.members.alice, "/election open chair");
    expect(botComments(second).at(-1)?.body).toContain(`an election of the Chair is already under way in #${chair.number}`);
    expect(recordOf(second)).toBeUndefined();
  });

  it("ignores an election record a person wrote, even copied from secwg's", async () => {
    const forged = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, h.org.members.dave, { title: "Chair election (2)" }));
    const copied = (recordOf(chair)?.body as string).replace(`acme/security-wg#${chair.number}`, `acme/security-wg#${forged.number}`);
    await say(forged, h.org.members.dave, copied);
    await say(forged, h.org.members.dave, "/nominate @dave");
    expect(botComments(forged).at(-1)?.body).toContain("there is no election on this issue");
    expect(botComments(forged).some((c) => c.body.includes("secwg:election-record:"))).toBe(false);
  });

  it("counts neither a non-elector's 👍 nor a 👍 after the deadline, and spoils a ballot with 👍 on two candidates", async () => {
    const { alice, bob, carol, dave, erin } = h.org.members;
    clock = new Date("2026-12-02T09:00:00Z");
    await say(chair, erin, "/accept");
    await say(chair, dave, "/nominate @dave");
    await say(chair, dave, "/accept");
    await sweepElections(h, new Date("2026-12-08T01:00:00Z"));
    const first = ballots(chair, 0);
    expect([...first.keys()].sort()).toEqual(["dave", "erin"]);
    clock = new Date("2026-12-10T10:00:00Z");
    h.sim.world.react(first.get("dave")!, alice, "+1");
    h.sim.world.react(first.get("dave")!, h.org.mallory, "+1");
    h.sim.world.react(first.get("dave")!, carol, "+1");
    h.sim.world.react(first.get("erin")!, carol, "+1");
    clock = new Date("2026-12-15T00:30:00Z");
    h.sim.world.react(first.get("erin")!, bob, "+1");
    await sweepElections(h, new Date("2026-12-15T01:00:00Z"));
    const tally = botComments(chair).find((c) => c.body.includes("secwg:election-tally:"))?.body;
    expect(tally).toContain("- @dave: 1 👍");
    expect(tally).toContain("- @erin: 0 👍");
    expect(tally).toContain("- spoiled (not counted): @carol");
    expect(tally).toContain("- late (not counted): @bob");
    expect(tally).toContain("- not in the electorate (ignored): @mallory");
    // One valid ballot of five: below the quorum, nobody elected, the roster untouched.
    expect(recordOf(chair)?.body).toContain("Only 1 valid ballots were cast; 3 were needed");
    expect(rosterOf(h).byId(alice.id)?.roles).toEqual(["chair"]);
    expect(chair.state).toBe("closed");
    expect(h.sim.violations).toEqual([]);
  });
  it("fails closed on secwg's election record edited by a maintainer: not advanced, reported once to the tracker", async () => {
    clock = new Date("2026-12-20T09:00:00Z");
    const coChair = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, h.org.members.alice, { title: "Co-Chair election" }));
    await say(coChair, h.org.members.alice, "/election open co-chair");
    await say(coChair, h.org.members.dave, "/nominate @dave");
    const record = recordOf(coChair);
    if (!record) throw new Error("no record");
    // Alice (an admin) rewrites the record so nominations look closed with Dave the only candidate.
    const payload = /secwg:election-record:([^.]+)\./.exec(record.body)?.[1] as string;
    const json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    json.nominations[0].answer = { accepted: true, at: json.nominations[0].at };
    const edited = record.body.replace(payload, Buffer.from(JSON.stringify(json)).toString("base64url"));
    h.sim.world.editComment(h.org.groupRepo, record, h.org.members.alice, edited);
    await h.settle();
    await sweepElections(h, new Date("2026-12-28T01:00:00Z"));
    await sweepElections(h, new Date("2026-12-28T01:00:00Z"));
    expect(ballots(coChair, 0).size).toBe(0);
    const reports = h.org.tracker.issues.flatMap((i) => i.comments).filter((c) => c.body.includes(`#issuecomment-${record.id}`));
    expect(reports).toHaveLength(1);
    expect(reports[0]?.body).toContain("does not verify");
  });

  it("stops counting when a ballot comment is deleted: nothing counted, the signers told once, the sweep does not fail", async () => {
    const { alice, bob, dave, erin } = h.org.members;
    clock = new Date("2027-01-05T09:00:00Z");
    const again = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, alice, { title: "Chair election, second try" }));
    await say(again, bob, "/election open chair");
    clock = new Date("2027-01-06T09:00:00Z");
    await say(again, dave, "/nominate @erin");
    await say(again, erin, "/accept");
    await say(again, dave, "/nominate @dave");
    await say(again, dave, "/accept");
    await sweepElections(h, new Date("2027-01-12T01:00:00Z"));
    const posted = ballots(again, 0);
    expect(posted.size).toBe(2);
    h.sim.world.react(posted.get("dave")!, alice, "+1");
    await h.act(() => h.sim.world.deleteComment(h.org.groupRepo, posted.get("erin")!, alice));
    for (let run = 0; run < 2; run++) {
      const before = h.sim.log.length;
      const report = await sweepElections(h, new Date("2027-01-20T01:00:00Z"));
      // A person's problem, said in the sweep's report, not a crash; the second run writes nothing.
      expect(report.runs[0]?.outcome).toBe("errors");
      expect(report.runs[0]?.errors).toContain(`election on acme/security-wg#${again.number} stopped: the ballot comment of candidate id ${erin.id} (comment ${posted.get("erin")?.id}) was deleted, and its votes with it`);
      if (run === 1) expect(h.sim.writes(before)).toEqual([]);
    }
    expect(again.state).toBe("open");
    expect(h.org.groupRepo.issues.filter((i) => i.pull && i.created_at >= "2027-01-05")).toEqual([]);
    expect(rosterOf(h).byId(alice.id)?.roles).toEqual(["chair"]);
    const election = recordOf(again);
    const reports = h.org.tracker.issues.flatMap((i) => i.comments).filter((c) => c.body.includes(`#issuecomment-${election?.id}`));
    expect(reports).toHaveLength(1);
    expect(reports[0]?.body).toContain("was deleted");
    expect(h.sim.violations).toEqual([]);
  });
});
