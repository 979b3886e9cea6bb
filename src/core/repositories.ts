import { POLICY_REPO } from "../config/schema.js";

/**
 * Which repository is which. The group repository (`group.repo`, where the roster lives and
 * membership is voted), the tracker (`group.tracker`, the private log) and the organisation's
 * policy repository (`<owner>/.github`) are named in the policy as `name` or `owner/name`;
 * GitHub compares owner and repository names without regard to case, and so does secwg. Every
 * "is this the group / tracker / policy repository" question goes through this module.
 */
export interface RepoKey {
  owner: string;
  repo: string;
}

/** The parts of the policy that name secwg's repositories. */
export interface GroupRepos {
  group: { repo: string; tracker: string };
}

/** Resolves `name` or `owner/name` against the owner of the configured repository. */
export function resolveRepo(name: string, owner: string): RepoKey {
  const [first, second] = name.split("/");
  return second === undefined ? { owner, repo: first as string } : { owner: first as string, repo: second };
}

/** The same repository, by owner and name, case-insensitively. */
export function sameRepo(a: RepoKey, b: RepoKey): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}

/** Whether `repo` is the group repository of its own organisation's policy. */
export function isGroupRepo(config: GroupRepos, repo: RepoKey): boolean {
  return sameRepo(resolveRepo(config.group.repo, repo.owner), repo);
}

/** Whether `repo` is the tracker repository of its own organisation's policy. */
export function isTrackerRepo(config: GroupRepos, repo: RepoKey): boolean {
  return sameRepo(resolveRepo(config.group.tracker, repo.owner), repo);
}

/** Whether `repo` is its organisation's policy repository (`<owner>/.github`). */
export function isPolicyRepo(repo: RepoKey): boolean {
  return repo.repo.toLowerCase() === POLICY_REPO;
}
