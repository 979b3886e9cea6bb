import type { AdvisoryPatch } from "./reports/advisory.js";

/**
 * Plans as data: what a feature decided to make true on GitHub, as a list of effects. Pure code in
 * `src/core/<feature>/` returns a plan; one executor (`src/features/apply-effects.ts`) applies it
 * through the gateway in order, or `--dry-run` prints `describeEffect` of each instead. Each effect
 * is an `ensure`: applying it when GitHub already matches writes nothing.
 */

export interface RepoTarget {
  owner: string;
  repo: string;
}

/** One issue or pull request (GitHub numbers both the same way). */
export interface IssueTarget extends RepoTarget {
  issue_number: number;
}

export type Effect =
  | {
      kind: "ensure-issue";
      repo: RepoTarget;
      /** Hidden marker that finds the one issue this effect owns (see `core/marker.ts`). */
      marker: string;
      title: string;
      body: string;
      labels?: string[];
      /** Find the issue among those carrying this label (cheap listing) rather than by marker search. */
      findByLabel?: string;
      /** Omitted: a new issue opens, an existing one keeps the state people gave it. */
      state?: "open" | "closed";
      stateReason?: "completed" | "not_planned";
      /** Why, for the dry-run output and the sweep report; never private text. */
      why: string;
    }
  | { kind: "close-issue"; repo: RepoTarget; number: number; reason: "completed" | "not_planned"; why: string }
  | {
      kind: "propose-file";
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
  | { kind: "log"; level: "info" | "warn"; repo: RepoTarget; message: string; why: string }
  // --- votes and membership ---
  /** The one comment carrying `marker` on a thread says `body` (created or edited only on a difference). */
  | { kind: "ensure-comment"; issue: IssueTarget; marker: string; body: string; why: string }
  /** Rewrites a comment the plan read and found different (the vote comment, found by its marker). */
  | { kind: "update-comment"; issue: IssueTarget; commentId: number; body: string; why: string }
  /** `current`: the labels the thread has now, when known (saves a read). */
  | { kind: "ensure-labels"; issue: IssueTarget; add?: string[]; remove?: string[]; current?: string[]; why: string }
  /** secwg's check run on a commit, found by name and `external_id`. */
  | { kind: "ensure-check-run"; repo: RepoTarget; check: CheckRunTarget; why: string }
  | { kind: "close-pull"; issue: IssueTarget; why: string }
  /**
   * One entry (by `marker`) on a log issue found by `issue.marker` or its label, created if missing.
   * A lasting refusal (missing or forbidden repository) is logged and skipped; a transient failure
   * stops the plan like any other.
   */
  | {
      kind: "ensure-log-entry";
      repo: RepoTarget;
      issue: { marker: string; title: string; body: string; label: string };
      marker: string;
      body: string;
      why: string;
    }
  // --- terms ---
  /**
   * Merges the pull request at head `sha` only: GitHub refuses the merge when the head moved
   * since secwg verified it. Already merged: nothing to do.
   */
  | { kind: "merge-pull"; issue: IssueTarget; sha: string; method: "merge" | "squash" | "rebase"; commitTitle: string; why: string }
  // --- security review ---
  /** Asks these people (by current login; `ids` for the log) to review a pull request. */
  | { kind: "request-reviewers"; issue: IssueTarget; logins: string[]; ids: number[]; why: string }
  // access
  | {
      kind: "ensure-team-membership";
      org: string;
      team: string;
      /** Identity is the id: an addition resolves the account's current login from it when applied. */
      user: AccessUser;
      present: boolean;
      why: string;
    }
  | {
      kind: "ensure-collaborator";
      repo: RepoTarget;
      user: AccessUser;
      present: boolean;
      /** The permission given when the person is added. */
      permission: "pull" | "triage" | "push" | "maintain";
      why: string;
    }
  | {
      kind: "ensure-advisory-collaborators";
      repo: RepoTarget;
      ghsaId: string;
      /** Applied to the advisory's collaborators as GitHub has them when applied; everyone else stays. */
      add: AccessUser[];
      remove: AccessUser[];
      why: string;
    }
  | {
      kind: "access-log-entry";
      /** The tracker: the entry is a comment on its access-log issue, found by `key`. */
      repo: RepoTarget;
      key: string;
      lines: string[];
      why: string;
    }
  // --- reports ---
  /** Sets these fields of a repository advisory (never its summary or description). */
  | { kind: "update-advisory"; repo: RepoTarget; ghsaId: string; patch: AdvisoryPatch; why: string }
  /** Asks GitHub, as the CNA, for the advisory's CVE id. */
  | { kind: "request-advisory-cve"; repo: RepoTarget; ghsaId: string; why: string }
  /** Creates the advisory's temporary private fork. */
  | { kind: "create-advisory-fork"; repo: RepoTarget; ghsaId: string; why: string };

/** A check run as secwg writes it (GitHub's field names). */
export interface CheckRunTarget {
  name: string;
  head_sha: string;
  external_id: string;
  status: "in_progress" | "completed";
  conclusion?: "success" | "failure" | "neutral" | "action_required";
  title: string;
  summary: string;
}

/** A person an access effect is about: the numeric id decides, the login is for display. */
export interface AccessUser {
  id: number;
  login: string;
}

export type Plan = Effect[];

function where(repo: RepoTarget): string {
  return `${repo.owner}/${repo.repo}`;
}

function thread(issue: IssueTarget): string {
  return `${issue.owner}/${issue.repo}#${issue.issue_number}`;
}

/**
 * One line per effect, for `--dry-run` and sweep reports: where and why, never a title or body
 * (they may be long, and a dry run's output goes to logs).
 */
export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case "ensure-issue":
      return `ensure issue in ${where(effect.repo)}${effect.state ? ` (${effect.state})` : ""}: ${effect.why}`;
    case "close-issue":
      return `close ${where(effect.repo)}#${effect.number}: ${effect.why}`;
    case "propose-file":
      return `open pull request in ${where(effect.repo)} adding ${effect.path}: ${effect.why}`;
    case "enable-private-vulnerability-reporting":
      return `enable private vulnerability reporting in ${where(effect.repo)}: ${effect.why}`;
    case "log":
      return `log (${effect.level}) ${where(effect.repo)}: ${effect.message}`;
    case "ensure-comment":
      return `ensure comment on ${thread(effect.issue)}: ${effect.why}`;
    case "update-comment":
      return `update comment ${effect.commentId} on ${thread(effect.issue)}: ${effect.why}`;
    case "ensure-labels":
      return `${[effect.add?.length ? `add label ${effect.add.join(", ")}` : "", effect.remove?.length ? `remove label ${effect.remove.join(", ")}` : ""].filter(Boolean).join(" and ")} on ${thread(effect.issue)}: ${effect.why}`;
    case "ensure-check-run":
      return `ensure check run ${effect.check.name} (${effect.check.status}${effect.check.conclusion ? `, ${effect.check.conclusion}` : ""}) on ${effect.check.head_sha.slice(0, 7)} in ${where(effect.repo)}: ${effect.why}`;
    case "close-pull":
      return `close ${thread(effect.issue)}: ${effect.why}`;
    case "ensure-log-entry":
      return `ensure log entry in ${where(effect.repo)}: ${effect.why}`;
    case "merge-pull":
      return `merge ${thread(effect.issue)} at ${effect.sha.slice(0, 7)}: ${effect.why}`;
    case "request-reviewers":
      return `request review of ${thread(effect.issue)} from user ids ${effect.ids.join(", ")}: ${effect.why}`;
    case "ensure-team-membership":
      return `${effect.present ? "add" : "remove"} ${effect.user.login} (id ${effect.user.id}) ${effect.present ? "to" : "from"} team ${effect.org}/${effect.team}: ${effect.why}`;
    case "ensure-collaborator":
      return `${effect.present ? "add" : "remove"} ${effect.user.login} (id ${effect.user.id}) ${effect.present ? "as a collaborator of" : "from the collaborators of"} ${where(effect.repo)}: ${effect.why}`;
    case "ensure-advisory-collaborators":
      return `change the collaborators of ${effect.ghsaId} in ${where(effect.repo)} (${[
        ...effect.add.map((u) => `+${u.login}`),
        ...effect.remove.map((u) => `-${u.login}`),
      ].join(", ")}): ${effect.why}`;
    case "access-log-entry":
      return `record ${effect.lines.length} access change(s) in the access log of ${where(effect.repo)}: ${effect.why}`;
    case "update-advisory":
      return `update ${Object.keys(effect.patch).join(", ")} of ${effect.ghsaId} in ${where(effect.repo)}: ${effect.why}`;
    case "request-advisory-cve":
      return `request a CVE for ${effect.ghsaId} in ${where(effect.repo)}: ${effect.why}`;
    case "create-advisory-fork":
      return `create the temporary private fork of ${effect.ghsaId} in ${where(effect.repo)}: ${effect.why}`;
  }
}

/** The plan as a dry run prints it, one `would …` line per effect. */
export function planLines(effects: readonly Effect[]): string[] {
  return effects.map((e) => `would ${describeEffect(e)}`);
}

/** The plan as one block of text for a dry run. */
export function renderPlan(effects: readonly Effect[]): string {
  return effects.length === 0 ? "nothing to do" : planLines(effects).join("\n");
}
