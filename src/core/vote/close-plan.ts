import type { Effect, IssueTarget, RepoTarget } from "../effects.js";
import { renderMarker } from "../marker.js";
import { voteKindRules } from "./kind-registry.js";
import { NO_OUTCOME, type ThreadFacts, type VoteFollowUp } from "./kinds.js";
import { renderVoteLogEntry, voteCheckText, VOTES_LOG_ISSUE } from "./messages.js";
import { VOTE_LOG_MARKER_KIND, VOTES_LOG_LABEL, type VoteRecord } from "./vote-record.js";
import type { Tally, VoteDecision } from "./vote-tally.js";

/** Marks threads with an open vote: the sweep and the re-tally handler find votes by it for free. */
export const VOTE_OPEN_LABEL = "vote: open";
export const VOTE_CHECK_NAME = "secwg / vote";
const VOTE_CHECK_ID = "secwg:vote";

/** The `secwg / vote` check run of a head commit: pending while open, then the result, or edited. */
export function voteCheckEffect(thread: IssueTarget, headSha: string, record: VoteRecord | null, tampered?: string): Effect {
  const repo: RepoTarget = { owner: thread.owner, repo: thread.repo };
  const text = voteCheckText(record, tampered);
  return { kind: "ensure-check-run", repo, check: { name: VOTE_CHECK_NAME, head_sha: headSha, external_id: VOTE_CHECK_ID, ...text }, why: tampered ? "the vote record does not verify" : `the vote is ${record?.state ?? "open"}` };
}

/** The policy a close needs; `null` when the organisation's configuration is unusable. */
export interface ClosePolicy {
  tracker: RepoTarget;
  labels: { passed: string; failed: string };
  /** `votes.merge`: whether secwg carries out a passed result. */
  carryOut: boolean;
}

export interface CloseInput {
  thread: IssueTarget;
  record: VoteRecord;
  tally: Tally;
  decision?: VoteDecision;
  pull: ThreadFacts;
  policy: ClosePolicy | null;
  /** The record was closed by an earlier run: finish only while the open label is still on. */
  finishing?: boolean;
}

/**
 * Everything that follows a decided vote, in order: check run, votes-log entry, result label, the
 * kind's outcome (for a membership request: merge and welcome, or the kind no and close), and only
 * then the removal of the `vote: open` label. The label is the record that the close is
 * unfinished: while it is on, the next event on the thread or the sweep plans this again and
 * finishes what a failed call left undone. `null`: a finishing run with nothing left to do.
 */
export interface ClosePlan {
  effects: Effect[];
  followUp: VoteFollowUp | null;
  /** Applied after the follow-up succeeded. */
  last: Effect[];
}

export function planClose(input: CloseInput): ClosePlan | null {
  const { thread, record, tally, pull, policy } = input;
  if (input.finishing && !pull.labels.includes(VOTE_OPEN_LABEL)) return null;
  const effects: Effect[] = [voteCheckEffect(thread, pull.headSha, record)];
  if (policy) {
    effects.push({
      kind: "ensure-log-entry",
      repo: policy.tracker,
      issue: { marker: renderMarker("votes-log", "all"), ...VOTES_LOG_ISSUE, label: VOTES_LOG_LABEL },
      marker: renderMarker(VOTE_LOG_MARKER_KIND, record.target),
      body: renderVoteLogEntry(record, tally),
      why: `record the ${record.state} vote in the votes log`,
    });
  }
  const labels = policy?.labels ?? { passed: "vote: passed", failed: "vote: failed" };
  const result = record.state === "passed" ? labels.passed : record.state === "failed" ? labels.failed : null;
  if (result) effects.push({ kind: "ensure-labels", issue: thread, add: [result], current: [...pull.labels], why: `the vote ${record.state}` });
  const rules = policy ? voteKindRules(record.kind) : null;
  const outcome = rules
    ? rules.outcome({ thread, record, tally, pull, carryOut: policy?.carryOut ?? false, ...(input.decision ? { decision: input.decision } : {}) })
    : NO_OUTCOME;
  effects.push(...outcome.effects);
  return {
    effects,
    followUp: outcome.followUp,
    last: [{ kind: "ensure-labels", issue: thread, remove: [VOTE_OPEN_LABEL], current: [...pull.labels], why: "the vote is closed" }],
  };
}
