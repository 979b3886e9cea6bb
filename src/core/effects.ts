/**
 * Plans as data: what a feature decided to do to GitHub, as a list of effects that one executor
 * (`src/features/apply-effects.ts`) applies in order through the gateway. `--dry-run` prints
 * `describeEffect` of each instead of applying it. New features use this shape; the older
 * handlers will move to it.
 */
export interface RepoName {
  owner: string;
  repo: string;
}

export type Effect =
  | {
      kind: "ensure-issue";
      repo: RepoName;
      /** Hidden marker that finds the one issue this effect owns. */
      marker: string;
      title: string;
      body: string;
      labels?: string[];
    }
  | {
      kind: "propose-file";
      repo: RepoName;
      branch: string;
      path: string;
      content: string;
      commitMessage: string;
      title: string;
      body: string;
    };

/** One line for a dry run: where and what, never the body (it may be long; it is printed apart). */
export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case "ensure-issue":
      return `ensure issue "${effect.title}" in ${effect.repo.owner}/${effect.repo.repo} (${effect.body.length} characters${effect.labels?.length ? `, labels ${effect.labels.join(", ")}` : ""})`;
    case "propose-file":
      return `propose ${effect.path} in ${effect.repo.owner}/${effect.repo.repo} on branch ${effect.branch}: "${effect.title}"`;
  }
}
