import type { RepoRef, UserRef } from "../gateway.js";
import { callGitHub, statusOf } from "./call-github.js";
import { type GitHubContext, repoParams } from "./context.js";

/**
 * Team memberships and repository collaborators, for access that follows the roster.
 */

/**
 * Needs the organization permission `members: write`. A membership already gone (404) is the state
 * wanted.
 * @see https://docs.github.com/en/rest/teams/members#remove-team-membership-for-a-user
 */
export async function removeTeamMember({ octokit }: GitHubContext, org: string, slug: string, username: string): Promise<void> {
  try {
    await octokit.rest.teams.removeMembershipForUserInOrg({ org, team_slug: slug, username });
  } catch (error) {
    if (statusOf(error) === 404) return;
    await callGitHub("DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}", () => Promise.reject(error));
  }
}

/**
 * The repository's direct collaborators (`affiliation: direct`: not the organization's owners,
 * not people who have access through a team). Needs `metadata: read`.
 * @see https://docs.github.com/en/rest/collaborators/collaborators#list-repository-collaborators
 */
export async function listDirectCollaborators({ octokit }: GitHubContext, repo: RepoRef): Promise<UserRef[]> {
  const users = await callGitHub("GET /repos/{owner}/{repo}/collaborators", () =>
    octokit.paginate(octokit.rest.repos.listCollaborators, { ...repoParams(repo), affiliation: "direct", per_page: 100 }),
  );
  return users.map((u) => ({ id: u.id, login: u.login, type: u.type }));
}

/**
 * Adds `username` with `permission` (or updates their permission); someone outside the organization
 * gets an invitation. Needs the repository permission `administration: write`.
 * @see https://docs.github.com/en/rest/collaborators/collaborators#add-a-repository-collaborator
 */
export async function addCollaborator(
  { octokit }: GitHubContext,
  repo: RepoRef,
  username: string,
  permission: "pull" | "triage" | "push" | "maintain",
): Promise<void> {
  await callGitHub("PUT /repos/{owner}/{repo}/collaborators/{username}", () =>
    octokit.rest.repos.addCollaborator({ ...repoParams(repo), username, permission }),
  );
}

/**
 * Removes a direct collaborator. Needs the repository permission `administration: write`. GitHub
 * answers 204 whether or not the person was one.
 * @see https://docs.github.com/en/rest/collaborators/collaborators#remove-a-repository-collaborator
 */
export async function removeCollaborator({ octokit }: GitHubContext, repo: RepoRef, username: string): Promise<void> {
  await callGitHub("DELETE /repos/{owner}/{repo}/collaborators/{username}", () =>
    octokit.rest.repos.removeCollaborator({ ...repoParams(repo), username }),
  );
}
