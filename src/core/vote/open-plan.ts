import type { Effect, IssueTarget } from "../effects.js";
import { renderVoteComment } from "./vote-comment.js";
import { VOTE_OPEN_LABEL, voteCheckEffect } from "./close-plan.js";
import { openVoteRecord, voteMarker, voteTarget, type Person, type VoteKind, type VoteRecord } from "./vote-record.js";
import { tallyVote } from "./vote-tally.js";

export interface OpenInput {
  thread: IssueTarget;
  kind: VoteKind;
  subject: Person;
  /**
   * The electorate chosen by the kind (`VoteKindRules.electorate`), each with the login their id
   * has now (an id that no longer resolves keeps its roster login and is listed in `unresolved`).
   */
  electorate: readonly Person[];
  unresolved: readonly number[];
  now: Date;
  settings: { duration: number; quorum?: number | undefined };
  headSha: string;
  signingKey: string;
  /** Shown above the vote, e.g. why it was posted again. */
  notice?: string;
}

/**
 * Opens a vote: the signed record freezes the electorate (ids) and the deadline; the vote comment
 * asks the electorate to react, the thread gets the open label (how votes are found again) and the
 * head commit a pending `secwg / vote` check.
 */
export function planOpen(input: OpenInput): { record: VoteRecord; effects: Effect[] } {
  const opened = openVoteRecord({
    kind: input.kind,
    target: voteTarget(input.thread),
    subject: input.subject,
    members: [...input.electorate],
    opened: input.now,
    durationDays: input.settings.duration,
    quorum: input.settings.quorum,
  });
  const record: VoteRecord = input.unresolved.length > 0 ? { ...opened, unresolved: [...input.unresolved] } : opened;
  const marker = voteMarker(input.thread);
  const body = renderVoteComment({ record, tally: tallyVote(record.electorate, []), marker, signingKey: input.signingKey, ...(input.notice ? { notice: input.notice } : {}) });
  return {
    record,
    effects: [
      { kind: "ensure-comment", issue: input.thread, marker, body, why: input.notice ? "post the vote again" : "open the vote" },
      { kind: "ensure-labels", issue: input.thread, add: [VOTE_OPEN_LABEL], why: "find the open vote again" },
      voteCheckEffect(input.thread, input.headSha, record),
    ],
  };
}
