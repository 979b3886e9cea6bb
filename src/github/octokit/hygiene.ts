import type { Conditional, InstalledRepository, RepoRef } from "../gateway.js";
import { callGitHub, statusOf } from "./call-github.js";
import { conditionalPages } from "./conditional-pages.js";
import { type GitHubContext, repoParams } from "./context.js";

/**
 * Every repository the installation can access, with the flags hygiene needs, conditionally.
 * @see https://docs.github.com/en/rest/apps/installations#list-repositories-accessible-to-the-app-installation
 */
export async function listInstalledRepositories({ octokit }: GitHubContext): Promise<Conditional<InstalledRepository[]>> {
  const result = await conditionalPages<{ id: number; name: string; owner: { login: string }; private: boolean; archived?: boolean; fork: boolean; default_branch?: string }>(
    octokit,
    "GET /installation/repositories",
    {},
    (page) => (page as { repositories: unknown[] }).repositories,
  );
  return {
    notModified: result.notModified,
    data: result.data.map((r) => ({ id: r.id, owner: r.owner.login, repo: r.name, private: r.private, archived: r.archived === true, fork: r.fork, defaultBranch: r.default_branch ?? "main" })),
  };
}

/**
 * The status checks `branch` requires: first from the rulesets that apply to it (`GET
 * /repos/{owner}/{repo}/rules/branches/{branch}`, needs only `metadata: read`, and lists rules
 * set at repository or organization level), then, only when no ruleset requires checks, from
 * classic branch protection as `GET /repos/{owner}/{repo}/branches/{branch}` summarises it (needs
 * `contents: read`; `GET .../protection` would need `administration: read`). Null when GitHub
 * refuses both reads (403/404): the check is then "unknown", not "missing".
 * @see https://docs.github.com/en/rest/repos/rules#get-rules-for-a-branch
 * @see https://docs.github.com/en/rest/branches/branches#get-a-branch
 */
export async function getRequiredStatusChecks({ octokit }: GitHubContext, repo: RepoRef, branch: string): Promise<string[] | null> {
  const contexts: string[] = [];
  let readable = false;
  try {
    const { data } = await conditionalPages<{ type: string; parameters?: { required_status_checks?: Array<{ context: string }> } }>(octokit, "GET /repos/{owner}/{repo}/rules/branches/{branch}", { ...repoParams(repo), branch }, undefined, 10);
    readable = true;
    for (const rule of data) if (rule.type === "required_status_checks") contexts.push(...(rule.parameters?.required_status_checks ?? []).map((c) => c.context));
  } catch (error) {
    if (statusOf(error) !== 403 && statusOf(error) !== 404) throw error;
  }
  if (contexts.length > 0) return contexts;
  try {
    const { data } = await octokit.rest.repos.getBranch({ ...repoParams(repo), branch });
    readable = true;
    const checks = data.protection?.required_status_checks;
    contexts.push(...(checks?.contexts ?? []), ...(checks?.checks ?? []).map((c) => c.context));
  } catch (error) {
    const status = statusOf(error);
    if (status !== 403 && status !== 404) return callGitHub("GET /repos/{owner}/{repo}/branches/{branch}", () => Promise.reject(error));
  }
  return readable ? [...new Set(contexts)] : null;
}

/**
 * The names of a repository's labels, conditionally.
 * @see https://docs.github.com/en/rest/issues/labels#list-labels-for-a-repository
 */
export async function listLabelNames({ octokit }: GitHubContext, repo: RepoRef): Promise<Conditional<string[]>> {
  const result = await conditionalPages<{ name: string }>(octokit, "GET /repos/{owner}/{repo}/labels", { ...repoParams(repo) }, undefined, 10);
  return { notModified: result.notModified, data: result.data.map((l) => l.name) };
}
