import type { RepoRef, UserRef } from "./refs.js";

/**
 * People: user accounts and organisation teams. A login is looked up from its numeric id, never
 * the other way round for authority.
 * @see https://docs.github.com/en/rest/users/users
 * @see https://docs.github.com/en/rest/teams/members
 */
/** What adding someone to a team did: nothing (a member, or invited earlier), added, or invited. */
export type TeamAddition = "already" | "added" | "invited";

export interface PeopleGateway {
  /** Members of an organization team (`slug` without the org). */
  listTeamMembers(org: string, slug: string): Promise<UserRef[]>;
  /**
   * Adds `username` to the org team `slug` unless they are a member or already invited: someone
   * outside the organization is invited, and counts as a member only once they accept.
   */
  addTeamMember(org: string, slug: string, username: string): Promise<TeamAddition>;
  /** The current login of a numeric user id, or null when the account no longer exists. */
  getUserLogin(id: number): Promise<string | null>;
  /** Removes `username` from the org team `slug`; a membership already gone is the state wanted. */
  removeTeamMember(org: string, slug: string, username: string): Promise<void>;
  /**
   * The account that has `login` now (its numeric id, its login as GitHub spells it, and whether it
   * is a person), or null when no account has that login.
   * @see https://docs.github.com/en/rest/users/users#get-a-user
   */
  getUserByLogin(login: string): Promise<{ id: number; login: string; type: string } | null>;
  /**
   * The repository's direct collaborators (not org owners, not access through teams).
   * @see https://docs.github.com/en/rest/collaborators/collaborators
   */
  listDirectCollaborators(repo: RepoRef): Promise<UserRef[]>;
  /** Adds `username` as a collaborator with `permission` (an invitation for someone outside the org). */
  addCollaborator(repo: RepoRef, username: string, permission: "pull" | "triage" | "push" | "maintain"): Promise<void>;
  /** Removes a direct collaborator; one who is not there is the state wanted. */
  removeCollaborator(repo: RepoRef, username: string): Promise<void>;
}
