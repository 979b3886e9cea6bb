import type { RepoRef } from "../gateway.js";
import type { Advisory } from "../../core/reports/advisory.js";
import type { AdvisoryPatch } from "../../core/reports/command-plan.js";
import { callGitHub, statusOf } from "./call-github.js";
import { type GitHubContext, repoParams } from "./context.js";
import { toAdvisory } from "../advisory-shape.js";

/**
 * Registers the advisory's private text with the log scrubber before anything else can see it.
 * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#get-a-repository-security-advisory
 */
export async function getAdvisory({ octokit }: GitHubContext, repo: RepoRef, ghsaId: string): Promise<Advisory> {
  const { data } = await callGitHub("GET /repos/{owner}/{repo}/security-advisories/{ghsa_id}", () =>
    octokit.rest.securityAdvisories.getRepositoryAdvisory({ ...repoParams(repo), ghsa_id: ghsaId }),
  );
  return toAdvisory(data, repo);
}

/**
 * Cursor-paginated (`after`); `octokit.paginate` follows the Link header.
 * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#list-repository-security-advisories
 */
export async function listRepoAdvisories({ octokit }: GitHubContext, repo: RepoRef, state: "triage" | "draft"): Promise<Advisory[]> {
  const data = await callGitHub("GET /repos/{owner}/{repo}/security-advisories", () =>
    octokit.paginate(octokit.rest.securityAdvisories.listRepositoryAdvisories, { ...repoParams(repo), state, per_page: 100 }),
  );
  return data.map((a) => toAdvisory(a, repo));
}

/** @see https://docs.github.com/en/rest/security-advisories/repository-advisories#list-repository-security-advisories-for-an-organization */
export async function listOrgAdvisories({ octokit }: GitHubContext, org: string, state: "triage" | "draft"): Promise<Advisory[]> {
  const data = await callGitHub("GET /orgs/{org}/security-advisories", () =>
    octokit.paginate(octokit.rest.securityAdvisories.listOrgRepositoryAdvisories, { org, state, per_page: 100 }),
  );
  return data.map((a) => toAdvisory(a, repoOfAdvisoryUrl(a.html_url) ?? { owner: org, repo: "" }));
}

/** `https://github.com/OWNER/REPO/security/advisories/GHSA-…` → the repository. */
function repoOfAdvisoryUrl(url: string): RepoRef | null {
  const match = /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/security\/advisories\//.exec(url);
  return match ? { owner: match[1] as string, repo: match[2] as string } : null;
}

/**
 * Only the fields in `patch` are sent; secwg never sends summary, description or versions.
 * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#update-a-repository-security-advisory
 */
export async function updateAdvisory(
  { octokit }: GitHubContext,
  repo: RepoRef,
  ghsaId: string,
  patch: AdvisoryPatch & { collaborating_users?: string[] },
): Promise<Advisory> {
  const { data } = await callGitHub("PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}", () =>
    octokit.rest.securityAdvisories.updateRepositoryAdvisory({
      ...repoParams(repo),
      ghsa_id: ghsaId,
      ...withoutCredits(patch),
      ...(patch.credits ? { credits: patch.credits.map((c) => ({ login: c.login, type: c.type as CreditType })) } : {}),
    }),
  );
  return toAdvisory(data, repo);
}

function withoutCredits<T extends { credits?: unknown }>(patch: T): Omit<T, "credits"> {
  const { credits: _credits, ...rest } = patch;
  return rest;
}

type CreditType = "analyst" | "finder" | "reporter" | "coordinator" | "remediation_developer" | "remediation_reviewer" | "remediation_verifier" | "tool" | "sponsor" | "other";

/**
 * GitHub grants CVE requests only for advisories of public repositories.
 * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#request-a-cve-for-a-repository-security-advisory
 */
export async function requestAdvisoryCve({ octokit }: GitHubContext, repo: RepoRef, ghsaId: string): Promise<void> {
  await callGitHub("POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/cve", () =>
    octokit.rest.securityAdvisories.createRepositoryAdvisoryCveRequest({ ...repoParams(repo), ghsa_id: ghsaId }),
  );
}

/**
 * Forking is asynchronous on GitHub's side; the URL is known at once.
 * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#create-a-temporary-private-fork
 */
export async function createAdvisoryFork({ octokit }: GitHubContext, repo: RepoRef, ghsaId: string): Promise<{ html_url: string }> {
  const { data } = await callGitHub("POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/forks", () =>
    octokit.rest.securityAdvisories.createFork({ ...repoParams(repo), ghsa_id: ghsaId }),
  );
  return { html_url: data.html_url };
}

/**
 * Advisory comments are a public-preview API that `@octokit/rest` does not describe, so the call
 * goes through `octokit.request`, behind `reports.advisoryComments`. A 404 means the preview is
 * not available to this installation: the caller falls back to asking a person.
 * @see https://docs.github.com/en/rest/security-advisories/repository-advisories
 */
export async function createAdvisoryComment({ octokit }: GitHubContext, repo: RepoRef, ghsaId: string, body: string): Promise<"created" | "unavailable"> {
  try {
    await octokit.request("POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments", { ...repoParams(repo), ghsa_id: ghsaId, body });
    return "created";
  } catch (error) {
    if (statusOf(error) === 404) return "unavailable";
    return callGitHub("POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments", () => Promise.reject(error));
  }
}
