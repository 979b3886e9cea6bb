import type { CheckRunSeen, CheckRunSpec, EnsureOutcome, RepoRef } from "../gateway.js";
import { callGitHub } from "./call-github.js";
import { conditionalPages } from "./conditional-pages.js";
import { type GitHubContext, repoParams } from "./context.js";

/**
 * Finds secwg's run for this commit by `external_id`, and updates it only when something shown
 * differs. A completed run is not reopened (GitHub keeps its conclusion): a new run replaces it.
 * @see https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference
 * @see https://docs.github.com/en/rest/checks/runs#update-a-check-run
 */
export async function ensureCheckRun({ octokit }: GitHubContext, repo: RepoRef, spec: CheckRunSpec): Promise<EnsureOutcome> {
  const runs = await callGitHub("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", () =>
    octokit.paginate(octokit.rest.checks.listForRef, {
      ...repoParams(repo),
      ref: spec.head_sha,
      check_name: spec.name,
      filter: "latest",
      per_page: 100,
    }),
  );
  const existing = runs
    .filter((r) => r.external_id === spec.external_id)
    .sort((a, b) => (b.started_at ?? "").localeCompare(a.started_at ?? "") || b.id - a.id)[0];
  const output = { title: spec.title, summary: spec.summary, ...(spec.text !== undefined ? { text: spec.text } : {}) };
  const fields = {
    status: spec.status,
    ...(spec.status === "completed" ? { conclusion: spec.conclusion } : {}),
    ...(spec.details_url ? { details_url: spec.details_url } : {}),
    output,
  };
  if (existing) {
    const same =
      existing.status === spec.status &&
      (spec.status !== "completed" || existing.conclusion === spec.conclusion) &&
      existing.output.title === spec.title &&
      existing.output.summary === spec.summary &&
      (spec.text === undefined || existing.output.text === spec.text);
    if (same) return "unchanged";
    if (!(existing.status === "completed" && spec.status !== "completed")) {
      await callGitHub("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", () =>
        octokit.rest.checks.update({ ...repoParams(repo), check_run_id: existing.id, ...fields }),
      );
      return "updated";
    }
  }
  await callGitHub("POST /repos/{owner}/{repo}/check-runs", () =>
    octokit.rest.checks.create({ ...repoParams(repo), name: spec.name, head_sha: spec.head_sha, external_id: spec.external_id, ...fields }),
  );
  return existing ? "updated" : "created";
}

/**
 * One page (a commit rarely has 100 runs of one name); conditional, so a commit that was already
 * checked costs no primary rate limit.
 * @see https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference
 */
export async function findCheckRun({ octokit }: GitHubContext, repo: RepoRef, sha: string, name: string, externalId: string): Promise<CheckRunSeen | null> {
  type Raw = { id: number; external_id: string | null; status: string; conclusion: string | null; output: { summary: string | null } };
  const { data } = await conditionalPages<Raw>(
    octokit,
    "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
    { ...repoParams(repo), ref: sha, check_name: name, filter: "latest" },
    (page) => (page as { check_runs: unknown[] }).check_runs,
    1,
  );
  const run = data.filter((r) => r.external_id === externalId).sort((a, b) => b.id - a.id)[0];
  return run ? { status: run.status, conclusion: run.conclusion, summary: run.output.summary } : null;
}
