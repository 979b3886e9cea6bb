/**
 * Which people a security review asks, decided in two pure steps around the reads they need:
 * `routingSlots` (does anyone need asking, and is the reviewer load worth reading), then
 * `pickToAsk` with the load. People secwg already asked stay engaged even if someone removed the
 * request, so a push never re-rolls or re-notifies; people GitHub refused are not tried again.
 */
import type { ReviewRecord } from "./checklist.js";
import { openSlots, pickReviewers, type Candidate, type PickInput } from "./reviewer-pool.js";

/** Bounds the people remembered as asked, so the hidden record stays small. */
export const MAX_ASKED = 20;

export interface RoutingInput {
  pool: readonly Candidate[];
  /** Who reviewed, in GitHub's order (deleted accounts left out). */
  reviewers: readonly { id: number; login: string }[];
  /** Pending individual review requests on the pull request now. */
  requested: readonly { id: number; login: string }[];
  record: ReviewRecord;
  /** Who may neither approve nor waive (author, commit authors and committers, pushers). */
  excluded: ReadonlySet<number>;
  authorId: number;
  count: number;
  /** Drafts and closed pull requests are evaluated, but nobody is asked. */
  mayAsk: boolean;
}

export interface Slots {
  base: Omit<PickInput, "openLoad" | "seed">;
  /** Shown in the comment: everyone engaged, by the login GitHub gives the id now. */
  engagedLogins: string[];
  needed: number;
  contenders: Candidate[];
}

export function routingSlots(input: RoutingInput): Slots {
  const unreachable = new Set(input.record.unreachable ?? []);
  // Nobody is asked to review what they wrote or pushed: their approval would not count.
  const candidates = input.pool.filter((c) => !unreachable.has(c.id) && !input.excluded.has(c.id));
  const engaged = [...input.requested.map((u) => u.id), ...input.reviewers.map((r) => r.id), ...(input.record.asked ?? [])];
  const base = { candidates, authorId: input.authorId, alreadyRequested: engaged, count: input.count };
  const current = new Map<number, string>();
  for (const r of input.reviewers) current.set(r.id, r.login);
  for (const u of input.requested) current.set(u.id, u.login);
  const engagedLogins = pickReviewers({ ...base, openLoad: new Map() }).keep.map((c) => current.get(c.id) ?? c.login);
  if (!input.mayAsk) return { base, engagedLogins, needed: 0, contenders: [] };
  const { needed, contenders } = openSlots(base);
  return { base, engagedLogins, needed, contenders };
}

/** Whether the reviewer load is worth a read: only when there are more contenders than places. */
export function needsLoad(slots: Slots): boolean {
  return slots.needed > 0 && slots.contenders.length > slots.needed;
}

/** The least-loaded eligible candidates to ask (deterministic tie-break by `seed`). */
export function pickToAsk(slots: Slots, openLoad: ReadonlyMap<number, number>, seed: string): Candidate[] {
  if (slots.needed === 0 || slots.contenders.length === 0) return [];
  return pickReviewers({ ...slots.base, openLoad, seed }).add;
}

/** The record and the names shown after asking `asked` (or after GitHub refused them). */
export function afterAsking(record: ReviewRecord, engagedLogins: readonly string[], asked: readonly { id: number; login: string }[], refused: boolean): { record: ReviewRecord; reviewers: string[] } {
  if (asked.length === 0) return { record, reviewers: [...engagedLogins] };
  const ids = asked.map((l) => l.id);
  if (refused) return { record: { ...record, unreachable: [...(record.unreachable ?? []), ...ids].slice(-MAX_ASKED) }, reviewers: [...engagedLogins] };
  return { record: { ...record, asked: [...(record.asked ?? []), ...ids].slice(-MAX_ASKED) }, reviewers: [...engagedLogins, ...asked.map((l) => l.login)] };
}
