/**
 * Who may waive or approve a pull request's security review, and which head a waiver covers. Pure.
 *
 * A waiver (`/security-review skip`) binds to the head commit the signer saw when writing the
 * command, never to the head at processing time: a push between the comment and its processing
 * (queue delay, retry, redelivery) is not waived. Commit dates are chosen by whoever made the
 * commit, so they are never used; the times compared are GitHub's (the comment's `created_at`, the
 * pull request's `updated_at` when secwg first saw a head), kept in secwg's signed review record.
 */

/**
 * GitHub's `web-flow` account, the committer of commits made in the web interface (edits, merges
 * of the base branch, suggestions). Not a person: excluding it would exclude nobody useful.
 * @see https://api.github.com/users/web-flow
 */
export const WEB_FLOW_ID = 19864447;

/** `author.id` and `committer.id` of one commit of the pull request (null: no GitHub account matched the email). */
export interface CommitPeople {
  authorId: number | null;
  committerId: number | null;
}

/** The head secwg first saw, and GitHub's time at which it saw it (`updated_at` of that snapshot). */
export interface HeadSeen {
  sha: string;
  /** No earlier than the push that made `sha` the head: the pull request's `updated_at` in a snapshot showing it. */
  seenAt: string;
}

/**
 * Everyone who may neither waive review nor count as the approving review: the pull request's
 * author, the author and committer of any of its commits (GitHub's ids; `web-flow` is not a
 * person) and anyone who pushed to it. Emails in commits can be forged, which can only add people.
 */
export function selfServiceIds(input: { authorId: number; commits: readonly CommitPeople[]; pushers: readonly number[]; extra?: readonly number[] }): Set<number> {
  const ids = new Set<number>([input.authorId, ...input.pushers, ...(input.extra ?? [])]);
  for (const commit of input.commits) {
    for (const id of [commit.authorId, commit.committerId]) if (id !== null && id !== WEB_FLOW_ID) ids.add(id);
  }
  ids.delete(0);
  return ids;
}

/** A new head gets the time of this snapshot; a head already seen keeps its first time (redeliveries agree). */
export function observeHead(seen: HeadSeen | undefined, sha: string, at: string): HeadSeen {
  return seen?.sha === sha ? seen : { sha, seenAt: at };
}

/** `/security-review skip [<commit>] <reason>`: the first word is a commit when it is 7 to 40 hex digits. */
export const COMMIT_PREFIX = /^[0-9a-f]{7,40}$/i;

export type SkipDecision =
  | { ok: true }
  | { ok: false; why: "self-service" | "other-commit" | "not-seen" };

/**
 * Whether a signer's skip covers the current head.
 * - The signer authored, committed or pushed in the pull request: refused.
 * - A commit named in the command that is not a prefix of the head: refused.
 * - The full 40-digit id of the head: accepted (the signer named exactly this commit).
 * - Otherwise (no commit, or a short prefix, which someone pushing could grind): accepted only when
 *   secwg's record shows the current head was already the head strictly before the comment was
 *   written. Same second counts as not before.
 */
export function decideSkip(input: {
  headSha: string;
  seen: HeadSeen | undefined;
  commentCreatedAt: string;
  commit: string | null;
  actorId: number;
  excluded: ReadonlySet<number>;
}): SkipDecision {
  if (input.excluded.has(input.actorId)) return { ok: false, why: "self-service" };
  const head = input.headSha.toLowerCase();
  const named = input.commit?.toLowerCase() ?? null;
  if (named !== null && !head.startsWith(named)) return { ok: false, why: "other-commit" };
  if (named !== null && named.length === 40) return { ok: true };
  const seenAt = input.seen?.sha.toLowerCase() === head ? Date.parse(input.seen.seenAt) : Number.NaN;
  const writtenAt = Date.parse(input.commentCreatedAt);
  return Number.isFinite(seenAt) && Number.isFinite(writtenAt) && Math.floor(seenAt / 1000) < Math.floor(writtenAt / 1000) ? { ok: true } : { ok: false, why: "not-seen" };
}
