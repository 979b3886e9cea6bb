import { openFranksMembershipRequest } from "../../sim/scenarios.js";
import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";

/** A membership request changes exactly the roster file: when the vote opens, on every push, and right before the merge. */
describe("attack: a membership request that carries other files", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  const WORKFLOW = ".github/workflows/release.yml";
  const EVIL = "on: push\njobs:\n  steal:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo pwned\n";

  const openRequest = (extra: Record<string, string> = {}): Issue => openFranksMembershipRequest(h, extra);
  const voteComment = (pr: Issue) => pr.comments.find((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:vote:"));
  const membershipCheck = (pr: Issue) =>
    h.org.groupRepo.checkRuns.filter((r) => r.head_sha === pr.pull?.head.sha && r.name === "secwg / membership").sort((a, b) => b.id - a.id)[0];

  it("opens no vote on a request that also adds a workflow, and fails its membership check", async () => {
    h = await startHarness();
    const pr = await h.act(() => openRequest({ [WORKFLOW]: EVIL }));
    expect(voteComment(pr)).toBeUndefined();
    expect(membershipCheck(pr)?.conclusion).toBe("failure");
    expect(pr.comments.some((c) => c.user.id === h.sim.bot.id && c.body.includes("changes 1 file besides `MEMBERS.yml`"))).toBe(true);
    expect(pr.pull?.merged).toBe(false);
  });

  it("never merges a request whose author pushed another file after the vote opened", async () => {
    h = await startHarness();
    const world = h.sim.world;
    const { members, frank, groupRepo } = h.org;
    const pr = await h.act(() => openRequest());
    const vote = voteComment(pr);
    expect(vote).toBeDefined();
    await h.act(() => world.pushToPull(groupRepo, pr, frank, { [WORKFLOW]: EVIL }, "ci"));
    expect(membershipCheck(pr)?.conclusion).toBe("failure");
    for (const m of [members.alice, members.bob, members.carol]) world.react(vote!, m, "+1");
    await h.act(() => world.addComment(groupRepo, pr, members.dave, "counting"));
    expect(pr.pull?.merged).toBe(false);
    expect(world.filesAt(groupRepo)?.has(WORKFLOW)).toBe(false);
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
