import { recount, type VoteEvidence } from "../audit/audit.js";
import { parseMarkers } from "../marker.js";
import { parseVoteRecord } from "../vote/vote-record.js";
import type { VoteOutcome } from "./inputs.js";

/**
 * The votes a board report shows, from the same evidence the audit recomputes: only a record that
 * verifies (secwg's comment, signed, bound to its thread) counts, and the yes/no figures are the
 * reactions GitHub dates no later than the vote closed, counted again rather than copied from the
 * tally comment. A vote whose record is missing or does not verify is left out and counted, so the
 * report can say how many it could not show.
 */
export function voteOutcomes(evidence: readonly VoteEvidence[], signingKey: string): { votes: VoteOutcome[]; unverified: number } {
  const votes: VoteOutcome[] = [];
  let unverified = 0;
  for (const vote of evidence) {
    const comment = vote.ours.find((c) => parseMarkers(c.body).some((m) => m.kind === "vote" && m.key === vote.target));
    const parsed = comment ? parseVoteRecord(comment.body, signingKey, vote.target) : null;
    if (!parsed || parsed.kind !== "ok") {
      unverified++;
      continue;
    }
    const record = parsed.record;
    const counted = record.state === "open" ? null : recount(record, vote.reactions);
    votes.push({
      kind: record.kind,
      target: record.target,
      subjectLogin: record.subject.login,
      state: record.state,
      opened: record.opened,
      deadline: record.deadline,
      closedAt: record.closed?.at ?? null,
      yes: counted?.yes ?? 0,
      no: counted?.no ?? 0,
      electorate: record.electorate.length,
    });
  }
  return { votes, unverified };
}
