/**
 * Everything secwg does to GitHub, as one interface. Handlers and the sweep depend on this, not on
 * Octokit, so tests and the simulator can stand in for GitHub. Writes are `ensure*` operations:
 * they find the existing object (by hidden marker or external id), compare, and write only when
 * something differs, returning what they did.
 */

import type { Advisory } from "../core/reports/advisory.js";
import type { AdvisoryPatch } from "../core/reports/command-plan.js";
import type { AppIdentity } from "../core/identity.js";
import type { GlobalAdvisory } from "../core/monitoring/advisory.js";
import type { OpenReviewRequests } from "../core/review/reviewer-pool.js";
import type { TrackedIssue } from "../core/monitoring/advisory-plan.js";

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface IssueRef extends RepoRef {
  issue_number: number;
}

export type EnsureOutcome = "created" | "updated" | "unchanged";

export interface UserRef {
  id: number;
  login: string;
  type?: string;
}

export interface IssueComment {
  id: number;
  body: string;
  user: UserRef | null;
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface RepositoryInfo {
  owner: string;
  repo: string;
  private: boolean;
  /** `public`, `private` or `internal` (an enterprise's repositories visible to all its members). */
  visibility: "public" | "private" | "internal";
  default_branch: string;
  html_url: string;
}

export interface CheckRunSpec {
  name: string;
  head_sha: string;
  /** Stable key so secwg finds its own run among other apps' runs of the same commit. */
  external_id: string;
  status: "queued" | "in_progress" | "completed";
  conclusion?: "success" | "failure" | "neutral" | "action_required" | "cancelled" | "skipped" | "timed_out";
  title: string;
  summary: string;
  text?: string;
  details_url?: string;
}

export interface IssueSpec {
  title: string;
  body: string;
  labels?: string[];
  assignees?: string[];
  state?: "open" | "closed";
  state_reason?: "completed" | "not_planned";
}

export interface PullFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  changes?: number;
  patch?: string;
  previous_filename?: string;
}

// --- pull requests: review ---

/** The parts of a pull request the security review reads (from a webhook payload or `pulls.get`). */
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

// --- votes and membership ---

/** A reaction as the vote tally needs it. */
export interface ReactionRef {
  user: { id: number; login: string } | null;
  content: string;
  /** When the reaction was made (GitHub's clock); a vote ignores reactions after its deadline. */
  created_at?: string;
}

/** A read made with conditional requests: `notModified` when every page was answered 304. */
export interface Conditional<T> {
  data: T;
  notModified: boolean;
}

/** What merging or closing a membership request needs to know about the pull request now. */
export interface PullState {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  author: UserRef;
  body: string;
  created_at: string;
  labels: string[];
  head: { sha: string; ref: string; /** `owner/name`, null when the fork was deleted. */ repo: string | null };
  base: { sha: string; ref: string };
}

/** An issue or pull request found by label. */
export interface LabelledIssue {
  number: number;
  isPull: boolean;
  labels: string[];
}

// --- sweep: review reconciliation ---

/** An open pull request as the review reconciliation lists it. */
export interface OpenPull {
  number: number;
  headSha: string;
  title: string;
  body: string;
  labels: string[];
  draft: boolean;
  /** `html_url` of the base repository, for file links in the checklist. */
  repoUrl: string;
  /** Whether the base repository belongs to an organization (load-balancing search qualifier). */
  ownerIsOrg: boolean;
}

/** A check run as the sweep reads it back. */
export interface CheckRunSeen {
  status: string;
  conclusion: string | null;
  summary: string | null;
}

// --- security advisories ---

/** A tracker issue as the reports feature lists it. */
export interface ReportIssue {
  number: number;
  state: "open" | "closed";
  body: string;
  assignees: UserRef[];
}

/** A repository the installation can access, with what hygiene needs to know about it. */
export interface InstalledRepository extends RepoRef {
  id: number;
  private: boolean;
  archived: boolean;
  fork: boolean;
  defaultBranch: string;
}

export interface FileProposal {
  branch: string;
  path: string;
  content: string;
  commitMessage: string;
  title: string;
  body: string;
}

export interface Gateway {
  // --- who secwg is ---
  /**
   * The app's own bot account. Only comments and issues it authored are secwg's (`isOurs`): every
   * find-by-marker below already applies that rule; callers that list a whole thread apply it too.
   */
  self(): Promise<AppIdentity>;

  // --- repository and contents ---
  getRepository(repo: RepoRef): Promise<RepositoryInfo>;
  /** A file's text on `ref` (default branch when omitted), or null when it does not exist. */
  readFile(repo: RepoRef, path: string, ref?: string): Promise<string | null>;
  /**
   * The text of one configuration file on the default branch, or null when it does not exist.
   * Shared by the handlers of one delivery (secwg never writes configuration files). Following
   * `_extends` and deciding what a file may set is `src/features/policy/load.ts`'s job.
   */
  readConfigFile(repo: RepoRef, path: string): Promise<string | null>;

  // --- issues and comments ---
  findComment(issue: IssueRef, marker: string): Promise<IssueComment | null>;
  ensureComment(issue: IssueRef, marker: string, body: string): Promise<{ outcome: EnsureOutcome; comment: IssueComment }>;
  /** Posts a reply that is not tracked by marker (answers to commands). */
  createComment(issue: IssueRef, body: string): Promise<IssueComment>;
  /** Deletes one of secwg's comments; a comment already gone is the state wanted. */
  deleteComment(issue: IssueRef, commentId: number): Promise<void>;
  /** Adds and removes labels, given the labels the issue has now (from the payload, when known). */
  ensureLabels(
    issue: IssueRef,
    change: { add?: string[]; remove?: string[]; current?: string[] },
  ): Promise<EnsureOutcome>;
  ensureIssue(
    repo: RepoRef,
    marker: string,
    spec: IssueSpec,
    options?: { findByLabel?: string },
  ): Promise<{ outcome: EnsureOutcome; number: number; html_url: string }>;

  // --- checks ---
  ensureCheckRun(repo: RepoRef, spec: CheckRunSpec): Promise<EnsureOutcome>;

  // --- pull requests ---
  /**
   * All files of a pull request; `capped` when GitHub's 3,000-file limit was reached. Shared by the
   * handlers of one delivery unless `fresh`: a redelivery keeps its delivery id, so a caller that
   * knows the head moved since the event asks GitHub again.
   */
  listPullFiles(pr: IssueRef, options?: { fresh?: boolean }): Promise<{ files: PullFile[]; capped: boolean }>;
  /** The pull request's commits with their GitHub author and committer ids; `capped` at GitHub's 250. */
  listPullCommits(pr: IssueRef): Promise<{ commits: PullCommit[]; capped: boolean }>;

  // --- pull requests: review ---
  /** A pull request's current state (for events that do not carry it, like comments). */
  getPull(pr: IssueRef): Promise<PullSnapshot>;
  /** Every review of a pull request, oldest first. */
  listReviews(pr: IssueRef): Promise<PullReview[]>;
  /** Asks these users (logins) for a review; a no-op for an empty list. */
  requestReviewers(pr: IssueRef, logins: string[]): Promise<void>;
  /** Members of an organization team (`slug` without the org). */
  listTeamMembers(org: string, slug: string): Promise<UserRef[]>;
  /** The current login of a numeric user id, or null when the account no longer exists. */
  getUserLogin(id: number): Promise<string | null>;
  /**
   * The open pull requests of the installation's repositories owned by `owner`, each with its
   * labels and the ids of the users asked to review it: the load-balancing input
   * (`countReviewLoad`). One conditional list of the installation's repositories and one
   * conditional, paginated list of open pull requests per repository, whatever the roster size;
   * an unchanged list is a 304 and costs no rate-limit point.
   */
  listOpenReviewRequests(owner: string): Promise<OpenReviewRequests[]>;

  // --- votes and membership ---
  /** Every reaction on an issue comment (all pages), with conditional requests. */
  listReactionsForIssueComment(repo: RepoRef, commentId: number): Promise<Conditional<ReactionRef[]>>;
  /** Like `findComment`, with conditional requests, for polling a thread that rarely changes. */
  findCommentConditionally(issue: IssueRef, marker: string): Promise<Conditional<IssueComment | null>>;
  /** Open issues and pull requests carrying `label`, with conditional requests. */
  listOpenWithLabel(repo: RepoRef, label: string): Promise<Conditional<LabelledIssue[]>>;
  /** Repositories the installation can access. */
  listInstallationRepos(): Promise<RepoRef[]>;
  updateComment(repo: RepoRef, commentId: number, body: string): Promise<IssueComment>;
  getPullState(pr: IssueRef): Promise<PullState>;
  /** A file's text and blob sha on `ref`, or null when it does not exist. */
  readFileWithSha(repo: RepoRef, path: string, ref: string): Promise<{ text: string; sha: string } | null>;
  /** Commits a new version of a file on `branch`; `sha` is the blob being replaced. Returns the new commit's sha. */
  createOrUpdateFile(repo: RepoRef, file: { path: string; branch: string; message: string; content: string; sha: string }): Promise<string>;
  /** Merges only if the head is still `sha`. */
  mergePull(pr: IssueRef, options: { sha: string; merge_method: "merge" | "squash" | "rebase"; commit_title: string }): Promise<void>;
  closePull(pr: IssueRef): Promise<void>;
  /** Adds (or keeps) `username` as a member of the org team `slug`. */
  addTeamMember(org: string, slug: string, username: string): Promise<void>;

  // --- access that follows the roster ---
  /** Removes `username` from the org team `slug`; a membership already gone is the state wanted. */
  removeTeamMember(org: string, slug: string, username: string): Promise<void>;
  /** The repository's direct collaborators (not org owners, not access through teams). */
  listDirectCollaborators(repo: RepoRef): Promise<UserRef[]>;
  /** Adds `username` as a collaborator with `permission` (an invitation for someone outside the org). */
  addCollaborator(repo: RepoRef, username: string, permission: "pull" | "triage" | "push" | "maintain"): Promise<void>;
  /** Removes a direct collaborator; one who is not there is the state wanted. */
  removeCollaborator(repo: RepoRef, username: string): Promise<void>;

  // --- sweep: review reconciliation ---
  /** The `max` most recently updated open pull requests of a repository, with conditional requests. */
  listOpenPulls(repo: RepoRef, max: number): Promise<Conditional<OpenPull[]>>;
  /** Commit `sha`'s latest check run called `name` with this `external_id` (one conditional read). */
  findCheckRun(repo: RepoRef, sha: string, name: string, externalId: string): Promise<CheckRunSeen | null>;

  // --- security advisories ---
  /** A repository security advisory; its private text is registered as unloggable on read. */
  getAdvisory(repo: RepoRef, ghsaId: string): Promise<Advisory>;
  /** Advisories of one repository in `state` (all pages). */
  listRepoAdvisories(repo: RepoRef, state: "triage" | "draft"): Promise<Advisory[]>;
  /** Advisories of every repository of an organization in `state` (all pages). */
  listOrgAdvisories(org: string, state: "triage" | "draft"): Promise<Advisory[]>;
  /** Sets the given fields (never summary or description); returns the advisory as GitHub now has it. */
  updateAdvisory(repo: RepoRef, ghsaId: string, patch: AdvisoryPatch & { collaborating_users?: string[] }): Promise<Advisory>;
  requestAdvisoryCve(repo: RepoRef, ghsaId: string): Promise<void>;
  /** Creates the temporary private fork; returns its web URL. */
  createAdvisoryFork(repo: RepoRef, ghsaId: string): Promise<{ html_url: string }>;
  /** Posts a comment on the advisory (public-preview API); `unavailable` when GitHub does not offer it. */
  createAdvisoryComment(repo: RepoRef, ghsaId: string, body: string): Promise<"created" | "unavailable">;
  /** Every comment of an issue, oldest first (the report log is read whole). */
  listAllComments(issue: IssueRef): Promise<IssueComment[]>;
  /** Issues (open and closed) carrying `label` that secwg opened (`isOurs`), with body and assignees. */
  listReportIssues(repo: RepoRef, label: string, state: "open" | "all"): Promise<ReportIssue[]>;
  /** Closes an issue with a reason unless it is already closed. */
  ensureIssueClosed(issue: IssueRef, reason: "completed" | "not_planned"): Promise<EnsureOutcome>;
  /**
   * Proposes a file by pull request: branch from the default branch, commit the file, open the
   * pull request. Each step is found before it is made; nothing is written when the default branch
   * already has the content or the pull request exists with it.
   */
  proposeFile(repo: RepoRef, proposal: FileProposal): Promise<{ outcome: EnsureOutcome; pull: number | null }>;
  /**
   * The open pull request from `branch` of `repo` itself (not a fork), or null. Whoever may push
   * to the repository may open one: the caller checks its author and contents before trusting it.
   */
  findOpenPullFromBranch(repo: RepoRef, branch: string): Promise<number | null>;

  // --- monitoring ---
  /**
   * Reviewed global advisories (withdrawn included) affecting any of `affects` in `ecosystem`,
   * updated on or after `updatedSince`; conditional, so an unchanged feed costs no rate limit.
   */
  listGlobalAdvisories(query: { ecosystem: string; affects: string[]; updatedSince?: string }): Promise<Conditional<GlobalAdvisory[]>>;
  /** secwg's own issues (written by a bot) carrying `label`, open and closed, conditionally. */
  listIssuesWithLabel(repo: RepoRef, label: string): Promise<Conditional<TrackedIssue[]>>;

  // --- repository security settings (hygiene) ---
  /** Whether private vulnerability reporting is enabled; null when the app may not read it (403/404). */
  getPrivateVulnerabilityReporting(repo: RepoRef): Promise<boolean | null>;
  enablePrivateVulnerabilityReporting(repo: RepoRef): Promise<void>;
  /** Repositories the installation can access, with their archived/fork flags and default branch, conditionally. */
  listInstalledRepositories(): Promise<Conditional<InstalledRepository[]>>;
  /**
   * The status check contexts `branch` requires (rulesets, then classic protection), or null when
   * GitHub lets the app read neither.
   */
  getRequiredStatusChecks(repo: RepoRef, branch: string): Promise<string[] | null>;
  /** The names of a repository's labels, conditionally. */
  listLabelNames(repo: RepoRef): Promise<Conditional<string[]>>;

  // --- reporting ---
  /**
   * Issues and pull requests matching a search query (`GET /search/issues`), at most `max`
   * (GitHub answers at most 1,000 per query); `incomplete` when GitHub said its results are
   * incomplete or more matched than `max`. Discovery only: search is eventually consistent, so
   * what decides is always re-read from the object itself.
   */
  searchIssues(query: string, max: number): Promise<{ items: SearchedIssue[]; incomplete: boolean }>;
  /** Check runs named `name` on `ref` (latest per app), with their app's slug and times. */
  listCheckRunsNamed(repo: RepoRef, ref: string, name: string): Promise<NamedCheckRun[]>;

  // --- joining ---
  /**
   * The account that has `login` now (its numeric id, its login as GitHub spells it, and whether it
   * is a person), or null when no account has that login.
   * @see https://docs.github.com/en/rest/users/users#get-a-user
   */
  getUserByLogin(login: string): Promise<{ id: number; login: string; type: string } | null>;
}

// --- reporting ---

/** An issue or pull request as a search lists it. */
export interface SearchedIssue extends RepoRef {
  number: number;
  isPull: boolean;
  createdAt: string;
  closedAt: string | null;
}

/** A check run as the board report reads it back. */
export interface NamedCheckRun {
  id: number;
  externalId: string | null;
  /** The slug of the GitHub App that created the run (`app.slug`). */
  appSlug: string | null;
  status: string;
  conclusion: string | null;
  title: string | null;
  startedAt: string | null;
  completedAt: string | null;
}
