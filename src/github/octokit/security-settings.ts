import type { RepoRef } from "../gateway.js";
import { callGitHub, statusOf } from "./call-github.js";
import { type GitHubContext, repoParams } from "./context.js";

/**
 * Null when the installation may not read the setting (no `administration: read`, or a
 * repository where GitHub does not offer it): hygiene reports "unknown" instead of failing.
 * @see https://docs.github.com/en/rest/repos/repos#check-if-private-vulnerability-reporting-is-enabled-for-a-repository
 */
export async function getPrivateVulnerabilityReporting({ octokit }: GitHubContext, repo: RepoRef): Promise<boolean | null> {
  try {
    const { data } = await octokit.rest.repos.checkPrivateVulnerabilityReporting({ ...repoParams(repo) });
    return data.enabled;
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 404) return null;
    return callGitHub("GET /repos/{owner}/{repo}/private-vulnerability-reporting", () => Promise.reject(error));
  }
}

/** @see https://docs.github.com/en/rest/repos/repos#enable-private-vulnerability-reporting-for-a-repository */
export async function enablePrivateVulnerabilityReporting({ octokit }: GitHubContext, repo: RepoRef): Promise<void> {
  await callGitHub("PUT /repos/{owner}/{repo}/private-vulnerability-reporting", () => octokit.rest.repos.enablePrivateVulnerabilityReporting({ ...repoParams(repo) }));
}
