import { MEMBERSHIP_VOTE } from "../membership/vote-kind.js";
import { REMOVAL_VOTE } from "../governance/removal-vote-kind.js";
import type { VoteKindRules } from "./kinds.js";
import type { VoteKind } from "./vote-record.js";

/**
 * The kinds of vote secwg carries out. A kind not listed here (a record of a kind a later version
 * writes) is still counted and closed, and logged, but nothing follows its result.
 */
const KINDS: Partial<Record<VoteKind, VoteKindRules>> = {
  membership: MEMBERSHIP_VOTE,
  removal: REMOVAL_VOTE,
};

export function voteKindRules(kind: VoteKind): VoteKindRules | null {
  return KINDS[kind] ?? null;
}
