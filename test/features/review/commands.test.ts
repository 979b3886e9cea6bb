import { useStrictNock } from "../../helpers/probot.js";
import { parseRecord, renderChecklist } from "../../../src/core/review/checklist.js";
import {
  anyBody,
  appForEvent,
  AUTHOR_ID,
  botComment,
  capture,
  checklistComment,
  CHECK_RUN_ID,
  checkRun,
  checkRunFrom,
  CONFIG,
  ORG_CONFIG,
  CONFIG_YAML,
  delivery,
  github,
  HARMLESS_FILE,
  HEAD,
  NEW_HEAD,
  pullCommit,
  REPO,
  REVIEW_LABEL,
  reviewCalls,
  type ReviewCalls,
  ROSTER,
  ROSTER_YAML,
  SENSITIVE_FILE,
  WRITE,
} from "./setup.js";

useStrictNock();

const alice = { login: "alice", id: 1001, type: "User" };
const bob = { login: "bob", id: 1002, type: "User" };
const COMMENT_ID = 492700400;

/** `pulls.get` for pull request 2, already labelled and with bob requested. */
function pull(overrides: Record<string, unknown> = {}) {
  return {
    number: 2,
    state: "open",
    title: "Update the README with new information.",
    body: "This is a pretty simple change that we need to pull into master.",
    draft: false,
    user: { login: "Codertocat", id: AUTHOR_ID, type: "User" },
    head: { sha: HEAD, ref: "changes" },
    base: { sha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", ref: "master" },
    labels: [REVIEW_LABEL],
    requested_reviewers: [bob],
    ...overrides,
  };
}

/** When the comment in `commentOnPull` was written (the fixture's `created_at`). */
const WRITTEN_AT = "2019-05-15T15:20:21Z";

/**
 * The checklist comment secwg left after the pull request was opened: it saw `HEAD` become the
 * head before the command was written, unless `seenAt` says otherwise.
 */
function existingChecklist(seenAt = "2019-05-15T15:00:00Z"): string {
  return renderChecklist({
    repoUrl: "https://github.com/Codertocat/Hello-World",
    target: "Codertocat/Hello-World#2",
    prNumber: 2,
    headSha: HEAD,
    baseSha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
    needsReview: true,
    fired: [
      {
        id: "csrf-exemption",
        message: "Switches off CSRF protection for a view.",
        checklist: ["Is the view safe to call from another site?"],
        hits: [{ file: "app/views.py", line: 11, where: "added" }],
      },
    ],
    requestedBy: null,
    reviewers: ["bob"],
    draft: false,
    skip: null,
    record: { v: 1, labelAdded: true, forced: null, skip: null, asked: [1002], head: { sha: HEAD, seenAt } },
    signingKey: "test-secret",
  });
}

/**
 * A review run started by a command: the dispatcher reads the configuration and the roster, the
 * command reads the pull request, and the review reuses all three instead of reading them again.
 */
function commandReviewCalls(pullNow: object, calls: Omit<ReviewCalls, "config" | "roster">, roster = ROSTER_YAML) {
  github().get(ORG_CONFIG).reply(404).get(CONFIG).reply(200, CONFIG_YAML).get(ROSTER).reply(200, roster).get(`${REPO}/pulls/2`).reply(200, pullNow);
  reviewCalls({ ...calls, config: null, roster: null });
}

/**
 * The dispatcher answering a command it does not run: it reads the configuration (and the roster,
 * when it gets as far as checking who may run the command), looks for an earlier reply so a
 * redelivery replies once, then posts its reply.
 */
function replyCalls(reads: { roster: boolean }, reply: { value?: any }) {
  const scope = github().get(ORG_CONFIG).reply(404).get(CONFIG).reply(200, CONFIG_YAML);
  if (reads.roster) scope.get(ROSTER).reply(200, ROSTER_YAML);
  scope
    .get(`${REPO}/issues/2/comments`)
    .query(true)
    .reply(200, [])
    .post(`${REPO}/issues/2/comments`, capture(reply))
    .reply(201, botComment(78, "x"))
    // Read back after creating: the reply is the only one with its marker.
    .get(`${REPO}/issues/2/comments`)
    .query(true)
    .reply(200, () => [botComment(78, reply.value.body)]);
}

function commentOnPull(body: string, user: { login: string; id: number; type: string }) {
  return delivery("issue_comment", "created", (p) => {
    p.issue.number = 2;
    p.issue.user = { ...p.issue.user, login: "Codertocat", id: AUTHOR_ID };
    p.issue.pull_request = {
      url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/2",
      html_url: "https://github.com/Codertocat/Hello-World/pull/2",
      diff_url: "https://github.com/Codertocat/Hello-World/pull/2.diff",
      patch_url: "https://github.com/Codertocat/Hello-World/pull/2.patch",
    };
    p.comment.body = body;
    p.comment.user = { ...p.comment.user, ...user };
  });
}

/** A signer skipping review: every write, with bodies captured. */
async function skipBySigner(command = "/security-review skip only renames a template variable") {
  const { probot, requests } = await appForEvent();
  const comment: { value?: any } = {};
  const check: { value?: any } = {};
  commandReviewCalls(pull(), {
    files: [SENSITIVE_FILE],
    comments: [checklistComment(existingChecklist())],
    reviews: [],
    checklist: { update: capture(comment) },
    check: { runs: [checkRun(CHECK_RUN_ID, { status: "in_progress", conclusion: null, title: "Waiting for security review", summary: "…" })], update: capture(check) },
  });
  await probot.receive(commentOnPull(command, alice));
  return { requests, comment: comment.value, check: check.value };
}

/**
 * A skip secwg refuses: the review runs as usual (the check stays waiting, the checklist records
 * the head it saw), then the command gets a reply.
 */
async function refusedSkip(command: string, options: { checklist?: string; commits?: object[]; head?: string } = {}) {
  const { probot, requests } = await appForEvent();
  const comment: { value?: any } = {};
  const reply: { value?: any } = {};
  const head = options.head ?? HEAD;
  commandReviewCalls(pull({ head: { sha: head, ref: "changes" }, updated_at: "2019-05-15T15:20:25Z" }), {
    files: [SENSITIVE_FILE],
    comments: [checklistComment(options.checklist ?? existingChecklist())],
    reviews: [],
    ...(options.commits ? { commits: options.commits } : {}),
    // The checklist changes only when the head it records does.
    ...(head === HEAD ? {} : { checklist: { update: capture(comment) } }),
    check:
      head === HEAD
        ? { runs: [checkRun(CHECK_RUN_ID, { status: "in_progress", conclusion: null, title: "Waiting for security review", summary: "…" })], update: anyBody }
        : { head, create: anyBody },
  });
  github()
    .get(`${REPO}/issues/2/comments`)
    .query(true)
    .reply(200, [])
    .post(`${REPO}/issues/2/comments`, capture(reply))
    .reply(201, botComment(78, "x"))
    .get(`${REPO}/issues/2/comments`)
    .query(true)
    .reply(200, () => [botComment(78, reply.value.body)]);
  await probot.receive(commentOnPull(command, alice));
  const record = parseRecord(comment.value?.body ?? options.checklist ?? existingChecklist(), "test-secret", "Codertocat/Hello-World#2");
  return { requests, record, reply: reply.value?.body as string };
}

describe("/security-review commands", () => {
  it("lets a signer skip review of the current commit, recording who and why", async () => {
    const run = await skipBySigner();
    expect(run.requests.writes).toEqual([WRITE.updateChecklist, WRITE.updateCheck]);
    expect(run.check).toMatchObject({ status: "completed", conclusion: "success", output: { title: "Review skipped by alice" } });
    expect(run.check.output.summary).toContain("alice skipped security review of commit `ec26c3e`: only renames a template variable");
    expect(parseRecord(run.comment.body, "test-secret", "Codertocat/Hello-World#2").skip).toEqual({
      sha: HEAD,
      by: 1001,
      login: "alice",
      reason: "only renames a template variable",
      at: WRITTEN_AT,
      commentId: COMMENT_ID,
    });
  });

  it("takes a skip naming the head commit in full, and keeps the commit out of the reason", async () => {
    const run = await skipBySigner(`/security-review skip ${HEAD} only renames a template variable`);
    expect(run.check).toMatchObject({ status: "completed", conclusion: "success" });
    expect(parseRecord(run.comment.body, "test-secret", "Codertocat/Hello-World#2").skip).toMatchObject({ sha: HEAD, reason: "only renames a template variable" });
  });

  it("refuses a skip when the head was pushed after the command was written, pointing at the current head", async () => {
    const run = await refusedSkip("/security-review skip only renames a template variable", { head: NEW_HEAD });
    expect(run.record.skip).toBeNull();
    // The new head is recorded as first seen now, so a repeated command can be judged.
    expect(run.record.head).toEqual({ sha: NEW_HEAD, seenAt: "2019-05-15T15:20:25Z" });
    expect(run.reply).toContain("was already its head when you wrote the command");
    expect(run.reply).toContain(`\`/security-review skip ${NEW_HEAD} <reason>\``);
    expect(run.reply).not.toContain("renames");
  });

  it("refuses a skip written in the same second the head was first seen", async () => {
    const run = await refusedSkip("/security-review skip only renames a template variable", { checklist: existingChecklist(WRITTEN_AT) });
    expect(run.record.skip).toBeNull();
    expect(run.reply).toContain("was already its head when you wrote the command");
  });

  it("refuses a skip naming another commit, without echoing it", async () => {
    const run = await refusedSkip("/security-review skip deadbeefcafe only renames a template variable");
    expect(run.record.skip).toBeNull();
    expect(run.reply).toContain("The commit named in the command is not the head of this pull request (now `ec26c3e`)");
    expect(run.reply).not.toContain("deadbeef");
  });

  it("refuses a skip by a signer who committed in the pull request, even when GitHub's web-flow committed the rest", async () => {
    const run = await refusedSkip("/security-review skip only renames a template variable", {
      commits: [pullCommit(AUTHOR_ID, 19864447), pullCommit(AUTHOR_ID, alice.id, NEW_HEAD)],
    });
    expect(run.record.skip).toBeNull();
    expect(run.reply).toContain("You authored, committed or pushed commits in this pull request, so you cannot skip its security review");
  });

  it("makes no write when the skip command is delivered again", async () => {
    const first = await skipBySigner();
    const { probot, requests } = await appForEvent();
    commandReviewCalls(pull(), {
      files: [SENSITIVE_FILE],
      comments: [checklistComment(first.comment.body)],
      reviews: [],
      check: { runs: [checkRunFrom(first.check)] },
    });
    await probot.receive(commentOnPull("/security-review skip only renames a template variable", alice));
    expect(requests.writes).toEqual([]);
  });

  it("refuses a skip by a member who is not a signer, and says who may", async () => {
    const { probot, logLines, requests } = await appForEvent();
    const reply: { value?: any } = {};
    replyCalls({ roster: true }, reply);
    await probot.receive(commentOnPull("/security-review skip trust me", bob));
    expect(requests.writes).toEqual([WRITE.createComment]);
    expect(reply.value.body).toContain("@bob `/security-review` can only be used by the Chair, the Co-Chair or the Board Liaison");
    expect(reply.value.body).toContain(`<!-- secwg:reply:${COMMENT_ID}-1 -->`);
    expect(logLines.join("")).toContain("command refused");
  });

  it("answers a skip without a reason with the usage", async () => {
    const { probot } = await appForEvent();
    const reply: { value?: any } = {};
    // The missing reason is found before the dispatcher checks who may run the command.
    replyCalls({ roster: false }, reply);
    await probot.receive(commentOnPull("/security-review skip", alice));
    expect(reply.value.body).toContain("a reason is required");
    expect(reply.value.body).toContain("`/security-review skip [<commit>] <reason>`");
  });

  it("lets the author force review of a pull request no rule flags", async () => {
    const { probot, requests } = await appForEvent();
    const comment: { value?: any } = {};
    const check: { value?: any } = {};
    const review: { value?: any } = {};
    // The author is not in this roster: only authorship lets them ask.
    const roster = "members:\n  - login: alice\n    id: 1001\n    roles: [chair]\n";
    // The command's pull request is read just now, so the review writes the label without reading the labels first.
    commandReviewCalls(
      pull({ labels: [], requested_reviewers: [] }),
      {
        files: [HARMLESS_FILE],
        addLabel: anyBody,
        reviews: [],
        pickedReviewer: alice,
        requestReviewers: capture(review),
        checklist: { create: capture(comment) },
        check: { create: capture(check) },
      },
      roster,
    );
    await probot.receive(commentOnPull("/security-review", { login: "Codertocat", id: AUTHOR_ID, type: "User" }));
    expect(requests.writes).toHaveLength(4);
    expect(review.value).toEqual({ reviewers: ["alice"] });
    expect(comment.value.body).toContain("Review was requested by Codertocat with `/security-review`.");
    expect(check.value).toMatchObject({ status: "in_progress", output: { title: "Waiting for security review" } });
  });

  it("ignores the commands on an issue that is not a pull request", async () => {
    const { probot, requests } = await appForEvent();
    github().get(ORG_CONFIG).reply(404).get(CONFIG).reply(200, CONFIG_YAML);
    await probot.receive(
      delivery("issue_comment", "created", (p) => {
        p.comment.body = "/security-review";
      }),
    );
    expect(requests.writes).toEqual([]);
  });
});
