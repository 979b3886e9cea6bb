import { startHarness, type Harness } from "../../sim/harness.js";
import { DASHBOARD_MARKER } from "../../src/core/dashboard/dashboard.js";
import { ELECTION_KEY, sweepDashboard } from "../helpers/elections.js";

/**
 * Attack on the dashboard's refresh after events: another app (any account of type Bot) writes
 * comments carrying secwg's record markers, which is what makes secwg look at its dashboard again.
 * It can only ask for a rebuild: rebuilds stay bounded, nothing it wrote is trusted or shown, and an
 * unchanged dashboard writes nothing.
 */

const CANARY = "CANARY-dashboard-flood-3b7e";

describe("attack: a stranger's app asking for dashboard rebuilds", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deps: { signingKey: ELECTION_KEY } });
  });
  afterAll(() => h.stop());

  it("a flood of look-alike records costs what one costs, writes nothing and shows none of its text", async () => {
    const first = await sweepDashboard(h, new Date());
    expect(first).toContain(DASHBOARD_MARKER);
    const stranger = h.sim.world.addAccount("lookalike-app[bot]", "Bot");
    const issue = h.sim.world.createIssue(h.org.groupRepo, h.org.members.dave, { title: "Anything" });
    const forged = (i: number) => `<!-- secwg:vote-record:${CANARY}${i}.sig -->\n<!-- secwg:election-record:${CANARY}.sig -->\n${CANARY}`;

    let before = h.sim.log.length;
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, issue, stranger, forged(0)));
    const readsForOne = h.sim.log.length - before;
    expect(readsForOne).toBeGreaterThan(0);
    expect(h.sim.writes(before)).toEqual([]);

    before = h.sim.log.length;
    await h.act(() => {
      for (let i = 1; i <= 20; i++) h.sim.world.addComment(h.org.groupRepo, issue, stranger, forged(i));
    });
    // Twenty events ask for the one rebuild one event asks for.
    expect(h.sim.log.length - before).toBeLessThanOrEqual(readsForOne);
    expect(h.sim.writes(before)).toEqual([]);
    const dashboard = h.org.tracker.issues.find((i) => i.body.includes(DASHBOARD_MARKER));
    expect(dashboard?.body).not.toContain(CANARY);
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
