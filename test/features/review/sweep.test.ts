import type { ReviewSummary } from "../../../src/core/review/review-gate.js";
import { metadataKey, renderInputsMarker, reviewsKey } from "../../../src/core/review/review-inputs.js";
import type { PullSnapshot } from "../../../src/github/gateway.js";
import { fixedIdentity, OctokitGateway } from "../../../src/github/octokit-gateway.js";
import { TEST_BOT } from "../../helpers/probot.js";
import { toPullSnapshot } from "../../../src/github/pull-snapshot.js";
import { createSecwgOctokit } from "../../../src/octokit.js";
import { reviewStep, whyReviewAgain } from "../../../src/features/review/sweep.js";
import { REVIEW_CHECK_EXTERNAL_ID, REVIEW_CHECK_NAME } from "../../../src/core/review/review-gate.js";
import type { SweepContext } from "../../../src/sweep/types.js";
import { loadPayload } from "../../helpers/fixtures.js";
import { captureLogger, recordRequests, useStrictNock } from "../../helpers/probot.js";
import { anyBody, capture, checkRun, github, HEAD, REPO, reviewCalls, SENSITIVE_FILE, WRITE } from "./setup.js";

useStrictNock();

/** The hidden line a review leaves in its check run's summary. */
function inputsMarker(pull: PullSnapshot, reviews: ReviewSummary[] | null): string {
  return renderInputsMarker({ meta: metadataKey(pull), reviews: reviews ? reviewsKey(reviews) : null });
}

const bob = { login: "bob", id: 1002, type: "User" };

/** The pull request as `pulls.get` and `pulls.list` return it (the webhook fixture carries the same object). */
function pullRequest() {
  return (loadPayload("pull_request", "opened") as any).pull_request;
}

function sweepContext(): SweepContext {
  const Octokit = createSecwgOctokit({ throttle: false, retry: false });
  const octokit = new Octokit({ auth: { token: "ghs_sweeptoken" } } as any);
  const gateway = new OctokitGateway(octokit, undefined, fixedIdentity(TEST_BOT));
  return { installation: { id: 2, account: "Codertocat" }, gateway, octokit, now: new Date("2026-11-25T12:00:00Z"), log: captureLogger().log, signingKey: "test-secret" };
}

/** One repository with one open pull request (#2, head `HEAD`), and the check-run read of its head. */
function listing(checkRuns: unknown[], etag = false) {
  const headers = (tag: string): Record<string, string> => (etag ? { etag: tag } : {});
  return github()
    .get("/installation/repositories")
    .query(true)
    .reply(200, { total_count: 1, repositories: [{ id: 1296269, name: "Hello-World", full_name: "Codertocat/Hello-World", owner: { login: "Codertocat", id: 21031067, type: "User" } }] }, headers('W/"repos"'))
    .get(`${REPO}/pulls`)
    .query((q) => q.state === "open" && q.sort === "updated")
    .reply(200, [pullRequest()], headers('W/"pulls"'))
    .get(`${REPO}/commits/${HEAD}/check-runs`)
    .query((q) => q.check_name === "secwg / security review")
    .reply(200, { total_count: checkRuns.length, check_runs: checkRuns }, headers('W/"runs"'));
}

/** Why the sweep would review the one listed pull request again (null: it would not), read as the sweep reads it. */
async function reason(): Promise<string | null> {
  const ctx = sweepContext();
  const [repo] = await ctx.gateway.listInstallationRepos();
  const [open] = (await ctx.gateway.listOpenPulls(repo!, 100)).data;
  const check = await ctx.gateway.findCheckRun(repo!, open!.headSha, REVIEW_CHECK_NAME, REVIEW_CHECK_EXTERNAL_ID);
  return whyReviewAgain(ctx, { ...repo!, issue_number: open!.number }, open!, check);
}

describe("sweep: security review reconciliation", () => {
  it("reviews an open pull request whose head commit has no security review check (its event was lost)", async () => {
    const requests = recordRequests();
    const label: { value?: any } = {};
    const check: { value?: any } = {};
    listing([]);
    // The sweep reads the pull request itself, so the review does not read its labels or requested reviewers again.
    github().get(`${REPO}/pulls/2`).reply(200, pullRequest());
    reviewCalls({
      files: [SENSITIVE_FILE],
      addLabel: capture(label),
      reviews: [],
      loads: { alice: 2, bob: 0 },
      pickedReviewer: bob,
      requestReviewers: anyBody,
      checklist: { create: anyBody },
      check: { create: capture(check) },
    });

    const report = await reviewStep.run(sweepContext());

    expect(report).toEqual({ actions: ["reviewed Codertocat/Hello-World#2 (no security review check on ec26c3e: waiting)"], errors: [] });
    expect(requests.writes).toEqual([WRITE.addLabel, WRITE.requestReviewers, WRITE.createComment, WRITE.createCheck]);
    expect(label.value).toEqual({ labels: ["security-review"] });
    expect(check.value).toMatchObject({ name: "secwg / security review", head_sha: HEAD, external_id: "secwg:security-review", status: "in_progress" });
    // What the next sweep compares with: the pull request's text and labels after secwg's label, and no reviews yet.
    const pull = toPullSnapshot(pullRequest());
    expect(check.value.output.summary).toContain(inputsMarker({ ...pull, labels: [...pull.labels, "security-review"] }, []));
  });

  it("leaves a pull request whose check was decided on what it has now alone: reads of its check runs and reviews, no write", async () => {
    const requests = recordRequests();
    listing([checkRun(5, { status: "in_progress", conclusion: null, title: "Waiting for security review", summary: `…\n\n${inputsMarker(toPullSnapshot(pullRequest()), [])}` })]);
    github().get(`${REPO}/pulls/2/reviews`).query(true).reply(200, []);

    const report = await reviewStep.run(sweepContext());

    expect(report).toEqual({ actions: [], errors: [] });
    expect(requests.writes).toEqual([]);
    expect(requests.reads.filter((r) => r.includes("/check-runs"))).toHaveLength(1);
  });

  it("does not read the reviews of a pull request whose check did not need them (no review needed)", async () => {
    listing([checkRun(5, { status: "completed", conclusion: "neutral", title: "No security review needed", summary: `…\n\n${inputsMarker(toPullSnapshot(pullRequest()), null)}` })]);

    expect(await reviewStep.run(sweepContext())).toEqual({ actions: [], errors: [] });
  });

  // GitHub does not redeliver an event secwg answered before a crash; these are the events a check on the head does not cover.
  it.each([
    ["the title was edited", (pull: PullSnapshot) => ({ ...pull, title: "Earlier title" }), [], [], "title, description, labels or draft state changed since the check"],
    ["a label was taken off", (pull: PullSnapshot) => ({ ...pull, labels: [...pull.labels, "security"] }), [], [], "title, description, labels or draft state changed since the check"],
    [
      "an approval was submitted",
      (pull: PullSnapshot) => pull,
      [],
      [{ id: 80, user: bob, state: "APPROVED", commit_id: HEAD, submitted_at: "2026-11-25T11:00:00Z" }],
      "a review was submitted or dismissed since the check",
    ],
    [
      "an approval was dismissed",
      (pull: PullSnapshot) => pull,
      [{ userId: bob.id, state: "APPROVED", commitId: HEAD, submittedAt: "2026-11-25T11:00:00Z" }],
      [{ id: 80, user: bob, state: "DISMISSED", commit_id: HEAD, submitted_at: "2026-11-25T11:00:00Z" }],
      "a review was submitted or dismissed since the check",
    ],
  ])("reviews again when %s after the check was written", async (_what, before, reviewsThen, reviewsNow, why) => {
    listing([checkRun(5, { status: "in_progress", conclusion: null, title: "Waiting for security review", summary: `…\n\n${inputsMarker(before(toPullSnapshot(pullRequest())), reviewsThen)}` })]);
    if (why.startsWith("a review")) github().get(`${REPO}/pulls/2/reviews`).query(true).reply(200, reviewsNow);

    expect(await reason()).toBe(why);
  });

  it("reviews again a check written before checks remembered their inputs", async () => {
    listing([checkRun(5, { status: "in_progress", conclusion: null, title: "Waiting for security review", summary: "…" })]);

    expect(await reason()).toBe("the check on ec26c3e does not say what it was decided on");
  });

  it("asks with If-None-Match on the next sweep, so an unchanged repository is answered 304", async () => {
    listing([checkRun(5, { status: "completed", conclusion: "neutral", title: "No security review needed", summary: inputsMarker(toPullSnapshot(pullRequest()), null) })], true);
    await reviewStep.run(sweepContext());

    const conditional: string[] = [];
    const notModified = (tag: string) =>
      function (this: { req: { headers: Record<string, string> } }) {
        conditional.push(String(this.req.headers["if-none-match"]));
        return this.req.headers["if-none-match"] === tag ? [304, ""] : [500, ""];
      };
    github()
      .get("/installation/repositories")
      .query(true)
      .reply(notModified('W/"repos"') as any)
      .get(`${REPO}/pulls`)
      .query(true)
      .reply(notModified('W/"pulls"') as any)
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(notModified('W/"runs"') as any);
    const report = await reviewStep.run(sweepContext());

    expect(report).toEqual({ actions: [], errors: [] });
    expect(conditional).toEqual(['W/"repos"', 'W/"pulls"', 'W/"runs"']);
  });

  it("reviews a pull request whose head has no security review check", async () => {
    listing([]);

    expect(await reason()).toBe("no security review check on ec26c3e");
  });
});
