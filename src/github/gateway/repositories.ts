import type { Conditional, EnsureOutcome, RepoRef } from "./refs.js";

/** A repository as `repos.get` describes it, reduced to what secwg reads. */
export interface RepositoryInfo {
  owner: string;
  repo: string;
  private: boolean;
  /** `public`, `private` or `internal` (an enterprise's repositories visible to all its members). */
  visibility: "public" | "private" | "internal";
  default_branch: string;
  html_url: string;
}

/** A repository the installation can access, with what hygiene needs to know about it. */
export interface InstalledRepository extends RepoRef {
  id: number;
  private: boolean;
  archived: boolean;
  fork: boolean;
  defaultBranch: string;
}

/** A file secwg proposes by pull request (never committed straight to a default branch). */
export interface FileProposal {
  branch: string;
  path: string;
  content: string;
  commitMessage: string;
  title: string;
  body: string;
}

/**
 * Repositories: their description, contents and settings, and the repositories the installation
 * can access.
 * @see https://docs.github.com/en/rest/repos/repos
 * @see https://docs.github.com/en/rest/repos/contents
 */
export interface RepositoryGateway {
  getRepository(repo: RepoRef): Promise<RepositoryInfo>;
  /** A file's text on `ref` (default branch when omitted), or null when it does not exist. */
  readFile(repo: RepoRef, path: string, ref?: string): Promise<string | null>;
  /**
   * The text of one configuration file on the default branch, or null when it does not exist.
   * Shared by the handlers of one delivery (secwg never writes configuration files). Following
   * `_extends` and deciding what a file may set is `src/features/policy/load.ts`'s job.
   */
  readConfigFile(repo: RepoRef, path: string): Promise<string | null>;
  /**
   * The first `maxBytes` of a file's text at `ref` (a commit sha), or null when the file cannot
   * give one: missing, not a file, too large for GitHub to return inline (over 1 MB), binary, or
   * not readable now. Cached in the process by `blobSha` (the content's own hash, so never stale):
   * reading an unchanged file again costs no request.
   * @see https://docs.github.com/en/rest/repos/contents#get-repository-content
   */
  readFileHead(repo: RepoRef, file: { path: string; blobSha?: string }, ref: string, maxBytes: number): Promise<string | null>;
  /** A file's text and blob sha on `ref`, or null when it does not exist. */
  readFileWithSha(repo: RepoRef, path: string, ref: string): Promise<{ text: string; sha: string } | null>;
  /** Commits a new version of a file on `branch`; `sha` is the blob being replaced. Returns the new commit's sha. */
  createOrUpdateFile(repo: RepoRef, file: { path: string; branch: string; message: string; content: string; sha: string }): Promise<string>;
  /**
   * Proposes a file by pull request: branch from the default branch, commit the file, open the
   * pull request. Each step is found before it is made; nothing is written when the default branch
   * already has the content or the pull request exists with it.
   */
  proposeFile(repo: RepoRef, proposal: FileProposal): Promise<{ outcome: EnsureOutcome; pull: number | null }>;
  /** Repositories the installation can access. */
  listInstallationRepos(): Promise<RepoRef[]>;
  /** Repositories the installation can access, with their archived/fork flags and default branch, conditionally. */
  listInstalledRepositories(): Promise<Conditional<InstalledRepository[]>>;
  /**
   * The status check contexts `branch` requires (rulesets, then classic protection), or null when
   * GitHub lets the app read neither.
   */
  getRequiredStatusChecks(repo: RepoRef, branch: string): Promise<string[] | null>;
  /** Whether private vulnerability reporting is enabled; null when the app may not read it (403/404). */
  getPrivateVulnerabilityReporting(repo: RepoRef): Promise<boolean | null>;
  enablePrivateVulnerabilityReporting(repo: RepoRef): Promise<void>;
}
