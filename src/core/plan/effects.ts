/**
 * A feature's decision, as data: the list of things to make true on GitHub. Pure code in
 * `src/core/<feature>/` returns a plan; one executor (`src/features/apply.ts`) applies it through
 * the gateway, in order, or renders it for `--dry-run`. Each effect is an `ensure`: applying it
 * when GitHub already matches writes nothing.
 */

export interface RepoTarget {
  owner: string;
  repo: string;
}

export type Effect =
  | {
      kind: "ensure-issue";
      repo: RepoTarget;
      /** Hidden marker that identifies the issue (see `core/marker.ts`). */
      marker: string;
      /** Label on every issue of this kind, so they are listed cheaply. */
      label: string;
      title: string;
      body: string;
      /** Omitted: a new issue opens, an existing one keeps the state people gave it. */
      state?: "open" | "closed";
      stateReason?: "completed" | "not_planned";
      /** Why, for the dry-run table and the sweep report. */
      why: string;
    }
  | { kind: "close-issue"; repo: RepoTarget; number: number; reason: "completed" | "not_planned"; why: string }
  | {
      kind: "open-pull-request";
      repo: RepoTarget;
      branch: string;
      path: string;
      content: string;
      commitMessage: string;
      title: string;
      body: string;
      why: string;
    }
  | { kind: "enable-private-vulnerability-reporting"; repo: RepoTarget; why: string }
  | { kind: "log"; level: "info" | "warn"; repo: RepoTarget; message: string; why: string };

export type Plan = Effect[];

function where(repo: RepoTarget): string {
  return `${repo.owner}/${repo.repo}`;
}

/** One line per effect, for `--dry-run` and sweep reports. */
export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case "ensure-issue":
      return `ensure issue in ${where(effect.repo)}${effect.state ? ` (${effect.state})` : ""}: ${effect.why}`;
    case "close-issue":
      return `close ${where(effect.repo)}#${effect.number}: ${effect.why}`;
    case "open-pull-request":
      return `open pull request in ${where(effect.repo)} adding ${effect.path}: ${effect.why}`;
    case "enable-private-vulnerability-reporting":
      return `enable private vulnerability reporting in ${where(effect.repo)}: ${effect.why}`;
    case "log":
      return `log (${effect.level}) ${where(effect.repo)}: ${effect.message}`;
  }
}
