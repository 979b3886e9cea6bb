import type { Gateway, IssueRef } from "../../github/gateway.js";
import type { RequestProblem } from "../../core/membership/membership-request.js";

export const MEMBERSHIP_CHECK_NAME = "secwg / membership";
const MEMBERSHIP_CHECK_ID = "secwg:membership";

/** What a membership request's check says about one head commit. */
export type MembershipVerdict =
  | { kind: "valid"; author: { id: number; login: string }; path: string }
  | { kind: "invalid"; problems: readonly RequestProblem[]; path: string };

/**
 * The `secwg / membership` check run of a head commit. Written on every head the request reaches,
 * including secwg's own commit of the new member's dates, so branch protection that requires the
 * check lets the merge of that commit through.
 * @see https://docs.github.com/en/rest/checks/runs#create-a-check-run
 */
export async function ensureMembershipCheck(gateway: Gateway, ref: IssueRef, headSha: string, verdict: MembershipVerdict): Promise<void> {
  const base = { name: MEMBERSHIP_CHECK_NAME, head_sha: headSha, external_id: MEMBERSHIP_CHECK_ID, status: "completed" as const };
  if (verdict.kind === "invalid") {
    const n = verdict.problems.length;
    await gateway.ensureCheckRun(ref, {
      ...base,
      conclusion: "failure",
      title: `${n} problem${n === 1 ? "" : "s"} with this membership request`,
      summary: renderProblems(verdict.problems, verdict.path),
    });
    return;
  }
  await gateway.ensureCheckRun(ref, {
    ...base,
    conclusion: "success",
    title: "Valid membership request",
    summary: `Adds @${verdict.author.login} (id ${verdict.author.id}) as a member; nothing else in \`${verdict.path}\` changes. The group votes on the vote comment.`,
  });
}

/** The problems of an invalid request, each with its fix, as the check and the comment show them. */
export function renderProblems(problems: readonly RequestProblem[], path: string): string {
  return [
    `This membership request cannot go to a vote yet. A membership request adds exactly one entry to \`${path}\` — its author's, with \`roles: [member]\` — and answers every section of the template.`,
    "",
    ...problems.map((p) => `- **Problem:** ${p.problem}.\n  **Fix:** ${p.fix}`),
    "",
    "Push a fix or edit the description; secwg checks again automatically.",
  ].join("\n");
}
