import { openFranksMembershipRequest } from "../../sim/scenarios.js";
import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";

/** A vote is decided by the reactions made before its deadline, however late the re-count runs. */
describe("attack: a 👍 after the vote's deadline decides it", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  const openRequest = (): Issue => openFranksMembershipRequest(h);

  it("ignores reactions made after the deadline and lists them as late", async () => {
    h = await startHarness();
    const world = h.sim.world;
    const { members } = h.org;
    const pr = await h.act(() => openRequest());
    const vote = pr.comments.find((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:vote:"));
    expect(vote).toBeDefined();
    // `votes.duration` is at most 90 days: 100 days on, the deadline has passed whatever the policy.
    const deadline = Date.now() + 100 * 86_400_000;

    world.react(vote!, members.alice, "+1"); // on time
    // After the deadline, before the next re-count: two more 👍 would make a majority of five.
    world.clock = () => new Date(deadline + 60_000);
    world.react(vote!, members.bob, "+1");
    world.react(vote!, members.carol, "+1");
    await h.sweep(new Date(deadline + 120_000));

    expect(pr.labels).toContain("vote: failed");
    expect(pr.pull?.merged).toBe(false);
    const counted = pr.comments.find((c) => c.id === vote!.id)?.body ?? "";
    expect(counted).toMatch(/Late, after the deadline, not counted: .*bob.*carol|Late, after the deadline, not counted: .*carol.*bob/);
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
