import type { Effect, IssueTarget } from "../effects.js";
import type { Roster } from "../roster.js";
import type { Person, VoteKind, VoteRecord } from "./vote-record.js";
import type { Tally, VoteDecision } from "./vote-tally.js";

/**
 * What differs between kinds of vote, behind one small interface, so the lifecycle (open, re-count,
 * close, cancel, extend) is written once and a new kind is a new file registered in
 * `kind-registry.ts`. The lifecycle dispatches on the `kind` in the signed vote record, never on
 * anything a person can edit.
 */

/** The thread a vote closes on, as gathered just before the close is planned. */
export interface ThreadFacts {
  state: "open" | "closed";
  merged: boolean;
  /** The numeric id of the pull request's author. */
  authorId: number;
  labels: readonly string[];
  headSha: string;
}

/** What a kind is told when its vote has closed (passed, failed or cancelled). */
export interface OutcomeInput {
  thread: IssueTarget;
  /** The record as closed: `state` is the result. */
  record: VoteRecord;
  tally: Tally;
  /** Why it closed, when the tally decided it (absent for a cancellation or a finishing run). */
  decision?: VoteDecision;
  pull: ThreadFacts;
  /** `votes.merge` of the organisation's policy: whether secwg carries out a passed result. */
  carryOut: boolean;
}

/**
 * A step after a close that reads GitHub between its writes (a merge bound to the commit it
 * checked, a welcome that names the teams it could add), so it cannot be a plain list of effects:
 * the votes feature hands it to the feature that owns it.
 */
export type VoteFollowUp =
  | { kind: "merge-membership" }
  | { kind: "welcome-member" }
  // --- removals ---
  | { kind: "merge-removal" };

/** A kind's part of a close: effects applied in order, then at most one follow-up. */
export interface VoteOutcome {
  effects: Effect[];
  followUp: VoteFollowUp | null;
}

export interface VoteKindRules {
  readonly kind: VoteKind;
  /**
   * Who votes, chosen from the roster when the vote opens (`today`, an ISO day) and frozen in the
   * signed record: people identified by numeric id, with their roster login as display text.
   */
  electorate(roster: Roster, opening: { subject: Person; today: string }): Person[];
  /** What follows the kind's result on the thread, after the shared steps (check, log, result label). */
  outcome(input: OutcomeInput): VoteOutcome;
}

export const NO_OUTCOME: VoteOutcome = { effects: [], followUp: null };
