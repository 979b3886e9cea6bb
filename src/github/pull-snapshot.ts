import type { ReviewSummary } from "../core/review/review-gate.js";
import type { PullReview, PullSnapshot } from "./gateway.js";

/**
 * A pull request as GitHub describes it, in both a `pull_request` webhook payload and the answer to
 * `pulls.get` (the same object), reduced to the fields secwg reads.
 * @see https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request
 */
export interface GitHubPull {
  number: number;
  title: string;
  body?: string | null;
  draft?: boolean;
  state: string;
  user: { id: number; login: string; type?: string } | null;
  head: { sha: string };
  base: { sha: string };
  updated_at?: string;
  labels?: ({ name: string } | null)[] | null;
  requested_reviewers?: ({ id: number; login: string; type?: string } | { name: string; slug: string })[] | null;
}

export function toPullSnapshot(pr: GitHubPull): PullSnapshot {
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? "",
    draft: pr.draft ?? false,
    state: pr.state === "closed" ? "closed" : "open",
    author: pr.user ? { id: pr.user.id, login: pr.user.login, type: pr.user.type } : { id: 0, login: "ghost" },
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    labels: (pr.labels ?? []).flatMap((l) => (l ? [l.name] : [])),
    // Team requests have no id; only individual requests are people who can approve.
    requestedReviewers: (pr.requested_reviewers ?? []).flatMap((u) => ("id" in u ? [{ id: u.id, login: u.login, type: u.type }] : [])),
    ...(pr.updated_at ? { updatedAt: pr.updated_at } : {}),
  };
}

/** Reviews as the merge gate reads them; reviews by deleted accounts (no user) cannot approve. */
export function toReviewSummaries(reviews: readonly PullReview[]): ReviewSummary[] {
  return reviews.flatMap((r) => (r.user ? [{ userId: r.user.id, state: r.state, commitId: r.commit_id, submittedAt: r.submitted_at }] : []));
}
