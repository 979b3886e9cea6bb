import type { TeamAddition, UserRef } from "../gateway.js";
import { callGitHub, statusOf } from "./call-github.js";
import type { GitHubContext } from "./context.js";

/**
 * The login an account id has now, or null when no account has that id any more. Read once per
 * delivery (several features may name the same person in one event).
 * @see https://docs.github.com/en/rest/users/users#get-a-user-using-their-id
 */
export function getUserLogin({ octokit, reads }: GitHubContext, id: number): Promise<string | null> {
  return reads.memo(`user:${id}`, () => fetchUserLogin(octokit, id));
}

async function fetchUserLogin(octokit: GitHubContext["octokit"], id: number): Promise<string | null> {
  try {
    const { data } = await octokit.rest.users.getById({ account_id: id });
    return data.login;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    return callGitHub("GET /user/{account_id}", () => Promise.reject(error));
  }
}

/**
 * Needs the organization permission `members: read`.
 * @see https://docs.github.com/en/rest/teams/members#list-team-members
 */
export async function listTeamMembers({ octokit }: GitHubContext, org: string, slug: string): Promise<UserRef[]> {
  const members = await callGitHub("GET /orgs/{org}/teams/{team_slug}/members", () =>
    octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 }),
  );
  return members.map((m) => ({ id: m.id, login: m.login, type: m.type }));
}

/**
 * Adds `username` to the team unless they are in it or already invited to it. Someone outside the
 * organization gets an invitation (state `pending`) and stays out of the team's member list until
 * they accept; reading the membership first keeps a sweep from sending that invitation again every
 * run. Needs the organization permission `members: write` (and `members: read` for the read).
 * @see https://docs.github.com/en/rest/teams/members#get-team-membership-for-a-user
 * @see https://docs.github.com/en/rest/teams/members#add-or-update-team-membership-for-a-user
 */
export async function addTeamMember({ octokit }: GitHubContext, org: string, slug: string, username: string): Promise<TeamAddition> {
  try {
    await octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username });
    return "already";
  } catch (error) {
    if (statusOf(error) !== 404) await callGitHub("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", () => Promise.reject(error));
  }
  const added = await callGitHub("PUT /orgs/{org}/teams/{team_slug}/memberships/{username}", () =>
    octokit.rest.teams.addOrUpdateMembershipForUserInOrg({ org, team_slug: slug, username, role: "member" }),
  );
  return added.data.state === "pending" ? "invited" : "added";
}
