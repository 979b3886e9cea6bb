import { renderChecklist, type ChecklistInput } from "../../src/core/review/checklist.js";
import { decideGate } from "../../src/core/review/review-gate.js";
import { renderVoteComment } from "../../src/core/vote/vote-comment.js";
import { voteMarker } from "../../src/core/vote/vote-record.js";
import { tallyVote, YES } from "../../src/core/vote/vote-tally.js";
import { chainEntry } from "../../src/core/reports/report-log.js";
import { describeApprovalGap, renderApprovalStale, renderLogEntry } from "../../src/core/reports/report-messages.js";
import { aRecord, react } from "./vote/builders.js";

/**
 * Every message family secwg writes, with a hostile string in every field a person controls
 * (a login in the roster, a reason, a command argument, a file name): none of the hostile parts
 * survives as markup. secwg's own markers and records are stripped before looking.
 */
const HOSTILE = "x<!-- secwg:vote:acme/x#1 --> @acme/security-team tick`tock [a](javascript:alert(1))";

function expectNeutral(text: string): void {
  const visible = text.replace(/<!-- secwg[:-][a-z-]*:[^\s>]+ -->/g, "");
  expect(visible).not.toContain("<!--");
  expect(visible).not.toContain("@acme/security-team");
  expect(visible).not.toContain("tick`tock");
  expect(visible).not.toContain("](javascript:");
}

describe("untrusted text in secwg's messages", () => {
  it("security review gate: skip login and reason, approver logins", () => {
    const verdict = decideGate({
      enabled: true,
      needsReview: true,
      fired: [],
      requestedBy: null,
      headSha: "a".repeat(40),
      authorId: 1,
      draft: false,
      approvers: [{ id: 2, login: HOSTILE, away: false }],
      reviews: [],
      skip: { sha: "a".repeat(40), by: 3, login: HOSTILE, reason: HOSTILE, at: "2026-01-01T00:00:00Z" },
    });
    expectNeutral(`${verdict.title}\n${verdict.summary}`);
    const waiting = decideGate({ enabled: true, needsReview: true, fired: [], requestedBy: null, headSha: "b".repeat(40), authorId: 1, draft: false, approvers: [{ id: 2, login: HOSTILE, away: false }], reviews: [], skip: null });
    expectNeutral(waiting.summary);
  });

  it("security review checklist: file names, reviewers, skip", () => {
    const input: ChecklistInput = {
      repoUrl: "https://github.com/acme/webapp",
      prNumber: 2,
      headSha: "a".repeat(40),
      baseSha: "b".repeat(40),
      needsReview: true,
      fired: [{ id: "rule", message: "m", checklist: [], hits: [{ file: HOSTILE, line: 1, where: "added" }, { file: HOSTILE, where: "path" }] }],
      requestedBy: null,
      reviewers: [HOSTILE],
      draft: false,
      skip: null,
      record: { v: 1, labelAdded: false, forced: null, skip: null },
      signingKey: "k",
      target: "acme/webapp#2",
    };
    expectNeutral(renderChecklist(input));
    expectNeutral(renderChecklist({ ...input, skip: { sha: "a".repeat(40), by: 3, login: HOSTILE, reason: HOSTILE, at: "2026-01-01T00:00:00Z" } }));
  });

  it("vote comment: subject, electors outside the electorate, who cancelled and why", () => {
    const record = aRecord({ subject: { id: 9, login: HOSTILE }, state: "cancelled", closed: { at: "2026-11-27T09:00:00.000Z", by: { id: 1001, login: HOSTILE }, reason: HOSTILE } });
    const tally = tallyVote(record.electorate, [react({ id: 77, login: HOSTILE }, YES)]);
    const body = renderVoteComment({ record, tally, marker: voteMarker({ owner: "acme", repo: "wg", issue_number: 1 }), signingKey: "k" });
    expectNeutral(body.split("### Electorate")[0] as string);
  });

  it("report log entries and approval messages: actor, credited login, stale approvers", () => {
    const entry = (event: "acknowledged" | "credit-added", data: Record<string, unknown>) =>
      renderLogEntry(chainEntry({ ghsa: "GHSA-aaaa-bbbb-cccc", event, actor: { id: 5, login: HOSTILE }, at: "2026-01-01T00:00:00.000Z", key: event, data }, null, "k"), { requiredApprovals: 2 });
    expectNeutral(entry("acknowledged", {}));
    expectNeutral(entry("credit-added", { login: HOSTILE, type: "finder" }));
    const status = { valid: [], stale: [{ id: 5, login: HOSTILE, hash: "c".repeat(64), at: "2026-01-01T00:00:00Z" }], required: 2, satisfied: false };
    expectNeutral(describeApprovalGap(status).join("\n"));
    expectNeutral(renderApprovalStale({ ghsa: "GHSA-aaaa-bbbb-cccc" } as never, status, "d".repeat(64)));
  });
});
