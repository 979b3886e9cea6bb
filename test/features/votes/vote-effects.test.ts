import type { Effect } from "../../../src/core/effects.js";
import { renderPlan } from "../../../src/core/effects.js";
import { applyEffects } from "../../../src/features/apply-effects.js";
import { GitHubError } from "../../../src/errors.js";
import type { Gateway } from "../../../src/github/gateway.js";

const thread = { owner: "acme", repo: "security-wg", issue_number: 7 };
const tracker = { owner: "acme", repo: "security-tracker" };
const comment = { id: 5, html_url: "https://github.com/acme/security-wg/pull/7#issuecomment-5" };

function recordingGateway(ensureIssue: () => Promise<unknown> = async () => ({ outcome: "unchanged", number: 3, html_url: "" })) {
  const calls: unknown[][] = [];
  const record = (name: string, result: unknown) => async (...args: unknown[]) => (calls.push([name, ...args]), result);
  const gateway = {
    ensureComment: record("ensureComment", { outcome: "created", comment }),
    updateComment: record("updateComment", comment),
    ensureLabels: record("ensureLabels", "updated"),
    ensureCheckRun: record("ensureCheckRun", "created"),
    closePull: record("closePull", undefined),
    ensureIssue: async (...args: unknown[]) => (calls.push(["ensureIssue", ...args]), ensureIssue()),
  } as unknown as Gateway;
  return { gateway, calls };
}

const log = { info: () => undefined, warn: () => undefined };

const plan: Effect[] = [
  { kind: "update-comment", issue: thread, commentId: 5, body: "closed", why: "the vote passed" },
  { kind: "ensure-check-run", repo: { owner: "acme", repo: "security-wg" }, check: { name: "secwg / vote", head_sha: "abcdef123", external_id: "secwg:vote", status: "completed", conclusion: "success", title: "Vote passed", summary: "s" }, why: "the vote is passed" },
  { kind: "ensure-log-entry", repo: tracker, issue: { marker: "<!-- secwg:votes-log:all -->", title: "Votes log", body: "b", label: "secwg: votes log" }, marker: "<!-- m -->", body: "entry", why: "record the vote" },
  { kind: "ensure-labels", issue: thread, add: ["vote: passed"], current: ["vote: open"], why: "the vote passed" },
  { kind: "ensure-comment", issue: thread, marker: "<!-- r -->", body: "welcome", why: "welcome" },
  { kind: "close-pull", issue: thread, why: "failed" },
  { kind: "ensure-labels", issue: thread, remove: ["vote: open"], why: "the vote is closed" },
];

describe("the executor's votes and membership effects", () => {
  it("applies each through the gateway method it names, with GitHub's parameter names and only the options set", async () => {
    const { gateway, calls } = recordingGateway();
    await applyEffects(gateway, plan, { log });
    expect(calls).toEqual([
      ["updateComment", thread, 5, "closed"],
      ["ensureCheckRun", { owner: "acme", repo: "security-wg" }, { name: "secwg / vote", head_sha: "abcdef123", external_id: "secwg:vote", status: "completed", conclusion: "success", title: "Vote passed", summary: "s" }],
      ["ensureIssue", tracker, "<!-- secwg:votes-log:all -->", { title: "Votes log", body: "b", labels: ["secwg: votes log"] }, { findByLabel: "secwg: votes log" }],
      ["ensureComment", { ...tracker, issue_number: 3 }, "<!-- m -->", "entry"],
      ["ensureLabels", thread, { add: ["vote: passed"], current: ["vote: open"] }],
      ["ensureComment", thread, "<!-- r -->", "welcome"],
      ["closePull", thread],
      ["ensureLabels", thread, { remove: ["vote: open"] }],
    ]);
  });

  it("skips a log entry whose repository is missing or forbidden, and goes on", async () => {
    const { gateway, calls } = recordingGateway(() => Promise.reject(new GitHubError(404, "POST /repos/{owner}/{repo}/issues", "Not Found")));
    const applied = await applyEffects(gateway, plan.slice(2, 4), { log });
    expect(applied.map((a) => a.outcome)).toEqual(["skipped", "updated"]);
    expect(calls.map((c) => c[0])).toEqual(["ensureIssue", "ensureLabels"]);
  });

  it("stops the plan on a transient failure of the log entry, so the retry applies it again", async () => {
    const { gateway, calls } = recordingGateway(() => Promise.reject(new GitHubError(502, "POST /repos/{owner}/{repo}/issues", "Bad Gateway")));
    await expect(applyEffects(gateway, plan.slice(2, 4), { log })).rejects.toThrow(GitHubError);
    expect(calls.map((c) => c[0])).toEqual(["ensureIssue"]);
  });

  it("describes each for a dry run by where and why, never by its text", () => {
    const text = renderPlan(plan);
    expect(text.split("\n")).toEqual([
      "would update comment 5 on acme/security-wg#7: the vote passed",
      "would ensure check run secwg / vote (completed, success) on abcdef1 in acme/security-wg: the vote is passed",
      "would ensure log entry in acme/security-tracker: record the vote",
      "would add label vote: passed on acme/security-wg#7: the vote passed",
      "would ensure comment on acme/security-wg#7: welcome",
      "would close acme/security-wg#7: failed",
      "would remove label vote: open on acme/security-wg#7: the vote is closed",
    ]);
    expect(text).not.toContain("entry\n");
  });
});
