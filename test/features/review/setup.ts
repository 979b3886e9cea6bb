import { fixedIdentity } from "../../../src/github/octokit-gateway.js";
import { TEST_BOT } from "../../helpers/probot.js";
import nock from "nock";
import type { Probot } from "probot";
import { defaultDeps } from "../../../src/app/deps.js";
import { onIssueComment } from "../../../src/features/commands/dispatcher.js";
import { onPullRequestReviewSecurityReview, onPullRequestSecurityReview } from "../../../src/features/review/events.js";
import { securityReviewCommands } from "../../../src/features/review/commands.js";
import { API, createTestProbot, INSTALLATION_ID, mockInstallationToken, recordRequests } from "../../helpers/probot.js";
import { loadPayload } from "../../helpers/fixtures.js";

/**
 * A Probot instance with only the security review handlers (and the command dispatcher with only
 * the security review commands), so these tests count exactly this feature's requests whatever
 * other features subscribe to the same events.
 */
export async function createReviewApp(): Promise<{ probot: Probot; logLines: string[] }> {
  const deps = defaultDeps({ identity: fixedIdentity(TEST_BOT), now: () => new Date("2026-11-25T12:00:00Z"), signingKey: "test-secret" });
  return createTestProbot((app) => {
    app.on(
      ["pull_request.opened", "pull_request.reopened", "pull_request.synchronize", "pull_request.ready_for_review", "pull_request.edited", "pull_request.labeled"],
      (context) => onPullRequestSecurityReview(context, deps),
    );
    app.on(["pull_request_review.submitted", "pull_request_review.dismissed"], (context) => onPullRequestReviewSecurityReview(context, deps));
    app.on("issue_comment.created", (context) => onIssueComment(context, deps, [securityReviewCommands]));
  });
}

/**
 * A review app for one delivery: its requests recorded, and the installation token mocked that
 * Probot exchanges before the event's first call (strict nock fails the test if none is made).
 */
export async function appForEvent(): Promise<{ probot: Probot; logLines: string[]; requests: { reads: string[]; writes: string[] } }> {
  const app = await createReviewApp();
  const requests = recordRequests();
  mockInstallationToken();
  return { ...app, requests };
}

export const REPO = "/repos/Codertocat/Hello-World";
export const CONFIG = `${REPO}/contents/.github%2Fsecwg.yml`;
/** The organisation's policy file (`Codertocat/.github`), read before the repository's own. */
export const ORG_CONFIG = "/repos/Codertocat/.github/contents/.github%2Fsecwg.yml";
export const ROSTER = "/repos/Codertocat/security-wg/contents/MEMBERS.yml";
export const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const NEW_HEAD = "1111111111111111111111111111111111111111";
export const AUTHOR_ID = 21031067;

export const CONFIG_YAML = `review:
  defaultRules: false
  rules:
    - id: csrf-exemption
      message: Switches off CSRF protection for a view.
      checklist: [Is the view safe to call from another site?]
      pattern: "csrf_exempt"
`;

export const ROSTER_YAML = `members:
  - login: alice
    id: 1001
    roles: [chair]
  - login: bob
    id: 1002
    roles: [member]
  - login: Codertocat
    id: ${AUTHOR_ID}
    roles: [member]
  - login: carol
    id: 1003
    roles: [member]
    away: true
`;

export const SENSITIVE_FILE = {
  sha: "bbcd538c8e72b8c175046e27cc8f907076331401",
  filename: "app/views.py",
  status: "modified",
  additions: 1,
  deletions: 0,
  changes: 1,
  patch: "@@ -10,2 +10,3 @@\n import os\n+@csrf_exempt\n def submit(request):",
};

export const HARMLESS_FILE = {
  sha: "bbcd538c8e72b8c175046e27cc8f907076331402",
  filename: "README.md",
  status: "modified",
  additions: 1,
  deletions: 1,
  changes: 2,
  patch: "@@ -1 +1 @@\n-Hello\n+Hello, world",
};

/** A webhook delivery from a real fixture, on installation 2 (the token the tests mock). */
export function delivery(event: string, action: string, patch: (payload: any) => void = () => {}) {
  const payload = loadPayload(event, action) as any;
  payload.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };
  patch(payload);
  return { id: `delivery-${event}-${action}`, name: event as any, payload };
}

export function botComment(id: number, body: string) {
  return {
    id,
    node_id: "IC_kwDOA",
    body,
    user: { login: "secwg[bot]", id: 99, type: "Bot" },
    html_url: `https://github.com/Codertocat/Hello-World/pull/2#issuecomment-${id}`,
    created_at: "2026-11-25T11:00:00Z",
    updated_at: "2026-11-25T11:00:00Z",
    author_association: "NONE",
  };
}

export function checkRun(id: number, fields: { status: string; conclusion: string | null; title: string; summary: string }) {
  return {
    id,
    name: "secwg / security review",
    head_sha: HEAD,
    external_id: "secwg:security-review",
    status: fields.status,
    conclusion: fields.conclusion,
    started_at: "2026-11-25T11:00:00Z",
    output: { title: fields.title, summary: fields.summary, text: null },
  };
}

/**
 * A commit as `GET /pulls/{n}/commits` lists it, reduced to the fields secwg reads: the GitHub
 * accounts of its author and committer (the author's unless given; null when none matched).
 * @see https://docs.github.com/en/rest/pulls/pulls#list-commits-on-a-pull-request
 */
export function pullCommit(authorId: number | null, committerId: number | null = authorId, sha = HEAD) {
  const user = (id: number | null) => (id === null ? null : { login: `user${id}`, id, type: "User" });
  return {
    sha,
    commit: { author: { name: "A", email: "a@example.com", date: "2026-11-25T10:00:00Z" }, committer: { name: "C", email: "c@example.com", date: "2026-11-25T10:00:00Z" }, message: "Change" },
    author: user(authorId),
    committer: user(committerId),
    parents: [],
  };
}

/** Captures the JSON body of a matched request into `sink.value`. */
export function capture(sink: { value?: any }) {
  return (body: any) => {
    sink.value = body;
    return true;
  };
}

export function github() {
  return nock(API);
}

/** The review label as GitHub lists it on pull request 2. */
export const REVIEW_LABEL = { id: 1, name: "security-review", color: "d73a4a", default: false };

/** The ids of secwg's checklist comment on pull request 2 and of its check run, in these tests. */
export const CHECKLIST_ID = 77;
export const CHECK_RUN_ID = 5;

/** secwg's checklist comment on pull request 2, with this body. */
export function checklistComment(body: string) {
  return botComment(CHECKLIST_ID, body);
}

/**
 * The check run as GitHub lists it after secwg wrote `written` (a captured create or update body),
 * so the next event finds it.
 */
export function checkRunFrom(written: { status: string; conclusion?: string; output: { title: string; summary: string } }) {
  return checkRun(CHECK_RUN_ID, { status: written.status, conclusion: written.conclusion ?? null, title: written.output.title, summary: written.output.summary });
}

/** The writes `recordRequests` lists, named by what they do. */
export const WRITE = {
  addLabel: `POST ${REPO}/issues/2/labels`,
  requestReviewers: `POST ${REPO}/pulls/2/requested_reviewers`,
  createComment: `POST ${REPO}/issues/2/comments`,
  updateChecklist: `PATCH ${REPO}/issues/comments/${CHECKLIST_ID}`,
  createCheck: `POST ${REPO}/check-runs`,
  updateCheck: `PATCH ${REPO}/check-runs/${CHECK_RUN_ID}`,
};

/**
 * What a write's request body must be: `capture(sink)` to assert on it after the event, a predicate
 * (nock matches the write only if it holds, so strict nock fails the test otherwise), or `anyBody`.
 */
export type BodyCheck = (body: any) => boolean;
export const anyBody: BodyCheck = () => true;

interface User {
  login: string;
  id: number;
}

/**
 * The GitHub calls of one security review run. Each part is registered only when given, because
 * strict nock fails a test on a mocked call the run does not make.
 */
export interface ReviewCalls {
  /** `.github/secwg.yml`: `CONFIG_YAML` unless given; `null` when the caller (the command dispatcher) has already read it. */
  config?: string | null;
  /** The organisation's `.github/secwg.yml` (read with `config`): none unless given. */
  orgConfig?: string;
  /** The pull request's files. Left out when the configuration is invalid: the run stops before reading them. */
  files?: object[];
  /** The comments secwg looks for its checklist in (read with the files, and again before writing the checklist); none unless given. */
  comments?: object[];
  /**
   * `GET /pulls/2`: the pull request as GitHub has it when the review starts (a webhook's payload
   * only says which pull request). Left out when the caller (the command dispatcher) reads it.
   */
  current?: object;
  addLabel?: BodyCheck;
  removeLabel?: boolean;
  /**
   * The reviews on the pull request. Given only when review is needed, which is when the run also
   * reads the roster (`roster`: `ROSTER_YAML` unless given; `null` when the command dispatcher
   * has already read it) and, with `team`, the configured team's members.
   */
  reviews?: object[];
  /**
   * The pull request's commits (who may not approve or waive it), read once when review is needed
   * or a command changes secwg's record: one commit by the author unless given.
   */
  commits?: object[];
  roster?: string | null;
  team?: object[];
  /**
   * Open security review requests of each roster login, as GitHub's lists of the installation's
   * repositories and their open pull requests answer them (one list each); each path read for the
   * load is pushed to `loadReads`.
   */
  loads?: Record<string, number>;
  loadReads?: string[];
  /**
   * The reviewer picked, whose current login is looked up by id. Several when the test leaves the
   * pick to the seeded tie-break: one lookup, answered for whichever of them is asked.
   */
  pickedReviewer?: User | User[];
  requestReviewers?: BodyCheck;
  /** The checklist write, after the comments are read again: a new comment, or an edit of the existing one. */
  checklist?: { create: BodyCheck } | { update: BodyCheck };
  /**
   * Every run ends with its check run on `head` (`HEAD` unless given): the runs already there (none
   * unless given), then a new run or an update of the first of them, or no write when it is the same.
   */
  check: { head?: string; runs?: { id: number }[]; create?: BodyCheck; update?: BodyCheck };
}

/** Registers `calls` on a scope, in the order the review run makes them. */
export function reviewCalls(calls: ReviewCalls): nock.Scope {
  const scope = github();
  const comments = calls.comments ?? [];
  if (calls.current) scope.get(`${REPO}/pulls/2`).reply(200, calls.current);
  if (calls.config !== null) {
    scope.get(ORG_CONFIG).reply(calls.orgConfig === undefined ? 404 : 200, calls.orgConfig ?? { message: "Not Found" });
    scope.get(CONFIG).reply(200, calls.config ?? CONFIG_YAML);
  }
  if (calls.files) {
    scope.get(`${REPO}/pulls/2/files`).query(true).reply(200, calls.files);
    scope.get(`${REPO}/issues/2/comments`).query(true).reply(200, comments);
  }
  if (calls.addLabel) scope.post(`${REPO}/issues/2/labels`, calls.addLabel).reply(200, [REVIEW_LABEL]);
  if (calls.removeLabel) scope.delete(`${REPO}/issues/2/labels/security-review`).reply(200, []);
  if (calls.reviews) {
    if (calls.roster !== null) scope.get(ROSTER).reply(200, calls.roster ?? ROSTER_YAML);
    if (calls.team) scope.get("/orgs/Codertocat/teams/security/members").query(true).reply(200, calls.team);
    scope.get(`${REPO}/pulls/2/reviews`).query(true).reply(200, calls.reviews);
  }
  if (calls.reviews || calls.commits) scope.get(`${REPO}/pulls/2/commits`).query(true).reply(200, calls.commits ?? [pullCommit(AUTHOR_ID)]);
  if (calls.loads) registerLoads(scope, calls.loads, calls.loadReads);
  if (calls.pickedReviewer) registerUserLookup(scope, [calls.pickedReviewer].flat());
  if (calls.requestReviewers) scope.post(`${REPO}/pulls/2/requested_reviewers`, calls.requestReviewers).reply(201, {});
  if (calls.checklist) {
    scope.get(`${REPO}/issues/2/comments`).query(true).reply(200, comments);
    if ("create" in calls.checklist) {
      const check = calls.checklist.create;
      let posted = "";
      scope.post(`${REPO}/issues/2/comments`, (body) => ((posted = body.body), check(body))).reply(201, () => checklistComment(posted));
      // Read back after creating: no concurrent run put a checklist there first.
      scope.get(`${REPO}/issues/2/comments`).query(true).reply(200, () => [...comments, checklistComment(posted)]);
    }
    else scope.patch(`${REPO}/issues/comments/${CHECKLIST_ID}`, calls.checklist.update).reply(200, checklistComment("x"));
  }
  const runs = calls.check.runs ?? [];
  scope.get(`${REPO}/commits/${calls.check.head ?? HEAD}/check-runs`).query(true).reply(200, { total_count: runs.length, check_runs: runs });
  if (calls.check.create) scope.post(`${REPO}/check-runs`, calls.check.create).reply(201, { id: CHECK_RUN_ID });
  if (calls.check.update) {
    const updated = runs[0];
    if (!updated) throw new Error("reviewCalls: check.update needs the run it updates in check.runs");
    scope.patch(`${REPO}/check-runs/${updated.id}`, calls.check.update).reply(200, { id: updated.id });
  }
  return scope;
}

/**
 * Pull request 2 as `GET /pulls/2` answers it: the webhook example's `pull_request` (the same
 * object), with the head, labels, requested reviewers and draft state GitHub has now.
 */
export function pullNow(now: { head?: string; labels?: object[]; requested?: object[]; draft?: boolean } = {}): Record<string, any> {
  const pull = structuredClone(loadPayload("pull_request", "opened").pull_request);
  return {
    ...pull,
    head: { ...pull.head, sha: now.head ?? HEAD },
    labels: now.labels ?? [],
    requested_reviewers: now.requested ?? [],
    draft: now.draft ?? false,
  };
}

/** Roster ids of the logins a test gives loads for. */
const ROSTER_IDS: Record<string, number> = { alice: 1001, bob: 1002, carol: 1003, Codertocat: AUTHOR_ID };

/**
 * A pull request as `GET /repos/{owner}/{repo}/pulls` lists it: the webhook example's
 * `pull_request` (the same schema) with the given number, labels and requested users.
 */
export function listedPull(number: number, labels: string[], requested: { login: string; id: number }[]): Record<string, any> {
  const pull = structuredClone(loadPayload("pull_request", "opened").pull_request);
  const user = pull.user;
  return {
    ...pull,
    number,
    labels: labels.map((name, i) => ({ ...REVIEW_LABEL, id: 9000 + i, name })),
    requested_reviewers: requested.map((r) => ({ ...user, login: r.login, id: r.id })),
    requested_teams: [],
  };
}

function registerLoads(scope: nock.Scope, loads: Record<string, number>, reads?: string[]): void {
  const record = (uri: string) => void reads?.push(decodeURIComponent(uri));
  const repo = (owner: string, name: string) => ({ ...loadPayload("pull_request", "opened").repository, name, full_name: `${owner}/${name}`, owner: { ...loadPayload("pull_request", "opened").repository.owner, login: owner } });
  // Another owner's repository of the same installation is not read: its load is not this organisation's.
  scope
    .get("/installation/repositories")
    .query(true)
    .reply(200, (uri) => (record(uri), { total_count: 3, repositories: [repo("Codertocat", "Hello-World"), repo("Codertocat", "api"), repo("elsewhere", "x")] }));
  const requested = Object.entries(loads).flatMap(([login, n]) => Array.from({ length: n }, () => ({ login, id: ROSTER_IDS[login] ?? 0 })));
  // Hello-World: the security-labelled pull requests, and one unlabelled pull request asking everyone (not security work).
  const everyone = Object.keys(loads).map((login) => ({ login, id: ROSTER_IDS[login] ?? 0 }));
  const here = requested.map((r, i) => listedPull(100 + i, ["security-review"], [r]));
  scope.get(`${REPO}/pulls`).query(true).reply(200, (uri) => (record(uri), [...here, listedPull(99, ["docs"], everyone)]));
  scope.get("/repos/Codertocat/api/pulls").query(true).reply(200, (uri) => (record(uri), []));
}

function registerUserLookup(scope: nock.Scope, candidates: User[]): void {
  const path = candidates.length === 1 ? `/user/${candidates[0]?.id}` : new RegExp(`^/user/(${candidates.map((u) => u.id).join("|")})$`);
  scope.get(path).reply(200, (uri) => candidates.find((u) => uri.endsWith(`/${u.id}`)) ?? {});
}
