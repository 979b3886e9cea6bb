import { startHarness, type Harness } from "../../sim/harness.js";
import { latestRun, REVIEW_CHECK } from "../../sim/scenarios.js";
import type { Issue } from "../../sim/world.js";

/**
 * A webhook payload describes the pull request as it was when the event happened. Redelivered or
 * late, it describes a head that is no longer current: the security review must act on the pull
 * request as GitHub has it now, never on the payload's head, title, description or labels.
 */
describe("attack: a stale pull_request delivery", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  const checklist = (pr: Issue) => pr.comments.find((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:review-checklist:"));

  it("redelivering the first opened delivery after a push writes nothing and leaves the check on the new head", async () => {
    h = await startHarness();
    const { webapp, frank } = h.org;
    const world = h.sim.world;
    const views = world.filesAt(webapp)?.get("auth/views.py") ?? "";
    const first = h.hooks.deliveries.length;
    const pr = await h.act(() =>
      world.openPull(webapp, frank, { title: "Show the banner", body: "", branch: "stale-banner", changes: { "auth/views.py": `${views}\nmark_safe(x)\n` } }),
    );
    const opened = h.hooks.deliveries.slice(first).find((d) => d.event === "pull_request" && d.action === "opened");
    if (!opened) throw new Error("no pull_request.opened delivery");
    const oldHead = pr.pull?.head.sha ?? "";

    await h.act(() => world.pushToPull(webapp, pr, frank, { "auth/admin.py": "mark_safe(request.GET['banner'])\n" }, "More"));
    const newHead = pr.pull?.head.sha ?? "";
    expect(newHead).not.toBe(oldHead);
    const checkBefore = structuredClone(latestRun(webapp, newHead, REVIEW_CHECK));
    expect(checkBefore?.status).toBe("in_progress");
    const checklistBefore = checklist(pr)?.body;
    expect(checklistBefore).toContain(newHead);
    const oldRuns = webapp.checkRuns.filter((r) => r.head_sha === oldHead).length;

    const from = h.sim.log.length;
    await h.act(() => h.hooks.redeliver(opened));

    expect(h.sim.writes(from).map((e) => e.route)).toEqual([]);
    expect(latestRun(webapp, newHead, REVIEW_CHECK)).toEqual(checkBefore);
    expect(webapp.checkRuns.filter((r) => r.head_sha === oldHead)).toHaveLength(oldRuns);
    expect(checklist(pr)?.body).toBe(checklistBefore);
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
