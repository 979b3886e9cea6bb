import type { UserRef } from "./refs.js";

/**
 * People: user accounts and organisation teams. A login is looked up from its numeric id, never
 * the other way round for authority.
 * @see https://docs.github.com/en/rest/users/users
 * @see https://docs.github.com/en/rest/teams/members
 */
export interface PeopleGateway {
  /** Members of an organization team (`slug` without the org). */
  listTeamMembers(org: string, slug: string): Promise<UserRef[]>;
  /** Adds (or keeps) `username` as a member of the org team `slug`. */
  addTeamMember(org: string, slug: string, username: string): Promise<void>;
  /** The current login of a numeric user id, or null when the account no longer exists. */
  getUserLogin(id: number): Promise<string | null>;
}
