import type { Conditional, RepoRef } from "./refs.js";

/** A reaction as the vote tally needs it. */
export interface ReactionRef {
  user: { id: number; login: string } | null;
  content: string;
  /** When the reaction was made (GitHub's clock); a vote ignores reactions after its deadline. */
  created_at?: string;
}

/**
 * Reactions, the ballots of a vote.
 * @see https://docs.github.com/en/rest/reactions/reactions
 */
export interface ReactionGateway {
  /** Every reaction on an issue comment (all pages), with conditional requests. */
  listReactionsForIssueComment(repo: RepoRef, commentId: number): Promise<Conditional<ReactionRef[]>>;
}
