import type { Effect, IssueTarget } from "../effects.js";
import { renderVoteComment } from "./vote-comment.js";
import { noticeOf, renderCancelledUntrusted } from "./messages.js";
import { VOTE_OPEN_LABEL, voteCheckEffect } from "./close-plan.js";
import { voteMarker, type Person, type VoteRecord } from "./vote-record.js";
import { decideVote, isDue, tallyVote, type Reaction, type Tally, type VoteDecision } from "./vote-tally.js";

/**
 * Re-counting, cancelling and extending a vote, decided from the vote comment as gathered: the
 * record in it (verified for this thread), its reactions, and the thread's labels when known.
 */

export interface VoteComment {
  id: number;
  body: string;
  html_url: string;
}

/** The vote comment of a thread as gathered: absent, untrusted (with why), or verified. */
export type GatheredVote =
  | { kind: "missing" }
  | { kind: "untrusted"; reason: string; comment: VoteComment }
  | { kind: "ok"; comment: VoteComment; record: VoteRecord; reactions: readonly Reaction[] };

export interface PlanContext {
  thread: IssueTarget;
  now: Date;
  signingKey: string;
}

export type RecountPlan =
  | { kind: "none" }
  /** The vote comment was deleted while the thread still carries the open label: post it again. */
  | { kind: "repost" }
  | { kind: "tampered"; reason: string; comment: VoteComment }
  /** Closed earlier; `finish` when the open label says the steps after the close did not all run. */
  | { kind: "closed"; record: VoteRecord; tally: Tally; comment: VoteComment; finish: boolean }
  | { kind: "open"; record: VoteRecord; tally: Tally; comment: VoteComment; effects: Effect[] }
  /** Decided now: `effects` rewrite the vote comment with the result; the close follows. */
  | { kind: "close"; record: VoteRecord; tally: Tally; comment: VoteComment; decision: Exclude<VoteDecision, { status: "open" }>; effects: Effect[] };

export function planRecount(vote: GatheredVote, ctx: PlanContext, labels?: readonly string[]): RecountPlan {
  if (vote.kind === "missing") return labels?.includes(VOTE_OPEN_LABEL) ? { kind: "repost" } : { kind: "none" };
  if (vote.kind === "untrusted") return { kind: "tampered", reason: vote.reason, comment: vote.comment };
  const { record, comment } = vote;
  const tally = tallyVote(record.electorate, vote.reactions, record.deadline);
  if (record.state !== "open") return { kind: "closed", record, tally, comment, finish: labels?.includes(VOTE_OPEN_LABEL) ?? false };
  const marker = voteMarker(ctx.thread);
  const decision = decideVote(tally, { quorum: record.quorum }, isDue(record, ctx.now));
  if (decision.status === "open") {
    const body = renderVoteComment({ record, tally, marker, signingKey: ctx.signingKey, notice: noticeOf(comment.body) });
    const effects: Effect[] = body === comment.body ? [] : [{ kind: "update-comment", issue: ctx.thread, commentId: comment.id, body, why: "the tally changed" }];
    return { kind: "open", record, tally, comment, effects };
  }
  const closed: VoteRecord = { ...record, state: decision.status, closed: { at: ctx.now.toISOString() } };
  const body = renderVoteComment({ record: closed, tally, marker, signingKey: ctx.signingKey, decision });
  return { kind: "close", record: closed, tally, comment, decision, effects: [{ kind: "update-comment", issue: ctx.thread, commentId: comment.id, body, why: `the vote ${decision.status}: ${decision.reason}` }] };
}

export type CancelPlan =
  | { kind: "none" }
  | { kind: "not-open" }
  /** The record did not verify: the comment is frozen as cancelled, the label removed, the check failed. */
  | { kind: "cancel-untrusted"; effects: Effect[] }
  | { kind: "cancel"; record: VoteRecord; tally: Tally; effects: Effect[] };

/** `/vote cancel` (or the thread closed during the vote): the record says who and why; the comment stays. */
export function planCancel(vote: GatheredVote, ctx: PlanContext, by: Person, reason: string, pull: { labels: readonly string[]; headSha: string } | null): CancelPlan {
  if (vote.kind === "missing") return { kind: "none" };
  const at = ctx.now.toISOString();
  const marker = voteMarker(ctx.thread);
  if (vote.kind === "untrusted") {
    const effects: Effect[] = [{ kind: "update-comment", issue: ctx.thread, commentId: vote.comment.id, body: renderCancelledUntrusted(marker, at, by, reason), why: "cancel a vote whose record does not verify" }];
    if (pull) {
      effects.push(
        { kind: "ensure-labels", issue: ctx.thread, remove: [VOTE_OPEN_LABEL], current: [...pull.labels], why: "the vote is cancelled" },
        voteCheckEffect(ctx.thread, pull.headSha, null, "the vote record was edited; the vote was cancelled"),
      );
    }
    return { kind: "cancel-untrusted", effects };
  }
  if (vote.record.state !== "open") return { kind: "not-open" };
  const record: VoteRecord = { ...vote.record, state: "cancelled", closed: { at, by: { id: by.id, login: by.login }, reason } };
  const tally = tallyVote(record.electorate, vote.reactions, record.deadline);
  const body = renderVoteComment({ record, tally, marker, signingKey: ctx.signingKey });
  return { kind: "cancel", record, tally, effects: [{ kind: "update-comment", issue: ctx.thread, commentId: vote.comment.id, body, why: "the vote is cancelled" }] };
}

export type ExtendPlan =
  | { kind: "already-extended" | "not-open" | "none" | "tampered" }
  | { kind: "extended"; deadline: string; record: VoteRecord; effects: Effect[] };

/** `/vote extend`: moves the deadline once. */
export function planExtend(vote: GatheredVote, ctx: PlanContext, days: number): ExtendPlan {
  if (vote.kind === "missing") return { kind: "none" };
  if (vote.kind === "untrusted") return { kind: "tampered" };
  if (vote.record.state !== "open") return { kind: "not-open" };
  if (vote.record.extended) return { kind: "already-extended" };
  const deadline = new Date(Date.parse(vote.record.deadline) + days * 86_400_000).toISOString();
  const record: VoteRecord = { ...vote.record, deadline, extended: true };
  const tally = tallyVote(record.electorate, vote.reactions, record.deadline);
  const body = renderVoteComment({ record, tally, marker: voteMarker(ctx.thread), signingKey: ctx.signingKey, notice: noticeOf(vote.comment.body) });
  return { kind: "extended", deadline, record, effects: [{ kind: "update-comment", issue: ctx.thread, commentId: vote.comment.id, body, why: `the deadline moves by ${days} days` }] };
}
