import { renderMarker } from "../marker.js";
import { inertText } from "../monitoring/markdown.js";
import type { Effect, RepoTarget } from "../effects.js";

/**
 * A repository's security basics, after OpenSSF Allstar's policies and Scorecard's Security-Policy
 * and Branch-Protection checks. Pure: the feature gathers the facts, this decides what to do.
 */
export const HYGIENE_CHECKS = ["security_policy", "private_vulnerability_reporting", "review_check", "labels"] as const;
export type HygieneCheck = (typeof HYGIENE_CHECKS)[number];
export type HygieneLevel = "off" | "log" | "issue" | "fix";

/**
 * `ok`: in place; `missing`: not in place; `unknown`: secwg could not read it (a permission the
 * organization did not grant, a 403 or 404), never counted as missing; `n/a`: does not apply.
 */
export type CheckState = "ok" | "missing" | "unknown" | "n/a";

export interface CheckResult {
  state: CheckState;
  /** secwg's own words (never text read from the repository). */
  detail?: string;
}

/** What GitHub says about one installed repository (from the installation's repository list or a payload). */
export interface HygieneRepo extends RepoTarget {
  id: number;
  private: boolean;
  archived: boolean;
  fork: boolean;
  defaultBranch: string;
}

export interface HygienePolicy {
  levels: Record<HygieneCheck, HygieneLevel>;
  /** Opted-out repository names (lower case) → recorded reason. */
  exclude: ReadonlyMap<string, string>;
  label: string;
  /** The private tracker, or null when the organization has none usable (issue level then only logs). */
  tracker: RepoTarget | null;
  /** The group's `SECURITY.md` template, or null when unreadable or unfit to publish (fix then acts like issue). */
  template: string | null;
}

export type Skip = { kind: "archived" } | { kind: "fork" } | { kind: "opted-out"; reason: string };

/** Archived repositories and forks are skipped, as is a repository opted out in `hygiene.exclude`. */
export function skipReason(repo: HygieneRepo, policy: Pick<HygienePolicy, "exclude">): Skip | null {
  if (repo.archived) return { kind: "archived" };
  if (repo.fork) return { kind: "fork" };
  const reason = policy.exclude.get(repo.repo.toLowerCase());
  return reason === undefined ? null : { kind: "opted-out", reason };
}

export function skipText(skip: Skip): string {
  return skip.kind === "opted-out" ? `opted out: ${inertText(skip.reason, 300)}` : skip.kind;
}

export const HYGIENE_MARKER_KIND = "hygiene-repo";

/** Keyed by the repository's numeric id: a rename or transfer keeps the same issue. */
export function hygieneMarker(repoId: number): string {
  return renderMarker(HYGIENE_MARKER_KIND, String(repoId));
}

export const SECURITY_POLICY_BRANCH = "secwg/security-policy";

/** What each missing check means, in secwg's fixed words: the only text a hygiene issue or log line carries. */
const MISSING: Record<HygieneCheck, string> = {
  security_policy: "No security policy: no `SECURITY.md` at the root, in `.github/` or in `docs/`, and none inherited from the organization's public `.github` repository.",
  private_vulnerability_reporting: "Private vulnerability reporting is not enabled.",
  review_check: "The default branch's protection or rulesets do not require the `secwg / security review` check.",
  labels: "A label secwg uses is missing.",
};

export const CHECK_TITLES: Record<HygieneCheck, string> = {
  security_policy: "security policy",
  private_vulnerability_reporting: "private vulnerability reporting",
  review_check: "review check required",
  labels: "labels",
};

export interface TrackedHygieneIssue {
  number: number;
  state: "open" | "closed";
  title: string;
  body: string;
}

export interface HygienePlanInput {
  repo: HygieneRepo;
  /** Null when the repository is skipped. */
  results: Record<HygieneCheck, CheckResult> | null;
  skip: Skip | null;
  policy: HygienePolicy;
  /** secwg's hygiene issue for this repository in the tracker, if any. */
  existing: TrackedHygieneIssue | undefined;
}

function rank(level: HygieneLevel): number {
  return { off: 0, log: 1, issue: 2, fix: 3 }[level];
}

export function renderHygieneIssue(repo: HygieneRepo, missing: HygieneCheck[]): { title: string; body: string } {
  const name = `${inertText(repo.owner, 39)}/${inertText(repo.repo, 100)}`;
  const title = `Security basics missing in ${name}`;
  const body = [
    hygieneMarker(repo.id),
    `secwg's hygiene check found what is missing in ${name} (repository id ${repo.id}). This issue is updated in place and closed once everything is in place; to stop checking a repository, add it to \`hygiene.exclude\` with the reason.`,
    "",
    ...missing.map((c) => `- [ ] **${CHECK_TITLES[c]}**: ${MISSING[c]}`),
  ].join("\n");
  return { title, body };
}

export function renderClosedHygieneIssue(repo: HygieneRepo, why: string): { title: string; body: string } {
  const name = `${inertText(repo.owner, 39)}/${inertText(repo.repo, 100)}`;
  return {
    title: `Security basics in place in ${name}`,
    body: [hygieneMarker(repo.id), `secwg's hygiene check of ${name} (repository id ${repo.id}): ${why}.`].join("\n"),
  };
}

/** The pull request `fix` opens for a missing security policy: fixed text only, nothing from the tracker. */
export function securityPolicyProposal(template: string): { branch: string; path: string; content: string; commitMessage: string; title: string; body: string } {
  return {
    branch: SECURITY_POLICY_BRANCH,
    path: "SECURITY.md",
    content: template,
    commitMessage: "docs: add a security policy",
    title: "Add a security policy (SECURITY.md)",
    body: "This adds the security working group's security policy, which tells people how to report a vulnerability privately. Proposed by secwg; edit it as you see fit before merging.",
  };
}

/**
 * The plan for one repository:
 * - a skipped repository (archived, fork, opted out) gets nothing, and an open hygiene issue of
 *   it is closed as not planned;
 * - each missing check at `log` or above is logged (secwg's words only);
 * - the checks at `issue` or `fix` that are missing are listed in one issue per repository in the
 *   private tracker, updated in place, reopened when something goes missing again, closed as
 *   completed once all are in place (an issue that already says so is not touched);
 * - `fix` adds a pull request with the group's `SECURITY.md` template (never when the template is
 *   unavailable) and enables private vulnerability reporting (public repositories only: GitHub
 *   offers it nowhere else). `review_check` and `labels` at `fix` act like `issue`: secwg never
 *   changes protection or another repository's labels.
 * An unchanged repository gets an empty plan: nothing is written.
 */
export function planHygiene(input: HygienePlanInput): Effect[] {
  const { repo, results, skip, policy, existing } = input;
  const target: RepoTarget = { owner: repo.owner, repo: repo.repo };
  const plan: Effect[] = [];
  const tracker = policy.tracker;
  const marker = hygieneMarker(repo.id);
  if (skip || !results) {
    if (tracker && existing && existing.state === "open") plan.push({ kind: "close-issue", repo: tracker, number: existing.number, reason: "not_planned", why: `${repo.owner}/${repo.repo} is ${skip ? skipText(skip) : "not checked"}` });
    return plan;
  }
  const missing = HYGIENE_CHECKS.filter((c) => results[c].state === "missing" && rank(policy.levels[c]) >= rank("log"));
  for (const c of missing) plan.push({ kind: "log", level: "info", repo: target, message: `hygiene: ${CHECK_TITLES[c]} missing`, why: MISSING[c] });

  const tracked = missing.filter((c) => rank(policy.levels[c]) >= rank("issue"));
  if (tracker) {
    if (tracked.length > 0) {
      const { title, body } = renderHygieneIssue(repo, tracked);
      const same = existing !== undefined && existing.title === title && existing.body === body && existing.state === "open";
      if (!same) plan.push({ kind: "ensure-issue", repo: tracker, marker, labels: [policy.label], findByLabel: policy.label, title, body, state: "open", why: `${repo.owner}/${repo.repo} lacks ${tracked.map((c) => CHECK_TITLES[c]).join(", ")}` });
    } else if (existing && existing.state === "open") {
      const { title, body } = renderClosedHygieneIssue(repo, "everything checked at issue level is in place");
      plan.push({ kind: "ensure-issue", repo: tracker, marker, labels: [policy.label], findByLabel: policy.label, title, body, state: "closed", stateReason: "completed", why: `${repo.owner}/${repo.repo} has its security basics in place` });
    }
  }

  if (results.security_policy.state === "missing" && policy.levels.security_policy === "fix" && policy.template !== null) {
    plan.push({ kind: "propose-file", repo: target, ...securityPolicyProposal(policy.template), why: "no security policy" });
  }
  if (results.private_vulnerability_reporting.state === "missing" && policy.levels.private_vulnerability_reporting === "fix" && !repo.private) {
    plan.push({ kind: "enable-private-vulnerability-reporting", repo: target, why: "private vulnerability reporting is off" });
  }
  return plan;
}

/** Largest template `fix` proposes; a bigger file is not a security policy. */
export const MAX_TEMPLATE_BYTES = 64 * 1024;

/**
 * The template is published in every repository `fix` touches, public ones included: it must be
 * the group's public-facing policy, so a file carrying one of secwg's markers (i.e. something
 * copied from a tracker issue or comment) or too large to be a policy is refused.
 */
export function fitTemplate(text: string | null): string | null {
  if (text === null || text.trim() === "") return null;
  if (Buffer.byteLength(text, "utf8") > MAX_TEMPLATE_BYTES) return null;
  if (/<!--\s*secwg:/i.test(text)) return null;
  return text;
}

/** Whether a list of required status check contexts includes the review gate. */
export function requiresCheck(contexts: readonly string[], name: string): boolean {
  return contexts.includes(name);
}
