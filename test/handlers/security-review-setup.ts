import nock from "nock";
import type { Probot } from "probot";
import { defaultDeps } from "../../src/app/deps.js";
import { onIssueComment } from "../../src/handlers/commands.js";
import { onPullRequestReviewSecurityReview, onPullRequestSecurityReview } from "../../src/handlers/security-review.js";
import { securityReviewCommands } from "../../src/handlers/security-review-commands.js";
import { API, createTestProbot, INSTALLATION_ID } from "../helpers/probot.js";
import { loadPayload } from "../helpers/fixtures.js";

/**
 * A Probot instance with only the security review handlers (and the command dispatcher with only
 * the security review commands), so these tests count exactly this feature's requests whatever
 * other features subscribe to the same events.
 */
export async function createReviewApp(): Promise<{ probot: Probot; logLines: string[] }> {
  const deps = defaultDeps({ now: () => new Date("2026-11-25T12:00:00Z"), signingKey: "test-secret" });
  return createTestProbot((app) => {
    app.on(
      ["pull_request.opened", "pull_request.reopened", "pull_request.synchronize", "pull_request.ready_for_review", "pull_request.edited", "pull_request.labeled"],
      (context) => onPullRequestSecurityReview(context, deps),
    );
    app.on(["pull_request_review.submitted", "pull_request_review.dismissed"], (context) => onPullRequestReviewSecurityReview(context, deps));
    app.on("issue_comment.created", (context) => onIssueComment(context, deps, [securityReviewCommands]));
  });
}

export const REPO = "/repos/Codertocat/Hello-World";
export const CONFIG = `${REPO}/contents/.github%2Fsecwg.yml`;
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
    user: { login: "secwg[bot]", id: 900001, type: "Bot" },
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
