import { startHarness, type Harness } from "../../sim/harness.js";
import type { Account, Issue } from "../../sim/world.js";
import { ELECTION_KEY, ballots, botComments, rosterOf, sweepElections } from "../helpers/elections.js";

/**
 * A Chair election end to end: Alice (Chair) opens it; Dave, Erin and Bob are nominated and
 * accept; the window closes and three ballots are posted; nobody has a majority (2, 2, 1), so a
 * run-off between Dave and Erin opens; Dave wins it; the roster pull request making Dave Chair
 * (and Alice a member) is proposed and merged, the result logged in the tracker and the issue
 * closed. Every sweep runs twice, a command is redelivered: the repeats write nothing.
 */

let clock = new Date("2026-12-01T09:00:00Z");

describe("end to end: election of the Chair with a run-off", () => {
  let h: Harness;
  let issue: Issue;
  const say = (who: Account, body: string) => h.act(() => h.sim.world.addComment(h.org.groupRepo, issue, who, body));

  async function sweepTwice(at: string): Promise<void> {
    clock = new Date(at);
    const first = await sweepElections(h, clock);
    expect(JSON.stringify(first)).not.toMatch(/"outcome":"(failed|errors)"/);
    const before = h.sim.log.length;
    await sweepElections(h, clock);
    expect(h.sim.writes(before).map((w) => `${w.method} ${w.path}`)).toEqual([]);
  }

  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock, signingKey: ELECTION_KEY } });
    h.sim.world.clock = () => clock;
    issue = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, h.org.members.alice, { title: "Election of the Chair" }));
  });
  afterAll(() => h.stop());

  it("opens the election on the Chair's command: one signed record, the label, and an answer", async () => {
    await say(h.org.members.alice, "/election open chair");
    const record = botComments(issue).filter((c) => c.body.includes("secwg:election-record:"));
    expect(record).toHaveLength(1);
    expect(record[0]?.body).toContain("### Election of the Chair");
    expect(issue.labels).toContain("election: open");
    expect(botComments(issue).at(-1)?.body).toContain("@alice, the election of the Chair is open. Nominations close 2026-12-08 00:00 UTC.");
  });

  it("takes nominations and answers by the nominee; a redelivered nomination writes nothing", async () => {
    const { alice, bob, dave, erin } = h.org.members;
    const first = h.hooks.deliveries.length;
    await say(dave, "/nominate @dave");
    const command = h.hooks.deliveries.slice(first).find((d) => d.event === "issue_comment" && !d.redelivery) as (typeof h.hooks.deliveries)[number];
    await say(dave, "/accept");
    await say(erin, "/nominate @erin");
    await say(erin, "/accept");
    await say(alice, "/nominate @bob");
    await say(bob, "/accept");
    const record = botComments(issue).find((c) => c.body.includes("secwg:election-record:"));
    expect(record?.body).toContain("| @bob | @alice | accepted |");
    expect(record?.body).toContain("| @dave | @dave | accepted |");
    const before = h.sim.log.length;
    await h.act(() => h.hooks.redeliver(command));
    expect(h.sim.writes(before)).toEqual([]);
  });

  it("freezes candidates and electorate when nominations close and posts one ballot per candidate", async () => {
    await sweepTwice("2026-12-08T01:00:00Z");
    const first = ballots(issue, 0);
    expect([...first.keys()].sort()).toEqual(["bob", "dave", "erin"]);
    const record = botComments(issue).find((c) => c.body.includes("secwg:election-record:"));
    expect(record?.body).toContain("Candidates: @bob, @dave, @erin.");
    expect(record?.body).toContain("Electorate (5, frozen on 2026-12-08)");
  });

  it("opens a run-off between the two leaders when nobody has a majority", async () => {
    const { alice, bob, carol, dave, erin } = h.org.members;
    const first = ballots(issue, 0);
    clock = new Date("2026-12-10T10:00:00Z");
    h.sim.world.react(first.get("dave")!, alice, "+1");
    h.sim.world.react(first.get("dave")!, dave, "+1");
    h.sim.world.react(first.get("erin")!, carol, "+1");
    h.sim.world.react(first.get("erin")!, erin, "+1");
    h.sim.world.react(first.get("bob")!, bob, "+1");
    await sweepTwice("2026-12-10T10:00:00Z");
    const tally = botComments(issue).find((c) => c.body.includes("secwg:election-tally:"));
    expect(tally?.body).toContain("- @dave: 2 👍");
    expect(tally?.body).toContain("- @bob: 1 👍");
    expect(ballots(issue, 1).size).toBe(0);
    await sweepTwice("2026-12-15T01:00:00Z");
    expect([...ballots(issue, 1).keys()].sort()).toEqual(["dave", "erin"]);
    expect(botComments(issue).find((c) => c.body.includes("secwg:election-tally:"))?.body).toContain("**Tally (run-off)**");
    expect(issue.state).toBe("open");
  });

  it("elects the run-off's winner, changes the roles by a merged roster pull request, logs it and closes the election", async () => {
    const { alice, bob, carol, dave, erin } = h.org.members;
    const runoff = ballots(issue, 1);
    clock = new Date("2026-12-16T10:00:00Z");
    for (const who of [alice, bob, dave]) h.sim.world.react(runoff.get("dave")!, who, "+1");
    for (const who of [carol, erin]) h.sim.world.react(runoff.get("erin")!, who, "+1");
    // Before the deadline the Chair is still Alice.
    await sweepTwice("2026-12-16T10:00:00Z");
    expect(rosterOf(h).byId(alice.id)?.roles).toEqual(["chair"]);
    await sweepTwice("2026-12-22T01:00:00Z");
    const pull = h.org.groupRepo.issues.find((i) => i.pull && i.title === `Election result: member ${dave.id} becomes Chair`);
    expect(pull?.pull?.merged).toBe(true);
    expect(pull?.body).toContain(`/issues/${issue.number}#issuecomment-${botComments(issue).find((c) => c.body.includes("secwg:election-record:"))?.id}`);
    expect(rosterOf(h).byId(dave.id)?.roles).toEqual(["chair"]);
    expect(rosterOf(h).byId(alice.id)?.roles).toEqual(["member"]);
    expect(rosterOf(h).byId(bob.id)?.roles).toEqual(["co-chair"]);
    expect(issue.state).toBe("closed");
    expect(issue.labels).not.toContain("election: open");
    const record = botComments(issue).find((c) => c.body.includes("secwg:election-record:"));
    expect(record?.body).toContain("@dave is elected Chair with 3 of 5 valid ballots (3 needed).");
    const log = h.org.tracker.issues.find((i) => i.labels.includes("secwg: votes log"));
    expect(log?.comments.some((c) => c.body.includes("election of the Chair") && c.body.includes("**elected**"))).toBe(true);
    expect(h.sim.violations).toEqual([]);
  });
});

describe("end to end: a tie decided by the signers not in contention", () => {
  let h: Harness;
  let issue: Issue;
  const say = (who: Account, body: string) => h.act(() => h.sim.world.addComment(h.org.groupRepo, issue, who, body));

  beforeAll(async () => {
    clock = new Date("2026-12-01T09:00:00Z");
    h = await startHarness({ deps: { now: () => clock, signingKey: ELECTION_KEY } });
    h.sim.world.clock = () => clock;
    issue = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, h.org.members.alice, { title: "Election of the Chair" }));
  });
  afterAll(() => h.stop());

  it("a three-way tie for the lead goes to the signers; their majority picks the run-off; the candidate-signer cannot decide", async () => {
    const { alice, bob, carol, dave, erin } = h.org.members;
    await say(alice, "/election open chair");
    for (const who of [dave, erin, bob]) {
      await say(who, `/nominate @${who.login}`);
      await say(who, "/accept");
    }
    clock = new Date("2026-12-08T01:00:00Z");
    await sweepElections(h, clock);
    const first = ballots(issue, 0);
    clock = new Date("2026-12-10T10:00:00Z");
    h.sim.world.react(first.get("dave")!, dave, "+1");
    h.sim.world.react(first.get("erin")!, erin, "+1");
    h.sim.world.react(first.get("bob")!, bob, "+1");
    clock = new Date("2026-12-15T01:00:00Z");
    await sweepElections(h, clock);
    const record = () => botComments(issue).find((c) => c.body.includes("secwg:election-record:"))?.body;
    expect(record()).toContain("**Tie** between @bob, @dave, @erin.");
    await say(bob, "/decide @dave @erin");
    expect(botComments(issue).at(-1)?.body).toContain("a signer who is a candidate in the tie cannot decide it.");
    await say(dave, "/decide @dave @erin");
    expect(botComments(issue).at(-1)?.body).toContain("`/decide` can only be used by the Chair, the Co-Chair or the Board Liaison");
    await say(alice, "/decide @dave @erin");
    expect(ballots(issue, 1).size).toBe(0);
    const first2 = h.hooks.deliveries.length;
    await say(carol, "/decide @erin @dave");
    const command = h.hooks.deliveries.slice(first2).find((d) => d.event === "issue_comment" && !d.redelivery) as (typeof h.hooks.deliveries)[number];
    expect([...ballots(issue, 1).keys()].sort()).toEqual(["dave", "erin"]);
    expect(record()).toContain("voting closes 2026-12-22 00:00 UTC");
    const before = h.sim.log.length;
    await h.act(() => h.hooks.redeliver(command));
    await sweepElections(h, clock);
    expect(h.sim.writes(before)).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });
});
