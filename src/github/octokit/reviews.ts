import type { IssueRef, PullReview } from "../gateway.js";
import { callGitHub } from "./call-github.js";
import type { GitHubContext } from "./context.js";

/**
 * Reviews in chronological order; each carries the `commit_id` it was submitted on, which is how
 * an approval is tied to one head commit.
 * @see https://docs.github.com/en/rest/pulls/reviews#list-reviews-for-a-pull-request
 */
export async function listReviews({ octokit }: GitHubContext, pr: IssueRef): Promise<PullReview[]> {
  const reviews = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", () =>
    octokit.paginate(octokit.rest.pulls.listReviews, { owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number, per_page: 100 }),
  );
  return reviews.map((r) => ({
    id: r.id,
    user: r.user ? { id: r.user.id, login: r.user.login, type: r.user.type } : null,
    state: r.state,
    commit_id: r.commit_id ?? null,
    submitted_at: r.submitted_at ?? null,
  }));
}

/**
 * Notifies the reviewers (a notification-triggering write: Probot spaces these 3 s apart).
 * @see https://docs.github.com/en/rest/pulls/review-requests#request-reviewers-for-a-pull-request
 */
export async function requestReviewers({ octokit }: GitHubContext, pr: IssueRef, logins: string[]): Promise<void> {
  if (logins.length === 0) return;
  await callGitHub("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", () =>
    octokit.rest.pulls.requestReviewers({ owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number, reviewers: logins }),
  );
}
