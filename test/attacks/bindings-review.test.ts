import { startHarness, type Harness } from "../../sim/harness.js";
import { latestRun, REVIEW_CHECK } from "../../sim/scenarios.js";
import type { Account, Issue } from "../../sim/world.js";

/**
 * A waiver covers exactly the commit its signer saw, and nobody who wrote, committed or pushed a
 * change can waive its review or be the review that passes it.
 */
describe("attack: stretching the security review gate", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  const later = (seconds: number) => new Date(Date.now() + seconds * 1000);
  /** A pull request that needs security review (it adds `mark_safe(` under `auth/`). */
  function openSensitive(author: Account, branch: string): Issue {
    const views = h.sim.world.filesAt(h.org.webapp)?.get("auth/views.py") ?? "";
    return h.sim.world.openPull(h.org.webapp, author, { title: "Show the banner", body: "", branch, changes: { "auth/views.py": `${views}\nmark_safe(x)\n` } });
  }
  const gate = (pr: Issue) => latestRun(h.org.webapp, pr.pull?.head.sha ?? "", REVIEW_CHECK);
  const lastReply = (pr: Issue) => pr.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:reply:")).at(-1)?.body ?? "";
  const at = (when: Date) => {
    h.sim.world.clock = () => when;
  };

  it("does not waive a commit pushed between the /security-review skip comment and its processing", async () => {
    h = await startHarness();
    const { webapp, frank, members } = h.org;
    const world = h.sim.world;
    at(later(0));
    const pr = await h.act(() => openSensitive(frank, "banner"));
    const seen = pr.pull?.head.sha ?? "";
    expect(gate(pr)?.status).toBe("in_progress");

    await h.act(() => {
      at(later(10));
      world.addComment(webapp, pr, members.alice, "/security-review skip only renames a template variable");
      // Before secwg handles the comment (queue delay, retry), the author pushes.
      at(later(12));
      world.pushToPull(webapp, pr, frank, { "auth/admin.py": "mark_safe(request.GET['banner'])\n" }, "More");
    });
    const pushed = pr.pull?.head.sha ?? "";
    expect(pushed).not.toBe(seen);
    expect(gate(pr)).toMatchObject({ status: "in_progress", conclusion: null });
    expect(lastReply(pr)).toContain("was already its head when you wrote the command");
    expect(lastReply(pr)).not.toContain("template variable");

    // Repeated for the commit now shown, the skip applies.
    await h.act(() => {
      at(later(20));
      world.addComment(webapp, pr, members.alice, `/security-review skip ${pushed} checked the new commit too`);
    });
    expect(gate(pr)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });

  it("refuses a signer's skip of their own pull request", async () => {
    h = await startHarness();
    const { webapp, members } = h.org;
    at(later(0));
    const pr = await h.act(() => openSensitive(members.alice, "alice-banner"));
    await h.act(() => {
      at(later(10));
      h.sim.world.addComment(webapp, pr, members.alice, "/security-review skip trust me");
    });
    expect(gate(pr)).toMatchObject({ status: "in_progress", conclusion: null });
    expect(lastReply(pr)).toContain("You authored, committed or pushed commits in this pull request");

    // Another signer can.
    await h.act(() => {
      at(later(20));
      h.sim.world.addComment(webapp, pr, members.bob, "/security-review skip reviewed in the design meeting");
    });
    expect(gate(pr)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(h.sim.violations).toEqual([]);
  });

  it.each([
    ["their own commit", false],
    ["a commit the author made (only the push is theirs)", true],
  ])("keeps the gate pending when a member who pushed %s to someone else's pull request approves it", async (_what, authorsCommit) => {
    h = await startHarness();
    const { webapp, frank, members } = h.org;
    const world = h.sim.world;
    const pr = await h.act(() => openSensitive(frank, "frank-banner"));
    await h.act(() =>
      world.pushToPull(webapp, pr, members.dave, { "auth/views.py": `${world.filesAt(webapp, pr.pull?.head.ref)?.get("auth/views.py")}\n# tidy\n` }, "Tidy", authorsCommit ? { author: frank } : {}),
    );
    await h.act(() => world.submitReview(webapp, pr, members.dave, "APPROVED"));
    expect(gate(pr)).toMatchObject({ status: "in_progress", conclusion: null });
    expect(gate(pr)?.output.summary).not.toContain(`@${members.dave.login},`);

    // Someone who did not work on it can approve.
    await h.act(() => world.submitReview(webapp, pr, members.erin, "APPROVED"));
    expect(gate(pr)).toMatchObject({ status: "completed", conclusion: "success", output: { title: `Approved by ${members.erin.login}` } });
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
