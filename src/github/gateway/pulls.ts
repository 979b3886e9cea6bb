import type { OpenReviewRequests } from "../../core/review/reviewer-pool.js";
import type { Conditional, IssueRef, RepoRef, UserRef } from "./refs.js";

/**
 * A pull request, the one shape secwg decides on: from a webhook payload or `pulls.get` (the same
 * object on GitHub, `GitHubPull` in `../pull-snapshot.ts` is that wire shape and `toPullSnapshot`
 * reads it). The security review reads this.
 */
export interface PullSnapshot {
  number: number;
  title: string;
  body: string;
  draft: boolean;
  state: "open" | "closed";
  author: UserRef;
  headSha: string;
  baseSha: string;
  labels: string[];
  /** Pending individual review requests (GitHub drops a reviewer from it once they review). */
  requestedReviewers: UserRef[];
  /** GitHub's `updated_at`: no earlier than the push that made `headSha` the head. */
  updatedAt?: string;
}

/**
 * A pull request as `pulls.get` answers it now: the snapshot plus what merging or closing a
 * membership request needs (whether it is merged, when it was opened, its branches and the head's
 * repository). `getPull` returns it; a `PullState` is a `PullSnapshot` wherever one is wanted.
 * @see https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request
 */
export interface PullState extends PullSnapshot {
  merged: boolean;
  created_at: string;
  head: { sha: string; ref: string; /** `owner/name`, null when the fork was deleted. */ repo: string | null };
  base: { sha: string; ref: string };
}

/**
 * An open pull request as the review reconciliation lists it. It stays a shape of its own because
 * it comes from `pulls.list`, whose items describe each pull request partly (no `merged`, no
 * review requests read here) but add the base repository's URL and owner type: it is the subset of
 * `PullSnapshot` the list answers reliably, plus those two.
 * @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests
 */
export interface OpenPull extends Pick<PullSnapshot, "number" | "headSha" | "title" | "body" | "labels" | "draft"> {
  /** `html_url` of the base repository, for file links in the checklist. */
  repoUrl: string;
  /** Whether the base repository belongs to an organization (load-balancing search qualifier). */
  ownerIsOrg: boolean;
}

export interface PullFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  changes?: number;
  patch?: string;
  previous_filename?: string;
  /** The file's blob sha at the head (GitHub's `sha`): what its content is, for caching reads of it. */
  sha?: string;
}

/**
 * One commit of a pull request, as `pulls.listCommits` returns it: the GitHub accounts GitHub
 * matched to the author and committer emails (null when none matched).
 */
export interface PullCommit {
  sha: string;
  authorId: number | null;
  committerId: number | null;
}

/** A submitted review, as `pulls.listReviews` returns it, reduced to what the gate needs. */
export interface PullReview {
  id: number;
  user: UserRef | null;
  /** `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`. */
  state: string;
  commit_id: string | null;
  submitted_at: string | null;
}

/**
 * Pull requests: their state, files, commits, reviews and review requests; merging and closing.
 * @see https://docs.github.com/en/rest/pulls
 */
export interface PullGateway {
  /** A pull request as GitHub has it now (for events that do not carry it, and to re-read one a payload named). */
  getPull(pr: IssueRef): Promise<PullState>;
  /**
   * All files of a pull request; `capped` when GitHub's 3,000-file limit was reached. Shared by the
   * handlers of one delivery unless `fresh`: a redelivery keeps its delivery id, so a caller that
   * knows the head moved since the event asks GitHub again.
   */
  listPullFiles(pr: IssueRef, options?: { fresh?: boolean }): Promise<{ files: PullFile[]; capped: boolean }>;
  /** The pull request's commits with their GitHub author and committer ids; `capped` at GitHub's 250. */
  listPullCommits(pr: IssueRef): Promise<{ commits: PullCommit[]; capped: boolean }>;
  /** Every review of a pull request, oldest first. */
  listReviews(pr: IssueRef): Promise<PullReview[]>;
  /** Asks these users (logins) for a review; a no-op for an empty list. */
  requestReviewers(pr: IssueRef, logins: string[]): Promise<void>;
  /**
   * The open pull requests of the installation's repositories owned by `owner`, each with its
   * labels and the ids of the users asked to review it: the load-balancing input
   * (`countReviewLoad`). One conditional list of the installation's repositories and one
   * conditional, paginated list of open pull requests per repository, whatever the roster size;
   * an unchanged list is a 304 and costs no rate-limit point.
   */
  listOpenReviewRequests(owner: string): Promise<OpenReviewRequests[]>;
  /** The `max` most recently updated open pull requests of a repository, with conditional requests. */
  listOpenPulls(repo: RepoRef, max: number): Promise<Conditional<OpenPull[]>>;
  /**
   * The open pull request from `branch` of `repo` itself (not a fork), or null. Whoever may push
   * to the repository may open one: the caller checks its author and contents before trusting it.
   */
  findOpenPullFromBranch(repo: RepoRef, branch: string): Promise<number | null>;
  /** Merges only if the head is still `sha`. */
  mergePull(pr: IssueRef, options: { sha: string; merge_method: "merge" | "squash" | "rebase"; commit_title: string }): Promise<void>;
  closePull(pr: IssueRef): Promise<void>;
}
