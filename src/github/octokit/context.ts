import type { ProbotOctokit } from "probot";
import type { AppIdentity } from "../../core/identity.js";
import type { ReadMemo } from "../delivery-reads.js";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** What every call to GitHub needs: the installation's Octokit and the reads shared within one delivery. */
export interface GitHubContext {
  readonly octokit: Octokit;
  /** Shares reads between the handlers of one delivery (see `DeliveryReads`). */
  readonly reads: ReadMemo;
  /** The app's own bot account (learned once per process): only its comments and issues are secwg's. */
  self(): Promise<AppIdentity>;
}

/**
 * The documented path parameters of a repository, and nothing else. Callers often hold a wider
 * object (an issue reference, a repository with its URL); spread into an Octokit call, every other
 * field would become a query parameter of a GET (or a body field of a write) that GitHub does not
 * document, and would split the conditional-request cache per caller.
 */
export function repoParams(repo: { owner: string; repo: string }): { owner: string; repo: string } {
  return { owner: repo.owner, repo: repo.repo };
}

/** The documented path parameters of an issue or pull request, and nothing else (see `repoParams`). */
export function issueParams(issue: { owner: string; repo: string; issue_number: number }): { owner: string; repo: string; issue_number: number } {
  return { owner: issue.owner, repo: issue.repo, issue_number: issue.issue_number };
}
