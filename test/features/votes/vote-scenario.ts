import { fixedIdentity } from "../../../src/github/octokit-gateway.js";
import { TEST_BOT } from "../../helpers/probot.js";
import type { ApplicationFunction } from "probot";
import { defaultDeps } from "../../../src/app/deps.js";
import { onIssueComment } from "../../../src/features/commands/dispatcher.js";
import { onMembershipPullRequest } from "../../../src/features/membership/events.js";
import { onVoteActivity } from "../../../src/features/votes/activity.js";
import { VOTE_COMMANDS } from "../../../src/features/votes/commands.js";
import { mockInstallationToken } from "../../helpers/probot.js";
import { loadPayload } from "../../helpers/fixtures.js";
import { filledBody } from "../../core/membership/builders.js";
import { FakeGitHub } from "./vote-fake-github.js";

/** Shared set-up of the membership and vote handler tests: one membership request, three members. */

export const KEY = "test-secret";
export const NOW = new Date("2026-11-25T12:00:00Z");
export const AUTHOR = { login: "Codertocat", id: 21031067 };
export const MEMBERS = [
  { login: "alice", id: 1001 },
  { login: "bob", id: 1002 },
  { login: "carol", id: 1003 },
];
export const BASE_ROSTER = `members:
${MEMBERS.map((m, i) => `  - login: ${m.login}\n    id: ${m.id}\n    roles: [${i === 0 ? "chair" : i === 1 ? "co-chair" : "member"}]\n`).join("")}`;
export const OWN_ENTRY = `  - login: Codertocat\n    id: 21031067\n    name: Coder Cat\n    roles: [member]\n`;
export const CONFIG = "group:\n  repo: Hello-World\n  teams: [security-team]\n";

export function voteApp(now: () => Date = () => NOW): ApplicationFunction {
  return (app) => {
    const deps = defaultDeps({ identity: fixedIdentity(TEST_BOT), now, signingKey: KEY });
    app.on(
      ["pull_request.opened", "pull_request.edited", "pull_request.synchronize", "pull_request.reopened", "pull_request.closed"],
      (context) => onMembershipPullRequest(context, deps),
    );
    app.on(
      ["issue_comment.created", "issue_comment.edited", "issue_comment.deleted", "pull_request_review.submitted", "pull_request_review.dismissed"],
      (context) => onVoteActivity(context, deps),
    );
    app.on("issue_comment.created", (context) => onIssueComment(context, deps, [VOTE_COMMANDS]));
  };
}

/** The fixture pull request turned into a membership request by its author. */
export function membershipPull(action = "opened"): any {
  const payload = loadPayload("pull_request", "opened") as any;
  payload.action = action;
  payload.pull_request.body = filledBody();
  payload.pull_request.created_at = "2026-11-25T10:00:00Z";
  return payload;
}

export function setUpFake(headRoster = BASE_ROSTER + OWN_ENTRY): FakeGitHub {
  const payload = membershipPull();
  const fake = new FakeGitHub({
    ...payload.pull_request,
    merged: false,
    labels: [],
    head: { ...payload.pull_request.head },
  });
  fake.config = CONFIG;
  for (const person of [...MEMBERS, AUTHOR]) fake.logins.set(person.id, person.login);
  fake.pullFiles = [{ filename: "MEMBERS.yml", status: "modified", additions: 4, deletions: 0, changes: 4 }];
  fake.files.set("MEMBERS.yml@", { text: BASE_ROSTER, sha: "blob0" });
  fake.files.set("MEMBERS.yml@master", { text: BASE_ROSTER, sha: "blob0" });
  fake.files.set(`MEMBERS.yml@${payload.pull_request.head.sha}`, { text: headRoster, sha: "blob1" });
  fake.install();
  mockInstallationToken();
  return fake;
}


/** An `issue_comment.created` on the membership request, by `user`, on a thread labelled `labels`. */
export function commentOnPull(body: string, user: { login: string; id: number }, labels = ["vote: open"]): any {
  const payload = loadPayload("issue_comment", "created") as any;
  payload.issue.number = 2;
  payload.issue.pull_request = { url: "x" };
  payload.issue.labels = labels.map((name) => ({ name }));
  payload.issue.user = { ...payload.issue.user, login: "Codertocat", id: 21031067 };
  payload.comment.body = body;
  payload.comment.id = 777;
  payload.comment.user = { ...payload.comment.user, login: user.login, id: user.id, type: "User" };
  payload.sender = { ...payload.sender, login: user.login, id: user.id, type: "User" };
  return payload;
}
