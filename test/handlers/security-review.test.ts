import { mockInstallationToken, recordRequests, useStrictNock } from "../helpers/probot.js";
import { parseRecord } from "../../src/core/review/checklist.js";
import { loadPayload } from "../helpers/fixtures.js";
import {
  AUTHOR_ID,
  botComment,
  capture,
  checkRun,
  CONFIG,
  CONFIG_YAML,
  createReviewApp,
  delivery,
  github,
  HARMLESS_FILE,
  HEAD,
  NEW_HEAD,
  REPO,
  ROSTER,
  ROSTER_YAML,
  SENSITIVE_FILE,
} from "./security-review-setup.js";

useStrictNock();

const bob = { login: "bob", id: 1002, type: "User" };

const LABEL = { id: 1, name: "security-review", color: "d73a4a", default: false };

/** The pull request as `GET /pulls/2` answers now, with these review requests. */
function pullNow(requested: object[] = []) {
  return { ...(loadPayload("pull_request", "opened") as any).pull_request, requested_reviewers: requested };
}

/**
 * The first evaluation of a pull request that needs review: every write, with bodies captured.
 * `labelsNow`: the labels GitHub has on the pull request when secwg looks (the payload has none).
 */
async function firstRun(labelsNow: (typeof LABEL)[] = []) {
  const { probot, logLines } = await createReviewApp();
  const requests = recordRequests();
  mockInstallationToken();
  const label: { value?: any } = {};
  const review: { value?: any } = {};
  const comment: { value?: any } = {};
  const check: { value?: any } = {};
  const searches: string[] = [];
  github()
    .get(CONFIG)
    .reply(200, CONFIG_YAML)
    .get(`${REPO}/pulls/2/files`)
    .query(true)
    .reply(200, [HARMLESS_FILE, SENSITIVE_FILE])
    .get(`${REPO}/issues/2/comments`)
    .query(true)
    .reply(200, [])
    .get(`${REPO}/issues/2/labels`)
    .query(true)
    .reply(200, labelsNow);
  if (labelsNow.length === 0) github().post(`${REPO}/issues/2/labels`, capture(label)).reply(200, [{ id: 1, name: "security-review" }]);
  github()
    .get(ROSTER)
    .reply(200, ROSTER_YAML)
    .get(`${REPO}/pulls/2/reviews`)
    .query(true)
    .reply(200, [])
    .get(`${REPO}/pulls/2`)
    .reply(200, pullNow())
    .get("/search/issues")
    .times(2)
    .query((q) => {
      searches.push(String(q.q));
      return true;
    })
    .reply(200, (uri) => ({ total_count: uri.includes("alice") ? 2 : 0, incomplete_results: false, items: [] }))
    .get("/user/1002")
    .reply(200, bob)
    .post(`${REPO}/pulls/2/requested_reviewers`, capture(review))
    .reply(201, { number: 2, requested_reviewers: [bob] })
    .get(`${REPO}/issues/2/comments`)
    .query(true)
    .reply(200, [])
    .post(`${REPO}/issues/2/comments`, capture(comment))
    .reply(201, botComment(77, "x"))
    .get(`${REPO}/commits/${HEAD}/check-runs`)
    .query(true)
    .reply(200, { total_count: 0, check_runs: [] })
    .post(`${REPO}/check-runs`, capture(check))
    .reply(201, { id: 5 });
  await probot.receive(delivery("pull_request", "opened"));
  return { requests, label: label.value, review: review.value, comment: comment.value, check: check.value, searches, logLines };
}

describe("pull_request: security review", () => {
  it("labels, comments, requests the least-loaded reviewer and holds the check when a rule fires", async () => {
    const run = await firstRun();
    expect(run.requests.writes).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/2/labels",
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(run.label).toEqual({ labels: ["security-review"] });
    expect(run.review).toEqual({ reviewers: ["bob"] });
    expect(run.searches.sort()).toEqual([
      'is:pr is:open review-requested:alice label:"security-review" user:Codertocat',
      'is:pr is:open review-requested:bob label:"security-review" user:Codertocat',
    ]);
    expect(run.comment.body).toContain("<!-- secwg:review-checklist:2 -->");
    expect(run.comment.body).toContain(`[\`app/views.py:11\`](https://github.com/Codertocat/Hello-World/blob/${HEAD}/app/views.py#L11)`);
    expect(run.comment.body).toContain("- [ ] Is the view safe to call from another site?");
    expect(run.comment.body).toContain("Reviewers: @bob.");
    expect(parseRecord(run.comment.body, "test-secret")).toMatchObject({ labelAdded: true, asked: [1002] });
    expect(run.check).toMatchObject({
      name: "secwg / security review",
      head_sha: HEAD,
      external_id: "secwg:security-review",
      status: "in_progress",
      output: { title: "Waiting for security review" },
    });
    expect(run.check.output.summary).toContain("- `csrf-exemption`: Switches off CSRF protection for a view.");
    expect(run.check.output.summary).toContain("**Who can approve:** @alice, @bob, @carol");
  });

  it("never asks the author to review, nor anyone marked away", async () => {
    const run = await firstRun();
    expect(run.searches.join(" ")).not.toMatch(/Codertocat label|carol/);
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
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [HARMLESS_FILE, SENSITIVE_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, first.comment.body)])
      .get(ROSTER)
      .reply(200, ROSTER_YAML)
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: [checkRun(5, { status: "in_progress", conclusion: null, ...first.check.output })] });
    await probot.receive(
      delivery("pull_request", "opened", (p) => {
        p.pull_request.labels = [{ id: 1, name: "security-review", color: "d73a4a", default: false }];
        p.pull_request.requested_reviewers = [bob];
      }),
    );
    expect(requests.writes).toEqual([]);
  });

  it("makes no write when pull_request.opened is redelivered with the labels of its first delivery", async () => {
    const first = await firstRun();
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [HARMLESS_FILE, SENSITIVE_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, first.comment.body)])
      .get(`${REPO}/issues/2/labels`)
      .query(true)
      .reply(200, [LABEL])
      .get(ROSTER)
      .reply(200, ROSTER_YAML)
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: [checkRun(5, { status: "in_progress", conclusion: null, ...first.check.output })] });
    // The redelivered payload is the first one: no labels, no requested reviewers.
    await probot.receive(delivery("pull_request", "opened"));
    expect(requests.writes).toEqual([]);
  });

  it("does not claim a review label a person put on after the event, so it never takes it off", async () => {
    const run = await firstRun([LABEL]);
    expect(run.requests.writes).not.toContain("POST /repos/Codertocat/Hello-World/issues/2/labels");
    expect(parseRecord(run.comment.body, "test-secret").labelAdded).toBe(false);
  });

  it("asks nobody extra when an interrupted attempt already requested a reviewer the payload does not show", async () => {
    // The first attempt requested bob, then failed before writing its record; the redelivered
    // payload still has no requested reviewers.
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    const comment: { value?: any } = {};
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [SENSITIVE_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/2/labels`)
      .query(true)
      .reply(200, [LABEL])
      .get(ROSTER)
      .reply(200, ROSTER_YAML)
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/pulls/2`)
      .reply(200, pullNow([bob]))
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/2/comments`, capture(comment))
      .reply(201, botComment(77, "x"))
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 5 });
    await probot.receive(delivery("pull_request", "opened"));
    expect(requests.writes).toEqual(["POST /repos/Codertocat/Hello-World/issues/2/comments", "POST /repos/Codertocat/Hello-World/check-runs"]);
    expect(comment.value.body).toContain("Reviewers: @bob.");
  });

  it("does not remove a label that is already gone when the payload still shows it", async () => {
    const first = await firstRun();
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [HARMLESS_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, first.comment.body)])
      .get(`${REPO}/issues/2/labels`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, first.comment.body)])
      .patch(`${REPO}/issues/comments/77`)
      .reply(200, botComment(77, "x"))
      .get(`${REPO}/commits/${NEW_HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 6 });
    await probot.receive(
      delivery("pull_request", "synchronize", (p) => {
        p.pull_request.head.sha = NEW_HEAD;
        p.pull_request.labels = [LABEL];
      }),
    );
    expect(requests.writes).toEqual(["PATCH /repos/Codertocat/Hello-World/issues/comments/77", "POST /repos/Codertocat/Hello-World/check-runs"]);
  });

  it("writes only a neutral check when no rule fires", async () => {
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    const check: { value?: any } = {};
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [HARMLESS_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, capture(check))
      .reply(201, { id: 5 });
    await probot.receive(delivery("pull_request", "opened"));
    expect(requests.writes).toEqual(["POST /repos/Codertocat/Hello-World/check-runs"]);
    expect(check.value).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "No security review needed" } });
  });

  it("puts the check back to waiting after a push that follows an approval, without re-requesting anyone", async () => {
    const first = await firstRun();
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    const check: { value?: any } = {};
    const comment: { value?: any } = {};
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [SENSITIVE_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, first.comment.body)])
      .get(ROSTER)
      .reply(200, ROSTER_YAML)
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [{ id: 80, user: bob, state: "APPROVED", commit_id: HEAD, submitted_at: "2026-11-25T11:30:00Z", body: "" }])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, first.comment.body)])
      .patch(`${REPO}/issues/comments/77`, capture(comment))
      .reply(200, botComment(77, "updated"))
      .get(`${REPO}/commits/${NEW_HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, capture(check))
      .reply(201, { id: 6 });
    await probot.receive(
      delivery("pull_request", "synchronize", (p) => {
        p.pull_request.head.sha = NEW_HEAD;
        p.pull_request.labels = [{ id: 1, name: "security-review", color: "d73a4a", default: false }];
        p.pull_request.requested_reviewers = []; // GitHub drops a reviewer from the list once they review
      }),
    );
    expect(requests.writes).toEqual(["PATCH /repos/Codertocat/Hello-World/issues/comments/77", "POST /repos/Codertocat/Hello-World/check-runs"]);
    expect(check.value).toMatchObject({ head_sha: NEW_HEAD, status: "in_progress", output: { title: "Waiting for security review" } });
    expect(comment.value.body).toContain(`/blob/${NEW_HEAD}/app/views.py#L11`);
  });

  it("passes the check when an eligible reviewer approves the head commit", async () => {
    const first = await firstRun();
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    const update: { value?: any } = {};
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [SENSITIVE_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, first.comment.body)])
      .get(ROSTER)
      .reply(200, ROSTER_YAML)
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [{ id: 81, user: bob, state: "APPROVED", commit_id: HEAD, submitted_at: "2026-11-25T11:30:00Z", body: "" }])
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: [checkRun(5, { status: "in_progress", conclusion: null, ...first.check.output })] })
      .patch(`${REPO}/check-runs/5`, capture(update))
      .reply(200, { id: 5 });
    await probot.receive(
      delivery("pull_request_review", "submitted", (p) => {
        p.review.user = bob;
        p.review.state = "approved";
        p.pull_request.labels = [{ id: 1, name: "security-review", color: "d73a4a", default: false }];
      }),
    );
    expect(requests.writes).toEqual(["PATCH /repos/Codertocat/Hello-World/check-runs/5"]);
    expect(update.value).toMatchObject({ status: "completed", conclusion: "success", output: { title: "Approved by @bob" } });
  });

  it("evaluates a draft but waits for ready_for_review before requesting reviewers", async () => {
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    const comment: { value?: any } = {};
    const check: { value?: any } = {};
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [SENSITIVE_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/2/labels`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/2/labels`)
      .reply(200, [])
      .get(ROSTER)
      .reply(200, ROSTER_YAML)
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/2/comments`, capture(comment))
      .reply(201, botComment(77, "x"))
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, capture(check))
      .reply(201, { id: 5 });
    await probot.receive(delivery("pull_request", "opened", (p) => (p.pull_request.draft = true)));
    expect(requests.writes).not.toContain("POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers");
    expect(check.value.output.title).toBe("Security review needed (draft)");

    const later = recordRequests(); // the installation token is cached from the first event
    const review: { value?: any } = {};
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [SENSITIVE_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, comment.value.body)])
      .get(ROSTER)
      .reply(200, ROSTER_YAML)
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/pulls/2`)
      .reply(200, pullNow())
      .get("/search/issues")
      .times(2)
      .query(true)
      .reply(200, { total_count: 0, incomplete_results: false, items: [] })
      .get(/\/user\/100[12]$/)
      .reply(200, (uri) => (uri.endsWith("1001") ? { login: "alice", id: 1001 } : bob))
      .post(`${REPO}/pulls/2/requested_reviewers`, capture(review))
      .reply(201, {})
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, comment.value.body)])
      .patch(`${REPO}/issues/comments/77`)
      .reply(200, botComment(77, "x"))
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: [checkRun(5, { status: "in_progress", conclusion: null, ...check.value.output })] })
      .patch(`${REPO}/check-runs/5`)
      .reply(200, { id: 5 });
    await probot.receive(
      delivery("pull_request", "ready_for_review", (p) => {
        p.pull_request.labels = [{ id: 1, name: "security-review", color: "d73a4a", default: false }];
        p.pull_request.requested_reviewers = [];
      }),
    );
    expect(later.writes).toEqual([
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "PATCH /repos/Codertocat/Hello-World/issues/comments/77",
      "PATCH /repos/Codertocat/Hello-World/check-runs/5",
    ]);
    expect(review.value.reviewers).toHaveLength(1);
    expect(["alice", "bob"]).toContain(review.value.reviewers[0]);
  });

  it("removes the label it added once no rule fires any more", async () => {
    const first = await firstRun();
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    const comment: { value?: any } = {};
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [HARMLESS_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, first.comment.body)])
      .get(`${REPO}/issues/2/labels`)
      .query(true)
      .reply(200, [{ id: 1, name: "security-review", color: "d73a4a", default: false }])
      .delete(`${REPO}/issues/2/labels/security-review`)
      .reply(200, [])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [botComment(77, first.comment.body)])
      .patch(`${REPO}/issues/comments/77`, capture(comment))
      .reply(200, botComment(77, "x"))
      .get(`${REPO}/commits/${NEW_HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, (body: any) => body.conclusion === "neutral")
      .reply(201, { id: 6 });
    await probot.receive(
      delivery("pull_request", "synchronize", (p) => {
        p.pull_request.head.sha = NEW_HEAD;
        p.pull_request.labels = [{ id: 1, name: "security-review", color: "d73a4a", default: false }];
      }),
    );
    expect(requests.writes).toHaveLength(3);
    expect(comment.value.body).toContain("no security review rule fires on this pull request any more");
    expect(parseRecord(comment.value.body, "test-secret").labelAdded).toBe(false);
  });

  it("treats a label a person put on as a request for review, and never removes it", async () => {
    const { probot } = await createReviewApp();
    mockInstallationToken();
    const check: { value?: any } = {};
    const comment: { value?: any } = {};
    const labelled = delivery("pull_request", "labeled", (p) => {
      p.label = { id: 1, name: "security-review", color: "d73a4a", default: false };
      p.pull_request.labels = [p.label];
      p.pull_request.requested_reviewers = [bob];
    });
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [HARMLESS_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .get(ROSTER)
      .reply(200, ROSTER_YAML)
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/2/comments`, capture(comment))
      .reply(201, botComment(77, "x"))
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, capture(check))
      .reply(201, { id: 5 });
    await probot.receive(labelled);
    expect(check.value.status).toBe("in_progress");
    expect(comment.value.body).toContain("Review was requested by the `security-review` label.");
    expect(parseRecord(comment.value.body, "test-secret").labelAdded).toBe(false);
  });

  it("ignores the labelled event its own labelling causes", async () => {
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    await probot.receive(
      delivery("pull_request", "labeled", (p) => {
        p.label = { id: 1, name: "security-review", color: "d73a4a", default: false };
        p.sender = { login: "secwg[bot]", id: 900001, type: "Bot" };
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
    const { probot, logLines } = await createReviewApp();
    mockInstallationToken();
    const check: { value?: any } = {};
    github()
      .get(CONFIG)
      .reply(200, "review:\n  reviewers:\n    count: three\n")
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, capture(check))
      .reply(201, { id: 5 });
    await probot.receive(delivery("pull_request", "opened"));
    expect(check.value).toMatchObject({ status: "completed", conclusion: "action_required", output: { title: "secwg configuration is invalid" } });
    expect(check.value.output.summary).toContain('review.reviewers.count: expected a whole number between 1 and 5, got "three"');
    expect(logLines.join("")).toContain("security review: configuration unusable");
  });

  it("keeps asking nobody new when the author is the only eligible member", async () => {
    const { probot } = await createReviewApp();
    const requests = recordRequests();
    mockInstallationToken();
    github()
      .get(CONFIG)
      .reply(200, CONFIG_YAML)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [SENSITIVE_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/2/labels`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/2/labels`)
      .reply(200, [])
      .get(ROSTER)
      .reply(200, `members:\n  - login: Codertocat\n    id: ${AUTHOR_ID}\n    roles: [chair]\n`)
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/2/comments`)
      .reply(201, botComment(77, "x"))
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, (body: any) => body.output.summary.includes("nobody is eligible"))
      .reply(201, { id: 5 });
    await probot.receive(delivery("pull_request", "opened"));
    expect(requests.writes).not.toContain("POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers");
  });
  it("draws reviewers from the configured team, by the logins the team API returns", async () => {
    const { probot } = await createReviewApp();
    mockInstallationToken();
    const review: { value?: any } = {};
    github()
      .get(CONFIG)
      .reply(200, `${CONFIG_YAML}  reviewers:\n    team: Codertocat/security\n`)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [SENSITIVE_FILE])
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/2/labels`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/2/labels`)
      .reply(200, [])
      .get(ROSTER)
      .reply(200, ROSTER_YAML)
      .get(`${REPO}/pulls/2`)
      .reply(200, pullNow())
      .get("/orgs/Codertocat/teams/security/members")
      .query(true)
      .reply(200, [
        { login: "Codertocat", id: AUTHOR_ID, type: "User" },
        { login: "carol", id: 1003, type: "User" },
        { login: "dana", id: 3001, type: "User" },
      ])
      .get(`${REPO}/pulls/2/reviews`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/pulls/2/requested_reviewers`, capture(review))
      .reply(201, {})
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/2/comments`)
      .reply(201, botComment(77, "x"))
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, (body: any) => body.output.summary.includes("@carol, @dana"))
      .reply(201, { id: 5 });
    // The author and carol (away in the roster) are in the team: only dana can be asked, so no load query.
    await probot.receive(delivery("pull_request", "opened"));
    expect(review.value).toEqual({ reviewers: ["dana"] });
  });
});
