import type { TrackedIssue } from "../../core/monitoring/advisory-plan.js";
import type { Conditional, EnsureOutcome, IssueRef, RepoRef, UserRef } from "./refs.js";

export interface IssueSpec {
  title: string;
  body: string;
  labels?: string[];
  assignees?: string[];
  state?: "open" | "closed";
  state_reason?: "completed" | "not_planned";
}

/** An issue or pull request found by label. */
export interface LabelledIssue {
  number: number;
  isPull: boolean;
  labels: string[];
}

/** A tracker issue as the reports feature lists it. */
export interface ReportIssue {
  number: number;
  state: "open" | "closed";
  body: string;
  assignees: UserRef[];
}

/**
 * Issues and their labels (pull requests are issues here: labels of a pull request go through
 * this group). secwg's own issues are found by the marker on their first line, written by its bot.
 * @see https://docs.github.com/en/rest/issues/issues
 * @see https://docs.github.com/en/rest/issues/labels
 */
export interface IssueGateway {
  ensureIssue(
    repo: RepoRef,
    marker: string,
    spec: IssueSpec,
    options?: { findByLabel?: string },
  ): Promise<{ outcome: EnsureOutcome; number: number; html_url: string }>;
  /** Closes an issue with a reason unless it is already closed. */
  ensureIssueClosed(issue: IssueRef, reason: "completed" | "not_planned"): Promise<EnsureOutcome>;
  /** Adds and removes labels, given the labels the issue has now (from the payload, when known). */
  ensureLabels(
    issue: IssueRef,
    change: { add?: string[]; remove?: string[]; current?: string[] },
  ): Promise<EnsureOutcome>;
  /** Open issues and pull requests carrying `label`, with conditional requests. */
  listOpenWithLabel(repo: RepoRef, label: string): Promise<Conditional<LabelledIssue[]>>;
  /** Issues (open and closed) carrying `label` that secwg opened (`isOurs`), with body and assignees. */
  listReportIssues(repo: RepoRef, label: string, state: "open" | "all"): Promise<ReportIssue[]>;
  /** secwg's own issues (written by a bot) carrying `label`, open and closed, conditionally. */
  listIssuesWithLabel(repo: RepoRef, label: string): Promise<Conditional<TrackedIssue[]>>;
  /** The names of a repository's labels, conditionally. */
  listLabelNames(repo: RepoRef): Promise<Conditional<string[]>>;
  /**
   * Issues and pull requests matching a search query (`GET /search/issues`), at most `max`
   * (GitHub answers at most 1,000 per query); `incomplete` when GitHub said its results are
   * incomplete or more matched than `max`. Discovery only: search is eventually consistent, so
   * what decides is always re-read from the object itself.
   * @see https://docs.github.com/en/rest/search/search#search-issues-and-pull-requests
   */
  searchIssues(query: string, max: number): Promise<{ items: SearchedIssue[]; incomplete: boolean }>;
}

/** An issue or pull request as a search lists it. */
export interface SearchedIssue extends RepoRef {
  number: number;
  isPull: boolean;
  createdAt: string;
  closedAt: string | null;
}
