import type { Effect, IssueTarget } from "../effects.js";
import type { Person, VoteRecord } from "../vote/vote-record.js";
import { checkMembershipRequest, fillMemberEntry, otherFilesThan, type IdFix, type RequestProblem } from "./membership-request.js";
import { awaitingConfirmationSummary, datesCommitMessage, problemsTitle, renderAskForDates, renderProblems, validRequestSummary } from "./messages.js";

export const MEMBERSHIP_CHECK_NAME = "secwg / membership";
const MEMBERSHIP_CHECK_ID = "secwg:membership";

/** What a membership request's check says about one head commit. */
export type MembershipVerdict =
  /** `idFix`: what secwg writes into the entry's `id` when the vote passes (null: nothing). */
  | { kind: "valid"; author: Person; path: string; idFix?: IdFix | null }
  | { kind: "invalid"; problems: readonly RequestProblem[]; path: string }
  /** A valid request opened on the subject's behalf that the subject has not confirmed yet. */
  | { kind: "awaiting-confirmation"; author: Person; path: string };

/**
 * The `secwg / membership` check run of a head commit. Written on every head the request reaches,
 * including secwg's own commit of the new member's dates, so branch protection that requires the
 * check lets the merge of that commit through.
 * @see https://docs.github.com/en/rest/checks/runs#create-a-check-run
 */
export function membershipCheckEffect(thread: IssueTarget, headSha: string, verdict: MembershipVerdict): Effect {
  const repo = { owner: thread.owner, repo: thread.repo };
  const check = { name: MEMBERSHIP_CHECK_NAME, head_sha: headSha, external_id: MEMBERSHIP_CHECK_ID, status: "completed" as const };
  if (verdict.kind === "invalid") {
    return { kind: "ensure-check-run", repo, check: { ...check, conclusion: "failure", title: problemsTitle(verdict.problems.length), summary: renderProblems(verdict.problems, verdict.path) }, why: "the membership request is invalid" };
  }
  if (verdict.kind === "awaiting-confirmation") {
    return {
      kind: "ensure-check-run",
      repo,
      check: { ...check, status: "in_progress", title: `Waiting for @${verdict.author.login} to confirm`, summary: awaitingConfirmationSummary(verdict.author, verdict.path) },
      why: "the membership request awaits its subject's confirmation",
    };
  }
  return { kind: "ensure-check-run", repo, check: { ...check, conclusion: "success", title: "Valid membership request", summary: validRequestSummary(verdict.author, verdict.path, verdict.idFix ?? null) }, why: "the membership request is valid" };
}

/** A passed request as gathered right before its merge is planned. */
export interface MergeInput {
  record: VoteRecord;
  thread: IssueTarget;
  pull: {
    author: Person;
    body: string;
    created_at: string;
    head: { sha: string; ref: string; repo: string | null };
  };
  path: string;
  termDays: number;
  today: string;
  baseText: string | null;
  head: { text: string; sha: string } | null;
  files: readonly { filename: string }[];
  capped: boolean;
  /**
   * A request secwg opened on the subject's behalf, from its verified records: the subject (who
   * the request adds, instead of the pull request's author) and whether they confirmed.
   */
  onBehalf?: { subject: Person; confirmed: boolean } | null;
}

export type MergePlan =
  | { kind: "not-subject" }
  /** Opened on the subject's behalf and not confirmed by them: never merged. */
  | { kind: "await-confirmation" }
  | { kind: "invalid"; problems: readonly RequestProblem[] }
  /** secwg cannot push to the branch (a fork): the author is asked to add the dates. */
  | { kind: "ask-dates"; body: string }
  /** `commit`: the dates secwg adds first; the merge then names the commit that results. */
  | { kind: "merge"; sha: string; commit: { path: string; branch: string; message: string; content: string; sha: string } | null };

export function planMerge(input: MergeInput): MergePlan {
  const { record, pull, path } = input;
  const author = input.onBehalf ? input.onBehalf.subject : pull.author;
  if (author.id !== record.subject.id) return { kind: "not-subject" };
  if (input.onBehalf && !input.onBehalf.confirmed) return { kind: "await-confirmation" };
  const check = checkMembershipRequest({
    otherFiles: otherFilesThan(input.files, path, input.capped),
    author,
    body: pull.body,
    baseText: input.baseText,
    headText: input.head?.text ?? null,
    file: path,
    openedOn: pull.created_at.slice(0, 10),
    termDays: input.termDays,
  });
  if (check.kind !== "valid") return { kind: "invalid", problems: check.kind === "invalid" ? check.problems : [] };
  if (!check.needsDates && !check.idFix) return { kind: "merge", sha: pull.head.sha, commit: null };
  const { head } = input;
  // The id and the dates are written in one commit; the id is the subject's (the author's, by id).
  const filled = head ? fillMemberEntry(head.text, record.subject, input.today, input.termDays) : null;
  const sameRepo = pull.head.repo?.toLowerCase() === `${input.thread.owner}/${input.thread.repo}`.toLowerCase();
  if (!filled || !head || !sameRepo) return { kind: "ask-dates", body: renderAskForDates(record.subject, path, input.today, input.termDays, check.idFix !== null) };
  return { kind: "merge", sha: pull.head.sha, commit: { path, branch: pull.head.ref, message: datesCommitMessage(record.subject.login, check.idFix !== null), content: filled, sha: head.sha } };
}

/**
 * The binding of a merge, checked immediately before it against the exact commit merged: the head
 * is still `mergeSha` (the merge names it too, so GitHub refuses if it moves after this look) and
 * the request changes exactly the roster file.
 */
export function mergeStillBound(now: { headSha: string; files: readonly { filename: string }[]; capped: boolean }, mergeSha: string, path: string): boolean {
  return now.headSha === mergeSha && otherFilesThan(now.files, path, now.capped) === 0 && now.files.some((f) => f.filename === path);
}

/** `@org/slug` or `slug` (in the group's organisation) → the team's organisation and slug. */
export function teamTarget(team: string, owner: string): { org: string; slug: string } {
  const name = team.replace(/^@/, "");
  if (!name.includes("/")) return { org: owner, slug: team };
  const [org, slug] = name.split("/") as [string, string];
  return { org, slug };
}
