import type { NamedCheckRun, RepoRef, SearchedIssue } from "../gateway.js";
import { callGitHub } from "./call-github.js";
import { conditionalPages } from "./conditional-pages.js";
import { type GitHubContext, repoParams } from "./context.js";

type RawSearchItem = { number: number; repository_url: string; pull_request?: unknown; created_at: string; closed_at: string | null };

/**
 * Issues and pull requests matching `query`, page by page up to `max` (GitHub serves at most 1,000
 * results per query, 100 per page). The owner and name come from `repository_url`
 * (`…/repos/{owner}/{repo}`).
 * @see https://docs.github.com/en/rest/search/search#search-issues-and-pull-requests
 * @see https://docs.github.com/en/search-github/searching-on-github/searching-issues-and-pull-requests
 */
export async function searchIssues({ octokit }: GitHubContext, query: string, max: number): Promise<{ items: SearchedIssue[]; incomplete: boolean }> {
  const items: SearchedIssue[] = [];
  let incomplete = false;
  const limit = Math.min(max, 1_000);
  for (let page = 1; items.length < limit; page++) {
    const { data } = await callGitHub("GET /search/issues", () => octokit.rest.search.issuesAndPullRequests({ q: query, per_page: 100, page }));
    if (data.incomplete_results) incomplete = true;
    for (const raw of data.items as RawSearchItem[]) {
      const match = /\/repos\/([^/]+)\/([^/]+)$/.exec(raw.repository_url);
      if (!match) continue;
      items.push({ owner: match[1] as string, repo: match[2] as string, number: raw.number, isPull: raw.pull_request !== undefined && raw.pull_request !== null, createdAt: raw.created_at, closedAt: raw.closed_at });
    }
    if (data.items.length < 100 || page * 100 >= data.total_count) {
      if (data.total_count > limit) incomplete = true;
      break;
    }
  }
  if (items.length > limit) incomplete = true;
  return { items: items.slice(0, limit), incomplete };
}

type RawCheckRun = {
  id: number;
  external_id: string | null;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: { title: string | null } | null;
  app: { slug?: string } | null;
};

/**
 * The latest check run per app named `name` on `ref`, with the app that created each.
 * @see https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference
 */
export async function listCheckRunsNamed({ octokit }: GitHubContext, repo: RepoRef, ref: string, name: string): Promise<NamedCheckRun[]> {
  const { data } = await conditionalPages<RawCheckRun>(
    octokit,
    "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
    { ...repoParams(repo), ref, check_name: name, filter: "latest" },
    (page) => (page as { check_runs: unknown[] }).check_runs,
    1,
  );
  return data.map((r) => ({
    id: r.id,
    externalId: r.external_id,
    appSlug: r.app?.slug ?? null,
    status: r.status,
    conclusion: r.conclusion,
    title: r.output?.title ?? null,
    startedAt: r.started_at,
    completedAt: r.completed_at,
  }));
}
