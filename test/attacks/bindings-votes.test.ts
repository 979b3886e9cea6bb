import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";

/** A vote is decided by the reactions made before its deadline, however late the re-count runs. */
describe("attack: a 👍 after the vote's deadline decides it", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  function openRequest(): Issue {
    const { groupRepo, frank } = h.org;
    const world = h.sim.world;
    const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") ?? "";
    const body = (world.filesAt(groupRepo)?.get(".github/PULL_REQUEST_TEMPLATE/membership.md") ?? "")
      .replace(/<!-- Your name[^>]*-->/, "Frank Contributor")
      .replace(/<!-- Your GitHub login[^>]*-->/, `@${frank.login}`)
      .replace(/<!-- Security work[^>]*-->/, "Reported two issues.")
      .replace(/<!-- Why you want[^>]*-->/, "To help.")
      .replace(/<!-- Employers[^>]*-->/, "None")
      .replace("- [ ] I agree", "- [x] I agree");
    return world.openPull(groupRepo, frank, {
      title: "Membership request: frank",
      body,
      branch: "join-frank",
      changes: { "MEMBERS.yml": `${roster.trimEnd()}\n  - login: ${frank.login}\n    id: ${frank.id}\n    name: Frank Contributor\n    roles: [member]\n` },
    });
  }

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
