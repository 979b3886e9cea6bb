import { startHarness, type Harness } from "../../sim/harness.js";
import type { Account, Issue } from "../../sim/world.js";
import { ELECTION_KEY, ballots, electionsSection, sweepDashboard, sweepElections } from "../helpers/elections.js";

/**
 * The dashboard follows an election from its signed record: nominations (who accepted, when they
 * close), the ballot (each candidate's valid 👍 so far, the frozen electorate, the deadline), and
 * nothing once the election is over. A second sweep writes nothing.
 */

let clock = new Date("2026-12-01T09:00:00Z");

describe("end to end: an open election on the dashboard", () => {
  let h: Harness;
  let issue: Issue;
  const say = (who: Account, body: string) => h.act(() => h.sim.world.addComment(h.org.groupRepo, issue, who, body));
  const row = () => `| [acme/${h.org.groupRepo.name}#${issue.number}](https://github.com/acme/${h.org.groupRepo.name}/issues/${issue.number}) | co-chair |`;

  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock, signingKey: ELECTION_KEY } });
    h.sim.world.clock = () => clock;
    issue = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, h.org.members.alice, { title: "Election of the Co-Chair" }));
  });
  afterAll(() => h.stop());

  it("shows nothing open before the election", async () => {
    expect(electionsSection(await sweepDashboard(h, clock))).toBe("None.");
  });

  it("shows the election during nominations with the nominees who accepted", async () => {
    const { alice, dave, erin } = h.org.members;
    await say(alice, "/election open co-chair");
    await say(dave, "/nominate @dave");
    await say(dave, "/accept");
    await say(erin, "/nominate @erin");
    const body = await sweepDashboard(h, clock);
    expect(electionsSection(body)).toContain(`${row()} nominations | \`dave\` | not frozen yet | 2026-12-08 00:00 UTC |`);
    const before = h.sim.log.length;
    await sweepDashboard(h, clock);
    expect(h.sim.writes(before)).toEqual([]);
  });

  it("shows the ballot's tallies as the election counts them, then nothing once it is over", async () => {
    const { alice, bob, carol, dave, erin } = h.org.members;
    await say(erin, "/accept");
    clock = new Date("2026-12-08T01:00:00Z");
    await sweepElections(h, clock);
    const first = ballots(issue, 0);
    clock = new Date("2026-12-10T10:00:00Z");
    for (const who of [alice, bob, dave]) h.sim.world.react(first.get("dave")!, who, "+1");
    h.sim.world.react(first.get("erin")!, erin, "+1");
    h.sim.world.react(first.get("erin")!, h.org.mallory, "+1");
    expect(electionsSection(await sweepDashboard(h, clock))).toContain(`${row()} ballot | \`dave\` 3 👍, \`erin\` 1 👍 | 5 | 2026-12-15 00:00 UTC |`);
    h.sim.world.react(first.get("erin")!, carol, "+1");
    expect(electionsSection(await sweepDashboard(h, clock))).toContain("`dave` 3 👍, `erin` 2 👍");
    clock = new Date("2026-12-15T01:00:00Z");
    await sweepElections(h, clock);
    expect(issue.state).toBe("closed");
    expect(electionsSection(await sweepDashboard(h, clock))).toBe("None.");
    expect(h.sim.violations).toEqual([]);
  });
});
