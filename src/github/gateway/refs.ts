/**
 * The small shapes every group of the gateway shares: how a repository, an issue or pull request
 * and a person are named, what an `ensure*` write did, and the result of a conditional read.
 */

export interface RepoRef {
  owner: string;
  repo: string;
}

/** An issue or a pull request (GitHub numbers both in one sequence per repository). */
export interface IssueRef extends RepoRef {
  issue_number: number;
}

/** What an `ensure*` write did: nothing is written when the object already is as wanted. */
export type EnsureOutcome = "created" | "updated" | "unchanged";

/** A GitHub account. The numeric `id` is the identity; `login` is a display name that can change hands. */
export interface UserRef {
  id: number;
  login: string;
  type?: string;
}

/** A read made with conditional requests: `notModified` when every page was answered 304. */
export interface Conditional<T> {
  data: T;
  notModified: boolean;
}
