import { startHarness, type Harness } from "../../sim/harness.js";
import { latestRun, REVIEW_CHECK } from "../../sim/scenarios.js";

/**
 * GitHub can hand the same event to secwg twice at once: a redelivery requested while the first
 * delivery is still being handled, or two replicas behind a load balancer. Both runs find no
 * comment of secwg's and both create one; the one created second must give way.
 */
describe("end to end: one event handled twice at the same moment", () => {
  let h: Harness;

  beforeAll(async () => {
    // Inline: each delivery is handled inside its HTTP request, so two requests run side by side.
    h = await startHarness({ mode: "inline" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("leaves one checklist comment, one label and one requested reviewer", async () => {
    const { webapp, frank } = h.org;
    const views = h.sim.world.filesAt(webapp)?.get("auth/views.py") ?? "";
    h.hooks.paused = true;
    const pr = h.sim.world.openPull(webapp, frank, { title: "Banner", body: "", branch: "twice", changes: { "auth/views.py": `${views}\nmark_safe(x)\n` } });
    const opened = h.hooks.payload({ event: "pull_request", action: "opened", repo: webapp, sender: frank, objects: { pull_request: pr } });
    const from = h.sim.log.length;
    const both = await Promise.all([h.hooks.deliver("pull_request", opened), h.hooks.deliver("pull_request", opened)]);
    expect(both.map((d) => d.status_code)).toEqual([200, 200]);
    await h.settle(); // the event queued while paused: a third delivery of the same thing

    const checklists = pr.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:review-checklist"));
    expect(checklists).toHaveLength(1);
    expect(pr.labels.filter((l) => l === "security-review")).toHaveLength(1);
    expect(pr.pull?.requested_reviewers).toHaveLength(1);
    expect(latestRun(webapp, pr.pull?.head.sha ?? "", REVIEW_CHECK)?.status).toBe("in_progress");
    // Whatever the interleaving, no second checklist survives; a comment that lost the race is deleted.
    const created = h.sim.writes(from).filter((w) => w.method === "POST" && w.path.endsWith(`/issues/${pr.number}/comments`)).length;
    const deleted = h.sim.writes(from).filter((w) => w.method === "DELETE" && w.path.includes("/issues/comments/")).length;
    expect(created - deleted).toBe(1);
    expect(h.sim.violations).toEqual([]);
  }, 60_000);
});
