import type { EnsureOutcome, RepoRef } from "./refs.js";

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

/** A check run as the sweep reads it back. */
export interface CheckRunSeen {
  status: string;
  conclusion: string | null;
  summary: string | null;
}

/**
 * Check runs, bound to a commit (`head_sha`) and found by secwg's `external_id`.
 * @see https://docs.github.com/en/rest/checks/runs
 */
export interface CheckGateway {
  ensureCheckRun(repo: RepoRef, spec: CheckRunSpec): Promise<EnsureOutcome>;
  /** Commit `sha`'s latest check run called `name` with this `external_id` (one conditional read). */
  findCheckRun(repo: RepoRef, sha: string, name: string, externalId: string): Promise<CheckRunSeen | null>;
  /** Check runs named `name` on `ref` (latest per app), with their app's slug and times. */
  listCheckRunsNamed(repo: RepoRef, ref: string, name: string): Promise<NamedCheckRun[]>;
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
