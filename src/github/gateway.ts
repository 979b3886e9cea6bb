/**
 * Everything secwg does to GitHub, as one interface. Handlers and the sweep depend on this, not on
 * Octokit, so tests and the simulator can stand in for GitHub. Writes are `ensure*` operations:
 * they find the existing object (by hidden marker or external id), compare, and write only when
 * something differs, returning what they did.
 */

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

export interface RawConfig {
  /** The merged configuration object, or null when no file exists (defaults apply). */
  config: unknown;
  /** `owner/repo:path` of each file that contributed, for error messages. */
  files: string[];
}

export interface Gateway {
  // --- repository and contents ---
  getRepository(repo: RepoRef): Promise<RepositoryInfo>;
  /** A file's text on `ref` (default branch when omitted), or null when it does not exist. */
  readFile(repo: RepoRef, path: string, ref?: string): Promise<string | null>;
  /** `.github/secwg.yml` from the default branch, following `_extends` (Probot's config loader). */
  readConfig(repo: RepoRef): Promise<RawConfig>;

  // --- issues and comments ---
  findComment(issue: IssueRef, marker: string): Promise<IssueComment | null>;
  ensureComment(issue: IssueRef, marker: string, body: string): Promise<{ outcome: EnsureOutcome; comment: IssueComment }>;
  /** Posts a reply that is not tracked by marker (answers to commands). */
  createComment(issue: IssueRef, body: string): Promise<IssueComment>;
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
  /** All files of a pull request; `capped` when GitHub's 3,000-file limit was reached. */
  listPullFiles(pr: IssueRef): Promise<{ files: PullFile[]; capped: boolean }>;
}
