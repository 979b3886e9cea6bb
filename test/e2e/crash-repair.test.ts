import { expectRepairFinished } from "../helpers/harness.js";
import { startHarness, type AppProcess, type Harness } from "../../sim/harness.js";
import { REVIEW_CHECK } from "../../sim/scenarios.js";
import type { Issue } from "../../sim/world.js";

/** frank opens the pull request of the `review` scenario: mark_safe( added under auth/. */
function openRiskyPull(h: Harness): Issue {
  const { webapp, frank } = h.org;
  const views = h.sim.world.filesAt(webapp)?.get("auth/views.py") ?? "";
  return h.sim.world.openPull(webapp, frank, {
    title: "Show the welcome banner",
    body: "Renders the banner configured by admins.",
    branch: "banner",
    changes: { "auth/views.py": `${views}\n\ndef banner(request):\n    return mark_safe(request.GET.get('msg'))\n` },
  });
}

/** What a person sees on the pull request; hidden markers and the signed record (keyed per harness) are left out. */
function endState(h: Harness, pr: Issue) {
  const bot = pr.comments.filter((c) => c.user.id === h.sim.bot.id);
  const runs = h.org.webapp.checkRuns.filter((r) => r.head_sha === pr.pull?.head.sha && r.name === REVIEW_CHECK);
  return {
    labels: [...pr.labels].sort(),
    // Each harness has its own simulator address; links are compared without it.
    comments: bot.map((c) => c.body.replace(/<!--[\s\S]*?-->/g, "").split(h.sim.url).join("https://github.example").trim()),
    requestedReviewers: (pr.pull?.requested_reviewers ?? []).map((u) => u.login).sort(),
    checkRuns: runs.map((r) => ({ status: r.status, conclusion: r.conclusion, title: r.output.title })),
  };
}

describe("end to end: a crash between the reply and the work is repaired by the sweep", () => {
  let normal: Harness | undefined;
  let crashed: Harness | undefined;
  let child: AppProcess | undefined;

  afterAll(async () => {
    await child?.kill();
    await normal?.stop();
    await crashed?.stop();
  });

  it("ends with the same label, checklist comment, review request and check run as a normal run, with no duplicates", async () => {
    normal = await startHarness();
    const expected = endState(normal, await normal.act(() => openRiskyPull(normal as Harness)));
    expect(expected.labels).toContain("security-review");
    expect(expected.comments).toHaveLength(1);
    expect(expected.requestedReviewers).toHaveLength(1);
    expect(expected.checkRuns).toHaveLength(1);

    crashed = await startHarness();
    const h = crashed;
    child = await h.startAppProcess();
    h.hooks.options.target = child.webhookUrl;
    // Slow GitHub down so the child is still reading when it dies, as a process killed mid-event.
    h.sim.configure({ latencyMs: 150 });
    const from = h.sim.log.length;
    const pr = openRiskyPull(h);
    await h.hooks.settle();
    await child.kill();
    h.sim.configure({ latencyMs: 0 });

    const opened = h.hooks.deliveries.filter((d) => d.event === "pull_request" && d.action === "opened");
    expect(opened.map((d) => d.status_code)).toEqual([200]);
    // GitHub has its 200 and will not redeliver; the work never happened.
    expect(h.sim.writes(from)).toEqual([]);
    expect(h.hooks.failed()).toEqual([]);

    // A fresh secwg (the harness's own app) receives the webhooks from now on; the sweep repairs.
    h.hooks.options.target = `${h.appUrl}/api/github/webhooks`;
    await h.sweep();
    expect(endState(h, pr)).toEqual(expected);

    await expectRepairFinished(h);
  }, 60_000);
});
