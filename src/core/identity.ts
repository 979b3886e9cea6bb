/**
 * Who secwg is on GitHub. secwg's own words (its comments with hidden markers and records, the
 * tracker issues it opened) are recognised by the numeric id of the app's bot account, never by
 * the account type: any GitHub App or workflow posts as a `Bot` too, and a display login can be
 * renamed and re-registered. The id is learned once per process from GitHub (see
 * `src/github/octokit/app-identity.ts`).
 */

/** The app's bot account: `${slug}[bot]` and its numeric user id. */
export interface AppIdentity {
  id: number;
  login: string;
}

/**
 * The one rule for "did secwg write this": the author's numeric id is the app's bot id. Anything
 * else (a person, another app, a workflow's `github-actions[bot]`, a deleted account) is a stranger.
 */
export function isOurs(author: { id: number } | null | undefined, self: AppIdentity): boolean {
  return author !== null && author !== undefined && Number.isInteger(author.id) && author.id === self.id;
}
