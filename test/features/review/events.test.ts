import { recordRequests, useStrictNock } from "../../helpers/probot.js";
import { parseRecord } from "../../../src/core/review/checklist.js";
import {
  anyBody,
  appForEvent,
  AUTHOR_ID,
  capture,
  checklistComment,
  checkRunFrom,
  createReviewApp,
  delivery,
  HARMLESS_FILE,
  HEAD,
  NEW_HEAD,
  REVIEW_LABEL,
  pullNow,
  reviewCalls,
  SENSITIVE_FILE,
  WRITE,
} from "./setup.js";

useStrictNock();

const bob = { login: "bob", id: 1002, type: "User" };

/** bob's approval of the head commit, as `GET /pulls/2/reviews` lists it. */
function approvalByBob(id: number) {
  return { id, user: bob, state: "APPROVED", commit_id: HEAD, submitted_at: "2026-11-25T11:30:00Z", body: "" };
}

/**
 * The first evaluation of a pull request that needs review: every write, with bodies captured.
 * `labelsNow`: the labels GitHub has on the pull request when secwg looks.
 */
async function firstRun(labelsNow: (typeof REVIEW_LABEL)[] = []) {
  const { probot, logLines, requests } = await appForEvent();
  const label: { value?: any } = {};
  const review: { value?: any } = {};
  const comment: { value?: any } = {};
  const check: { value?: any } = {};
  const loadReads: string[] = [];
  reviewCalls({
    current: pullNow({ labels: labelsNow }),
    files: [HARMLESS_FILE, SENSITIVE_FILE],
    // A label already on is not written again.
    addLabel: labelsNow.length === 0 ? capture(label) : undefined,
    reviews: [],
    loads: { alice: 2, bob: 0 },
    loadReads,
    pickedReviewer: bob,
    requestReviewers: capture(review),
    checklist: { create: capture(comment) },
    check: { create: capture(check) },
  });
  await probot.receive(delivery("pull_request", "opened"));
  return { requests, label: label.value, review: review.value, comment: comment.value, check: check.value, loadReads, logLines };
}

describe("pull_request: security review", () => {
  it("labels, comments, requests the least-loaded reviewer and holds the check when a rule fires", async () => {
    const run = await firstRun();
    expect(run.requests.writes).toEqual([WRITE.addLabel, WRITE.requestReviewers, WRITE.createComment, WRITE.createCheck]);
    expect(run.label).toEqual({ labels: ["security-review"] });
    expect(run.review).toEqual({ reviewers: ["bob"] });
    // The load of every candidate from one list of repositories and one list of open pull requests per repository.
    expect(run.loadReads).toEqual([
      "/installation/repositories?per_page=100&page=1",
      "/repos/Codertocat/Hello-World/pulls?state=open&sort=updated&direction=desc&per_page=100&page=1",
      "/repos/Codertocat/api/pulls?state=open&sort=updated&direction=desc&per_page=100&page=1",
    ]);
    expect(run.comment.body).toContain("<!-- secwg:review-checklist:2 -->");
    expect(run.comment.body).toContain(`[app/views.py:11](https://github.com/Codertocat/Hello-World/blob/${HEAD}/app/views.py#L11)`);
    expect(run.comment.body).toContain("- [ ] Is the view safe to call from another site?");
    expect(run.comment.body).toContain("Reviewers: bob.");
    expect(parseRecord(run.comment.body, "test-secret", "Codertocat/Hello-World#2")).toMatchObject({ labelAdded: true, asked: [1002] });
    expect(run.check).toMatchObject({
      name: "secwg / security review",
      head_sha: HEAD,
      external_id: "secwg:security-review",
      status: "in_progress",
      output: { title: "Waiting for security review" },
    });
    expect(run.check.output.summary).toContain("- `csrf-exemption`: Switches off CSRF protection for a view.");
    expect(run.check.output.summary).toContain("**Who can approve:** alice, bob, carol");
  });

  it("never asks the author to review, nor anyone marked away", async () => {
    const run = await firstRun();
    expect(run.review.reviewers).not.toContain("Codertocat");
    expect(run.check.output.summary).not.toContain("@Codertocat");
  });

  it("logs the outcome without the pull request's title or description", async () => {
    const run = await firstRun();
    const log = run.logLines.join("");
    expect(log).toContain("security review evaluated");
    expect(log).not.toContain("Update the README");
    expect(log).not.toContain("pretty simple change");
  });

  it("makes no write when the same event is delivered again", async () => {
    const first = await firstRun();
    const { probot, requests } = await appForEvent();
    reviewCalls({
      current: pullNow({ labels: [REVIEW_LABEL], requested: [bob] }),
      files: [HARMLESS_FILE, SENSITIVE_FILE],
      comments: [checklistComment(first.comment.body)],
      reviews: [],
      check: { runs: [checkRunFrom(first.check)] },
    });
    await probot.receive(
      delivery("pull_request", "opened", (p) => {
        p.pull_request.labels = [REVIEW_LABEL];
        p.pull_request.requested_reviewers = [bob];
      }),
    );
    expect(requests.writes).toEqual([]);
  });

  it("makes no write when pull_request.opened is redelivered with the labels of its first delivery", async () => {
    const first = await firstRun();
    const { probot, requests } = await appForEvent();
    reviewCalls({
      current: pullNow({ labels: [REVIEW_LABEL], requested: [bob] }),
      files: [HARMLESS_FILE, SENSITIVE_FILE],
      comments: [checklistComment(first.comment.body)],
      reviews: [],
      check: { runs: [checkRunFrom(first.check)] },
    });
    // The redelivered payload is the first one: no labels, no requested reviewers.
    await probot.receive(delivery("pull_request", "opened"));
    expect(requests.writes).toEqual([]);
  });

  it("does not claim a review label a person put on after the event, so it never takes it off", async () => {
    const run = await firstRun([REVIEW_LABEL]);
    expect(run.requests.writes).not.toContain(WRITE.addLabel);
    expect(parseRecord(run.comment.body, "test-secret", "Codertocat/Hello-World#2").labelAdded).toBe(false);
  });

  it("asks nobody extra when an interrupted attempt already requested a reviewer the payload does not show", async () => {
    // The first attempt requested bob, then failed before writing its record; the redelivered
    // payload still has no requested reviewers.
    const { probot, requests } = await appForEvent();
    const comment: { value?: any } = {};
    reviewCalls({
      current: pullNow({ labels: [REVIEW_LABEL], requested: [bob] }),
      files: [SENSITIVE_FILE],
      reviews: [],
      checklist: { create: capture(comment) },
      check: { create: anyBody },
    });
    await probot.receive(delivery("pull_request", "opened"));
    expect(requests.writes).toEqual([WRITE.createComment, WRITE.createCheck]);
    expect(comment.value.body).toContain("Reviewers: bob.");
  });

  it("does not remove a label that is already gone when the payload still shows it", async () => {
    const first = await firstRun();
    const { probot, requests } = await appForEvent();
    reviewCalls({
      files: [HARMLESS_FILE],
      comments: [checklistComment(first.comment.body)],
      current: pullNow({ head: NEW_HEAD, labels: [] }),
      checklist: { update: anyBody },
      check: { head: NEW_HEAD, create: anyBody },
    });
    await probot.receive(
      delivery("pull_request", "synchronize", (p) => {
        p.pull_request.head.sha = NEW_HEAD;
        p.pull_request.labels = [REVIEW_LABEL];
      }),
    );
    expect(requests.writes).toEqual([WRITE.updateChecklist, WRITE.createCheck]);
  });

  it("writes only a neutral check when no rule fires", async () => {
    const { probot, requests } = await appForEvent();
    const check: { value?: any } = {};
    reviewCalls({ current: pullNow(), files: [HARMLESS_FILE], check: { create: capture(check) } });
    await probot.receive(delivery("pull_request", "opened"));
    expect(requests.writes).toEqual([WRITE.createCheck]);
    expect(check.value).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "No security review needed" } });
  });

  it("puts the check back to waiting after a push that follows an approval, without re-requesting anyone", async () => {
    const first = await firstRun();
    const { probot, requests } = await appForEvent();
    const check: { value?: any } = {};
    const comment: { value?: any } = {};
    reviewCalls({
      files: [SENSITIVE_FILE],
      comments: [checklistComment(first.comment.body)],
      reviews: [approvalByBob(80)],
      // GitHub drops a reviewer from the requested list once they review.
      current: pullNow({ head: NEW_HEAD, labels: [REVIEW_LABEL] }),
      checklist: { update: capture(comment) },
      check: { head: NEW_HEAD, create: capture(check) },
    });
    await probot.receive(
      delivery("pull_request", "synchronize", (p) => {
        p.pull_request.head.sha = NEW_HEAD;
        p.pull_request.labels = [REVIEW_LABEL];
        p.pull_request.requested_reviewers = []; // GitHub drops a reviewer from the list once they review
      }),
    );
    expect(requests.writes).toEqual([WRITE.updateChecklist, WRITE.createCheck]);
    expect(check.value).toMatchObject({ head_sha: NEW_HEAD, status: "in_progress", output: { title: "Waiting for security review" } });
    expect(comment.value.body).toContain(`/blob/${NEW_HEAD}/app/views.py#L11`);
  });

  it("passes the check when an eligible reviewer approves the head commit", async () => {
    const first = await firstRun();
    const { probot, requests } = await appForEvent();
    const update: { value?: any } = {};
    reviewCalls({
      files: [SENSITIVE_FILE],
      comments: [checklistComment(first.comment.body)],
      reviews: [approvalByBob(81)],
      current: pullNow({ labels: [REVIEW_LABEL] }),
      check: { runs: [checkRunFrom(first.check)], update: capture(update) },
    });
    await probot.receive(
      delivery("pull_request_review", "submitted", (p) => {
        p.review.user = bob;
        p.review.state = "approved";
        p.pull_request.labels = [REVIEW_LABEL];
      }),
    );
    expect(requests.writes).toEqual([WRITE.updateCheck]);
    expect(update.value).toMatchObject({ status: "completed", conclusion: "success", output: { title: "Approved by bob" } });
  });

  it("evaluates a draft but waits for ready_for_review before requesting reviewers", async () => {
    const { probot, requests } = await appForEvent();
    const comment: { value?: any } = {};
    const check: { value?: any } = {};
    reviewCalls({
      current: pullNow({ draft: true }),
      files: [SENSITIVE_FILE],
      addLabel: anyBody,
      reviews: [],
      checklist: { create: capture(comment) },
      check: { create: capture(check) },
    });
    await probot.receive(delivery("pull_request", "opened", (p) => (p.pull_request.draft = true)));
    expect(requests.writes).not.toContain(WRITE.requestReviewers);
    expect(check.value.output.title).toBe("Security review needed (draft)");

    const later = recordRequests(); // the installation token is cached from the first event
    const review: { value?: any } = {};
    reviewCalls({
      files: [SENSITIVE_FILE],
      comments: [checklistComment(comment.value.body)],
      reviews: [],
      current: pullNow({ labels: [REVIEW_LABEL] }),
      loads: { alice: 0, bob: 0 },
      // Equal loads: the seeded tie-break picks, and the test does not depend on whom.
      pickedReviewer: [{ login: "alice", id: 1001 }, bob],
      requestReviewers: capture(review),
      checklist: { update: anyBody },
      check: { runs: [checkRunFrom(check.value)], update: anyBody },
    });
    await probot.receive(
      delivery("pull_request", "ready_for_review", (p) => {
        p.pull_request.labels = [REVIEW_LABEL];
        p.pull_request.requested_reviewers = [];
      }),
    );
    expect(later.writes).toEqual([WRITE.requestReviewers, WRITE.updateChecklist, WRITE.updateCheck]);
    expect(review.value.reviewers).toHaveLength(1);
    expect(["alice", "bob"]).toContain(review.value.reviewers[0]);
  });

  it("removes the label it added once no rule fires any more", async () => {
    const first = await firstRun();
    const { probot, requests } = await appForEvent();
    const comment: { value?: any } = {};
    reviewCalls({
      files: [HARMLESS_FILE],
      comments: [checklistComment(first.comment.body)],
      current: pullNow({ head: NEW_HEAD, labels: [REVIEW_LABEL] }),
      removeLabel: true,
      checklist: { update: capture(comment) },
      check: { head: NEW_HEAD, create: (body) => body.conclusion === "neutral" },
    });
    await probot.receive(
      delivery("pull_request", "synchronize", (p) => {
        p.pull_request.head.sha = NEW_HEAD;
        p.pull_request.labels = [REVIEW_LABEL];
      }),
    );
    expect(requests.writes).toHaveLength(3);
    expect(comment.value.body).toContain("no security review rule fires on this pull request any more");
    expect(parseRecord(comment.value.body, "test-secret", "Codertocat/Hello-World#2").labelAdded).toBe(false);
  });

  it("treats a label a person put on as a request for review, and never removes it", async () => {
    const { probot } = await appForEvent();
    const check: { value?: any } = {};
    const comment: { value?: any } = {};
    const labelled = delivery("pull_request", "labeled", (p) => {
      p.label = REVIEW_LABEL;
      p.pull_request.labels = [p.label];
      p.pull_request.requested_reviewers = [bob];
    });
    reviewCalls({
      current: pullNow({ labels: [REVIEW_LABEL], requested: [bob] }),
      files: [HARMLESS_FILE],
      reviews: [],
      checklist: { create: capture(comment) },
      check: { create: capture(check) },
    });
    await probot.receive(labelled);
    expect(check.value.status).toBe("in_progress");
    expect(comment.value.body).toContain("Review was requested by the `security-review` label.");
    expect(parseRecord(comment.value.body, "test-secret", "Codertocat/Hello-World#2").labelAdded).toBe(false);
  });

  it("ignores the labelled event its own labelling causes", async () => {
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    await probot.receive(
      delivery("pull_request", "labeled", (p) => {
        p.label = REVIEW_LABEL;
        p.sender = { login: "secwg[bot]", id: 99, type: "Bot" };
      }),
    );
    expect([...requests.reads, ...requests.writes]).toEqual([]);
  });

  it("ignores an edit that changes neither title, description nor base", async () => {
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    const edited = delivery("pull_request", "opened", (p) => {
      p.action = "edited";
      p.changes = {};
    });
    await probot.receive(edited);
    expect([...requests.reads, ...requests.writes]).toEqual([]);
  });

  it("explains an invalid configuration on the check run instead of crashing", async () => {
    const { probot, logLines } = await appForEvent();
    const check: { value?: any } = {};
    reviewCalls({ current: pullNow(), config: "review:\n  reviewers:\n    count: three\n", check: { create: capture(check) } });
    await probot.receive(delivery("pull_request", "opened"));
    expect(check.value).toMatchObject({ status: "completed", conclusion: "action_required", output: { title: "secwg configuration is invalid" } });
    expect(check.value.output.summary).toContain('review.reviewers.count: expected a whole number between 1 and 5, got a string');
    expect(logLines.join("")).toContain("security review: configuration unusable");
  });

  it("keeps asking nobody new when the author is the only eligible member", async () => {
    const { probot, requests } = await appForEvent();
    reviewCalls({
      current: pullNow(),
      files: [SENSITIVE_FILE],
      addLabel: anyBody,
      roster: `members:\n  - login: Codertocat\n    id: ${AUTHOR_ID}\n    roles: [chair]\n`,
      reviews: [],
      checklist: { create: anyBody },
      check: { create: (body) => body.output.summary.includes("nobody is eligible") },
    });
    await probot.receive(delivery("pull_request", "opened"));
    expect(requests.writes).not.toContain(WRITE.requestReviewers);
  });

  it("draws reviewers from the configured team, by the logins the team API returns", async () => {
    const { probot } = await appForEvent();
    const review: { value?: any } = {};
    reviewCalls({
      // Whose approval counts is the organisation's decision: the team comes from its policy.
      orgConfig: "review:\n  reviewers:\n    team: Codertocat/security\n",
      current: pullNow(),
      files: [SENSITIVE_FILE],
      addLabel: anyBody,
      team: [
        { login: "Codertocat", id: AUTHOR_ID, type: "User" },
        { login: "carol", id: 1003, type: "User" },
        { login: "dana", id: 3001, type: "User" },
      ],
      reviews: [],
      // Team members are asked by the login the team API returns: no user lookup.
      requestReviewers: capture(review),
      checklist: { create: anyBody },
      check: { create: (body) => body.output.summary.includes("carol, dana") },
    });
    // The author and carol (away in the roster) are in the team: only dana can be asked, so no load query.
    await probot.receive(delivery("pull_request", "opened"));
    expect(review.value).toEqual({ reviewers: ["dana"] });
  });
});
