import type { Person, VoteRecord } from "./vote-record.js";

/**
 * Counting a vote from the reactions on its comment. Pure: the caller fetches the reactions.
 * Only the frozen electorate counts; identity is the numeric id (a renamed voter still counts).
 */

export interface Reaction {
  user: { id: number; login: string } | null;
  content: string;
  /** GitHub's `created_at` of the reaction: one made after the deadline is late and never counts. */
  created_at?: string;
}

export interface Tally {
  electorateSize: number;
  yes: Person[];
  no: Person[];
  /** Electors who reacted both 👍 and 👎: counted as abstaining. */
  abstained: Person[];
  /** Electors with no 👍 or 👎 yet. */
  notVoted: Person[];
  /** People outside the electorate who reacted 👍 or 👎: reported, never counted. */
  ignored: Person[];
  /** Electors whose only 👍/👎 came after the deadline: reported as late, never counted. */
  late: Person[];
}

export const YES = "+1";
export const NO = "-1";

/**
 * `deadline` (the record's): a reaction GitHub dates after it is late — it is listed, never counted,
 * however long the re-count that closes the vote comes after the deadline. GitHub dates every
 * reaction; one without a date (never seen from GitHub) is taken as on time.
 */
export function tallyVote(electorate: readonly Person[], reactions: readonly Reaction[], deadline?: string): Tally {
  const electors = new Map(electorate.map((p) => [p.id, p]));
  const yesIds = new Set<number>();
  const noIds = new Set<number>();
  const lateIds = new Set<number>();
  const ignored = new Map<number, Person>();
  const closesAt = deadline === undefined ? Number.NaN : Date.parse(deadline);
  for (const reaction of reactions) {
    if (!reaction.user || (reaction.content !== YES && reaction.content !== NO)) continue;
    const { id, login } = reaction.user;
    if (!electors.has(id)) {
      if (!ignored.has(id) || login < (ignored.get(id) as Person).login) ignored.set(id, { id, login });
      continue;
    }
    if (!Number.isNaN(closesAt) && reaction.created_at !== undefined && !(Date.parse(reaction.created_at) <= closesAt)) {
      lateIds.add(id);
      continue;
    }
    (reaction.content === YES ? yesIds : noIds).add(id);
  }
  const tally: Tally = { electorateSize: electors.size, yes: [], no: [], abstained: [], notVoted: [], ignored: [], late: [] };
  for (const person of electors.values()) {
    const yes = yesIds.has(person.id);
    const no = noIds.has(person.id);
    if (yes && no) tally.abstained.push(person);
    else if (yes) tally.yes.push(person);
    else if (no) tally.no.push(person);
    else tally.notVoted.push(person);
    if (lateIds.has(person.id) && !yes && !no) tally.late.push(person);
  }
  tally.ignored = [...ignored.values()].sort((a, b) => a.id - b.id);
  return tally;
}

/** Yes votes needed to pass under 50%+1: the smallest count strictly above half the electorate. */
export function yesNeeded(electorateSize: number): number {
  return Math.floor(electorateSize / 2) + 1;
}

export type VoteDecision =
  | { status: "open" }
  | { status: "passed"; reason: "majority-reached" }
  | { status: "failed"; reason: "majority-impossible" | "quorum-impossible" | "deadline" | "quorum-not-met" };

export interface DecisionRules {
  quorum: number | null;
}

/**
 * Decides a vote. Before the deadline it closes only when the outcome cannot change any more,
 * assuming cast votes stand: passed once yes > n/2 (and the quorum is met); failed once even every
 * remaining elector voting yes could not reach yes > n/2 (or the quorum). At the deadline it closes
 * either way.
 */
export function decideVote(tally: Tally, rules: DecisionRules, atDeadline: boolean): VoteDecision {
  const n = tally.electorateSize;
  const yes = tally.yes.length;
  const participated = yes + tally.no.length + tally.abstained.length;
  const remaining = tally.notVoted.length;
  const quorum = rules.quorum ?? 0;
  const majority = yes > n / 2;
  if (majority && participated >= quorum) return { status: "passed", reason: "majority-reached" };
  if (yes + remaining <= n / 2) return { status: "failed", reason: "majority-impossible" };
  if (participated + remaining < quorum) return { status: "failed", reason: "quorum-impossible" };
  if (!atDeadline) return { status: "open" };
  return { status: "failed", reason: majority ? "quorum-not-met" : "deadline" };
}

/** Whether `now` is at or past the record's deadline. */
export function isDue(record: Pick<VoteRecord, "deadline">, now: Date): boolean {
  return now.getTime() >= Date.parse(record.deadline);
}
