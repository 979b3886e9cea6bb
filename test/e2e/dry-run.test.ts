import { Probot } from "probot";
import { startHarness, type Harness } from "../../sim/harness.js";
import type { Account, Issue } from "../../sim/world.js";
import { ELECTION_KEY, ballots, rosterOf, sweepElections } from "../helpers/elections.js";
import { openFranksMembershipRequest, SCENARIOS } from "../../sim/scenarios.js";
import { run } from "../../src/cli/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";

const DAY = 24 * 60 * 60 * 1000;

/** `secwg sweep [--dry-run]` against the simulator, at `now`; what it printed and its exit code. */
async function secwgSweep(h: Harness, args: string[], now: Date): Promise<{ code: number; printed: string }> {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  const printed: string[] = [];
  const code = await run(args, { probot, signingKey: h.hooks.options.secret, now: () => now, log: createLogger({ level: "silent" }), print: (t) => printed.push(t) });
  return { code, printed: printed.join("\n") };
}

/**
 * A dry run is the real sweep with a gateway that records its writes: over the group the demo
 * leaves behind (a review, a vote, a report, a board report, an election), weeks later when votes,
 * deadlines and reminders are due, it sends no write to GitHub, prints each write it would make,
 * and never reads back an object it did not create (such a read would fail a step). The real sweep
 * that follows does write, so the dry run had something to show.
 */
describe("end to end: secwg sweep --dry-run over the demo's group", () => {
  let h: Harness;
  beforeAll(async () => {
    // The scenarios play weeks of activity in seconds: per-minute limits scaled as the demo scales them.
    h = await startHarness({ simulator: { limits: { pointsPerMinute: 900 * 6, contentPerMinute: 80 * 6 } } });
    for (const scenario of SCENARIOS) await scenario.run(h, () => undefined);
    // Left for the sweep: a vote whose deadline will have passed, and a report whose intake was lost
    // (its webhook never delivered), so the dry run meets flows that create and then read back.
    await h.act(() => openFranksMembershipRequest(h));
    h.hooks.paused = true;
    h.sim.world.reportVulnerability(h.org.webapp, h.org.mallory, { summary: "Open redirect in the login form", description: "The next parameter is followed unchecked.", severity: "medium" });
  }, 180_000);
  afterAll(() => h?.stop());

  it("writes nothing, prints the writes it would make, and every step finishes", async () => {
    const later = new Date(Date.now() + 120 * DAY);
    const from = h.sim.log.length;
    const dry = await secwgSweep(h, ["--dry-run"], later);
    expect(h.sim.writes(from)).toEqual([]);
    expect(dry.code).toBe(0);
    expect(dry.printed).toContain("sweep (dry run) started");
    expect(dry.printed).not.toMatch(/: (failed|timeout) in /);
    const planned = dry.printed.split("\n").filter((line) => line.startsWith("  - would "));
    // The lost report: its tracker issue, its first log entry (on the issue not yet opened) and the assignee on the advisory.
    expect(planned).toEqual(expect.arrayContaining([
      "  - would ensure the report issue in acme/security-tracker [secwg:report]",
      "  - would comment on the new issue in acme/security-tracker",
      expect.stringMatching(/^ {2}- would update advisory GHSA-[\w-]+ in acme\/webapp \(collaborating_users\)$/),
    ]));
    expect(dry.printed.split("\n").filter((line) => line.startsWith("  - ") && !line.startsWith("  - would "))).toEqual([]);
    // Nothing the dry run did not create is read: no request for an issue or comment numbered 0.
    expect(h.sim.log.slice(from).filter((e) => /\/(issues|pulls|comments)\/0(\/|$)/.test(e.path))).toEqual([]);

    const real = await secwgSweep(h, [], later);
    expect(real.code).toBe(0);
    expect(h.sim.writes(from).length).toBeGreaterThan(0);
  }, 180_000);
});

/**
 * An election is the flow that most reads back what it writes: ballots posted then bound into the
 * record and their reactions read; the roster change proposed, merged and the roster read again.
 * Before each real sweep a dry run at the same time writes nothing, lists what the real sweep then
 * does, never reads an object it did not create, and stops after one pass.
 */
describe("end to end: a dry run before each sweep of an election", () => {
  let clock = new Date("2026-12-01T09:00:00Z");
  let h: Harness;
  let issue: Issue;
  const say = (who: Account, body: string) => h.act(() => h.sim.world.addComment(h.org.groupRepo, issue, who, body));

  async function dryThenReal(at: string): Promise<string[]> {
    clock = new Date(at);
    const from = h.sim.log.length;
    const dry = (await sweepElections(h, clock, { dryRun: true })) as { runs: { outcome: string; actions: string[] }[] };
    expect(h.sim.writes(from)).toEqual([]);
    expect(dry.runs.map((r) => r.outcome)).toEqual(["ok"]);
    expect(h.sim.log.slice(from).filter((e) => /\/(issues|pulls|comments)\/0(\/|$)/.test(e.path))).toEqual([]);
    await sweepElections(h, clock);
    return dry.runs[0]!.actions;
  }

  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock, signingKey: ELECTION_KEY } });
    h.sim.world.clock = () => clock;
    issue = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, h.org.members.alice, { title: "Election of the Chair" }));
    const { alice, bob, dave, erin } = h.org.members;
    await say(alice, "/election open chair");
    for (const [who, whom] of [[dave, dave], [erin, erin], [alice, bob]] as const) {
      await say(who, `/nominate @${whom.login}`);
      await say(whom, "/accept");
    }
  });
  afterAll(() => h?.stop());

  it("plans the ballots, the run-off and the roster change, and the real sweeps then make them", async () => {
    const { alice, bob, carol, dave, erin } = h.org.members;
    const at = `${h.org.groupRepo.owner.login}/${h.org.groupRepo.name}`;
    const closing = await dryThenReal("2026-12-08T01:00:00Z");
    expect(closing.filter((l) => l.startsWith(`would ensure the election-ballot comment on ${at}#${issue.number}`))).toHaveLength(3);
    expect(ballots(issue, 0).size).toBe(3);

    const first = ballots(issue, 0);
    for (const [who, whom] of [[alice, "dave"], [dave, "dave"], [carol, "erin"], [erin, "erin"], [bob, "bob"]] as const) h.sim.world.react(first.get(whom)!, who, "+1");
    await dryThenReal("2026-12-10T10:00:00Z");
    await dryThenReal("2026-12-15T01:00:00Z");
    const runoff = ballots(issue, 1);
    expect([...runoff.keys()].sort()).toEqual(["dave", "erin"]);

    for (const who of [alice, bob, dave]) h.sim.world.react(runoff.get("dave")!, who, "+1");
    for (const who of [carol, erin]) h.sim.world.react(runoff.get("erin")!, who, "+1");
    const elected = await dryThenReal("2026-12-22T01:00:00Z");
    // Once: the proposal was not made, so the loop that reads the roster again after it stops.
    expect(elected.filter((l) => l === `would open pull request in ${at} adding MEMBERS.yml`)).toHaveLength(1);
    expect(rosterOf(h).byId(dave.id)?.roles).toEqual(["chair"]);
  }, 180_000);
});
