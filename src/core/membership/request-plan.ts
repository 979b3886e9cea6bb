import type { Effect, IssueTarget } from "../effects.js";
import { renderMarker } from "../marker.js";
import { VOTE_OPEN_LABEL, voteCheckEffect } from "../vote/close-plan.js";
import { voteTarget, type Person, type VoteRecord } from "../vote/vote-record.js";
import { membershipCheckEffect } from "./merge-plan.js";
import type { IdFix, RequestProblem } from "./membership-request.js";
import { MEMBERSHIP_REPLIES } from "./messages.js";

/**
 * What a membership request's event leads to, decided from the request as checked against the
 * roster on its base branch and what the thread already holds.
 */

export function problemsMarker(thread: IssueTarget): string {
  return renderMarker("membership", voteTarget(thread));
}

/** An invalid request: a failing check and one comment, updated in place, listing each problem and its fix. */
export function planInvalidRequest(thread: IssueTarget, headSha: string, author: Person, problems: readonly RequestProblem[], path: string): Effect[] {
  return [
    membershipCheckEffect(thread, headSha, { kind: "invalid", problems, path }),
    { kind: "ensure-comment", issue: thread, marker: problemsMarker(thread), body: MEMBERSHIP_REPLIES.problems(author.login, problems, path), why: "list the request's problems" },
  ];
}

export interface ValidRequestInput {
  thread: IssueTarget;
  headSha: string;
  author: Person;
  path: string;
  /** What secwg will write into the entry's `id` (the check says so); null or absent: nothing. */
  idFix?: IdFix | null;
  /** Opened on the author's behalf (the author here is the subject) and not confirmed by them yet. */
  awaitingConfirmation?: boolean;
  labels: readonly string[];
  /** Whether the thread holds the problems comment of an earlier invalid version. */
  hadProblems: boolean;
  /** The thread's vote: none yet, one whose record does not verify, or a verified record. */
  vote: { kind: "missing" } | { kind: "untrusted" } | { kind: "ok"; record: VoteRecord };
  /** The roster for a new vote, or why it is unusable (a person's file, explained on the thread). */
  roster: { kind: "ok" } | { kind: "unusable"; message: string } | { kind: "not-needed" };
  /** The author pushed (not secwg's own commit) and the policy lets secwg merge a passed request. */
  authorPushedAndMayMerge: boolean;
}

export interface ValidRequestPlan {
  effects: Effect[];
  /** After the effects: open the vote, or merge a passed request whose author pushed the dates asked for. */
  then: "open-vote" | "merge" | null;
}

export function planValidRequest(input: ValidRequestInput): ValidRequestPlan {
  const { thread, headSha, vote } = input;
  const effects: Effect[] = [
    membershipCheckEffect(
      thread,
      headSha,
      input.awaitingConfirmation ? { kind: "awaiting-confirmation", author: input.author, path: input.path } : { kind: "valid", author: input.author, path: input.path, idFix: input.idFix ?? null },
    ),
  ];
  if (input.hadProblems) {
    effects.push({ kind: "ensure-comment", issue: thread, marker: problemsMarker(thread), body: MEMBERSHIP_REPLIES.fixed(input.author.login), why: "the request's problems are fixed" });
  }
  if (vote.kind === "untrusted") return { effects, then: null }; // reported by the re-tally; never acted on
  if (vote.kind === "ok") {
    // The label is added after the vote comment; a failure in between left an open vote nothing
    // would ever re-count (reactions send no webhook, and the sweep finds votes by the label).
    if (vote.record.state === "open") effects.push({ kind: "ensure-labels", issue: thread, add: [VOTE_OPEN_LABEL], current: [...input.labels], why: "find the open vote again" });
    effects.push(voteCheckEffect(thread, headSha, vote.record));
    return { effects, then: vote.record.state === "passed" && input.authorPushedAndMayMerge ? "merge" : null };
  }
  if (input.roster.kind === "unusable") {
    effects.push({ kind: "ensure-comment", issue: thread, marker: problemsMarker(thread), body: MEMBERSHIP_REPLIES.rosterUnusable(input.roster.message), why: "the roster is unusable" });
    return { effects, then: null };
  }
  return { effects, then: "open-vote" };
}
