import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expectRepairFinished } from "../helpers/harness.js";
import { startHarness, type Harness } from "../../sim/harness.js";
import { latestRun, REVIEW_CHECK, securityReview } from "../../sim/scenarios.js";
import type { Issue } from "../../sim/world.js";

describe("end to end: security review of a pull request", () => {
  let h: Harness;
  let pr: Issue;
  let steps: Awaited<ReturnType<typeof securityReview.run>>;
  const checkOn = (sha: string) => latestRun(h.org.webapp, sha, REVIEW_CHECK);

  beforeAll(async () => {
    h = await startHarness();
    steps = await securityReview.run(h, () => {});
    pr = h.sim.world.issue(h.org.webapp, 1) as Issue;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("labels a pull request that adds mark_safe( under auth/", () => {
    expect(pr.labels).toContain("security-review");
  });

  it("requests review from a group member who is not the author", () => {
    const requestedOrReviewed = [...(pr.pull?.requested_reviewers ?? []), ...(pr.pull?.reviews ?? []).map((r) => r.user)];
    const memberIds = Object.values(h.org.members).map((m) => m.id);
    expect(requestedOrReviewed.length).toBeGreaterThan(0);
    for (const user of requestedOrReviewed) {
      expect(user.id).not.toBe(h.org.frank.id);
      expect(memberIds).toContain(user.id);
    }
  });

  it("passes the check once the requested reviewer approves the head commit", () => {
    const approval = pr.pull?.reviews.find((r) => r.state === "APPROVED");
    expect(checkOn(approval?.commit_id ?? "")?.conclusion).toBe("success");
  });

  it("puts the check back to pending on a new push", () => {
    const run = checkOn(pr.pull?.head.sha ?? "");
    expect(run?.status).not.toBe("completed");
  });

  it("writes a single checklist comment and keeps it up to date", () => {
    expect(pr.comments.filter((c) => c.user.id === h.sim.bot.id)).toHaveLength(1);
  });

  // The redelivered payload carries the labels of the original event (none): the label write is
  // checked against the labels the pull request has now, so nothing is written.
  it("makes no write when GitHub redelivers pull_request.opened", () => {
    const redelivery = steps[1];
    const last = h.sim.log[(redelivery?.to ?? 0) - 1]?.seq ?? 0;
    expect(h.sim.writes(redelivery?.from).filter((w) => w.seq <= last)).toEqual([]);
  });

  it("makes only requests GitHub's OpenAPI description documents, with valid bodies", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});

describe("end to end: a review event answered but never handled is repaired by the sweep", () => {
  let h: Harness;
  let blackhole: Server;

  beforeAll(async () => {
    h = await startHarness();
    // Answers 200 and does nothing, as a secwg that crashed after replying: GitHub will not redeliver.
    blackhole = createServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((resolve) => blackhole.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise((resolve) => blackhole?.close(resolve));
  });

  it("passes the merge gate after a lost approval, then writes nothing on the next sweep", async () => {
    const { webapp, frank, members } = h.org;
    const views = h.sim.world.filesAt(webapp)?.get("auth/views.py") ?? "";
    const pr = await h.act(() =>
      h.sim.world.openPull(webapp, frank, { title: "Show the banner", body: "", branch: "lost-approval", changes: { "auth/views.py": `${views}\nmark_safe(x)\n` } }),
    );
    const head = pr.pull?.head.sha ?? "";
    expect(latestRun(webapp, head, REVIEW_CHECK)?.status).toBe("in_progress");
    const reviewer = Object.values(members).find((m) => m.id === pr.pull?.requested_reviewers[0]?.id);
    expect(reviewer).toBeDefined();

    const appTarget = h.hooks.options.target;
    h.hooks.options.target = `http://127.0.0.1:${(blackhole.address() as AddressInfo).port}/`;
    await h.act(() => h.sim.world.submitReview(webapp, pr, reviewer as NonNullable<typeof reviewer>, "APPROVED"));
    h.hooks.options.target = appTarget;
    expect(latestRun(webapp, head, REVIEW_CHECK)?.status).toBe("in_progress");

    await h.sweep();
    expect(latestRun(webapp, head, REVIEW_CHECK)).toMatchObject({ status: "completed", conclusion: "success" });

    await expectRepairFinished(h);
  }, 60_000);
});
