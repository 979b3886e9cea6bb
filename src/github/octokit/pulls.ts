import type { OpenReviewRequests } from "../../core/review/reviewer-pool.js";
import type { Conditional, IssueRef, OpenPull, PullCommit, PullFile, PullState, RepoRef } from "../gateway.js";
import { toPullSnapshot, type GitHubPull } from "../pull-snapshot.js";
import { callGitHub } from "./call-github.js";
import { conditionalPages } from "./conditional-pages.js";
import { type GitHubContext, type Octokit, repoParams } from "./context.js";
import { listInstallationRepos } from "./repository.js";

/** Open pull requests read per repository for the reviewer load (10 pages of 100). */
export const LOAD_PULLS_PER_REPO = 1000;
/** Repositories listed at once for the reviewer load. */
const LOAD_CONCURRENCY = 4;

/** GitHub returns at most this many files for a pull request. */
export const PULL_FILES_CAP = 3000;
/** GitHub lists at most this many commits of a pull request. */
export const PULL_COMMITS_CAP = 250;

/**
 * The one read of a single pull request: the snapshot the review decides on plus what membership
 * merges and closes on.
 * @see https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request
 */
export async function getPull({ octokit }: GitHubContext, pr: IssueRef): Promise<PullState> {
  const { data } = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}", () =>
    octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number }),
  );
  return {
    ...toPullSnapshot(data as GitHubPull),
    merged: data.merged,
    created_at: data.created_at,
    head: { sha: data.head.sha, ref: data.head.ref, repo: data.head.repo?.full_name ?? null },
    base: { sha: data.base.sha, ref: data.base.ref },
  };
}

/**
 * Newest activity first, so the bound keeps the pull requests most likely to have missed an
 * event. Conditional: an unchanged list is a 304 and costs no primary rate limit.
 * @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests
 */
export async function listOpenPulls({ octokit }: GitHubContext, repo: RepoRef, max: number): Promise<Conditional<OpenPull[]>> {
  type Raw = GitHubPull & { base: { repo: { html_url: string; owner: { type?: string } } } };
  const result = await conditionalPages<Raw>(
    octokit,
    "GET /repos/{owner}/{repo}/pulls",
    { ...repoParams(repo), state: "open", sort: "updated", direction: "desc" },
    undefined,
    Math.max(1, Math.ceil(max / 100)),
  );
  return {
    notModified: result.notModified,
    data: result.data.slice(0, max).map((p) => {
      const { number, headSha, title, body, labels, draft } = toPullSnapshot(p);
      return { number, headSha, title, body, labels, draft, repoUrl: p.base.repo.html_url, ownerIsOrg: p.base.repo.owner.type === "Organization" };
    }),
  };
}

/**
 * Open pull requests of every installed repository of `owner`, with labels and requested users.
 * The list answers `requested_reviewers` (users) and `requested_teams` on each pull request; only
 * users are counted. The same parameters as the sweep's `listOpenPulls`, so both share one ETag
 * entry per repository and an unchanged repository costs a 304 (no rate-limit point). GitHub drops
 * a reviewer from `requested_reviewers` once they submit a review, as the search qualifier
 * `review-requested:` does.
 * @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests
 * @see https://docs.github.com/en/rest/pulls/review-requests#get-all-requested-reviewers-for-a-pull-request
 */
export async function listOpenReviewRequests(ctx: GitHubContext, owner: string): Promise<OpenReviewRequests[]> {
  const repos = (await listInstallationRepos(ctx)).filter((r) => r.owner.toLowerCase() === owner.toLowerCase());
  const out: OpenReviewRequests[] = [];
  for (let i = 0; i < repos.length; i += LOAD_CONCURRENCY) {
    const lists = await Promise.all(
      repos.slice(i, i + LOAD_CONCURRENCY).map((repo) =>
        conditionalPages<GitHubPull>(
          ctx.octokit,
          "GET /repos/{owner}/{repo}/pulls",
          { ...repoParams(repo), state: "open", sort: "updated", direction: "desc" },
          undefined,
          LOAD_PULLS_PER_REPO / 100,
        ),
      ),
    );
    for (const { data } of lists) {
      for (const pull of data) {
        const { labels, requestedReviewers } = toPullSnapshot(pull);
        out.push({ labels, requestedReviewerIds: requestedReviewers.map((u) => u.id) });
      }
    }
  }
  return out;
}

/** @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files (at most 3,000 files) */
export async function listPullFiles({ octokit, reads }: GitHubContext, pr: IssueRef, options: { fresh?: boolean } = {}): Promise<{ files: PullFile[]; capped: boolean }> {
  if (options.fresh) return fetchPullFiles(octokit, pr);
  return reads.memo(`files:${pr.owner}/${pr.repo}#${pr.issue_number}`, () => fetchPullFiles(octokit, pr));
}

async function fetchPullFiles(octokit: Octokit, pr: IssueRef): Promise<{ files: PullFile[]; capped: boolean }> {
  const files = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", () =>
    octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.issue_number,
      per_page: 100,
    }),
  );
  return {
    files: files.map((f) => ({
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      changes: f.changes,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
      ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
      ...(f.sha ? { sha: f.sha } : {}),
    })),
    capped: files.length >= PULL_FILES_CAP,
  };
}

/**
 * Needs `contents: write`; `sha` makes GitHub refuse (409) if the head moved since it was checked.
 * @see https://docs.github.com/en/rest/pulls/pulls#merge-a-pull-request
 */
export async function mergePull(
  { octokit }: GitHubContext,
  pr: IssueRef,
  options: { sha: string; merge_method: "merge" | "squash" | "rebase"; commit_title: string },
): Promise<void> {
  await callGitHub("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", () =>
    octokit.rest.pulls.merge({ owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number, ...options }),
  );
}

/** @see https://docs.github.com/en/rest/pulls/pulls#update-a-pull-request */
export async function closePull({ octokit }: GitHubContext, pr: IssueRef): Promise<void> {
  await callGitHub("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", () =>
    octokit.rest.pulls.update({ owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number, state: "closed" }),
  );
}

/**
 * The pull request's commits, oldest first, with the ids of the accounts GitHub matched to their
 * author and committer (`null` when no account matched). At most 250 commits are listed.
 * @see https://docs.github.com/en/rest/pulls/pulls#list-commits-on-a-pull-request
 */
export async function listPullCommits({ octokit }: GitHubContext, pr: IssueRef): Promise<{ commits: PullCommit[]; capped: boolean }> {
  const commits = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", () =>
    octokit.paginate(octokit.rest.pulls.listCommits, { owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number, per_page: 100 }),
  );
  return {
    commits: commits.map((c) => ({ sha: c.sha, authorId: c.author?.id ?? null, committerId: c.committer?.id ?? null })),
    capped: commits.length >= PULL_COMMITS_CAP,
  };
}
