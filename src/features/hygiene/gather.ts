import { gatherConfig } from "../policy/gather.js";
import { resolveRepo } from "../../core/repositories.js";
import type { SecwgConfig } from "../../config/schema.js";
import {
  fitTemplate,
  HYGIENE_CHECKS,
  HYGIENE_MARKER_KIND,
  requiresCheck,
  type CheckResult,
  type HygieneCheck,
  type HygienePolicy,
  type HygieneRepo,
  type TrackedHygieneIssue,
} from "../../core/hygiene/checks.js";
import { parseMarkers } from "../../core/marker.js";
import { REVIEW_CHECK_NAME } from "../../core/review/review-gate.js";
import { GitHubError } from "../../errors.js";
import type { Gateway, RepoRef } from "../../github/gateway.js";

/** What every hygiene decision of one organization reads once: the org policy, the tracker, secwg's hygiene issues. */
export interface HygieneInputs {
  owner: string;
  config: SecwgConfig;
  policy: HygienePolicy;
  /** secwg's hygiene issues in the tracker, by repository id. */
  issues: Map<number, TrackedHygieneIssue>;
  /** Why issues cannot be written (tracker public or absent), for the report; null when they can. */
  trackerProblem: string | null;
  /** Whether the organization's public `.github` repository has a security policy (read once, on demand). */
  orgPolicy?: Promise<boolean>;
}

export type GatheredHygiene = { kind: "ok"; inputs: HygieneInputs } | { kind: "skip"; reason: string };

/** Where GitHub looks for a repository's security policy, in its order. */
export const SECURITY_POLICY_PATHS = ["SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md"] as const;

/**
 * The org-level policy (`.github/secwg.yml` of the account's `.github` repository, never a
 * repository's own file: a repository cannot change how it is checked), the private tracker (a
 * public one, or none, turns `issue` into `log`: a hygiene issue lists a repository's weaknesses),
 * secwg's hygiene issues there (one conditional list by label), and, when `fix` may propose a
 * security policy, the template from the group repository.
 */
export async function gatherHygieneInputs(gateway: Gateway, owner: string): Promise<GatheredHygiene> {
  const policy = await gatherConfig(gateway, { owner });
  if (!policy.ok) return { kind: "skip", reason: `configuration unusable (${policy.problem.code})` };
  const config = policy.value;
  const h = config.hygiene;
  const named = resolveRepo(config.group.tracker, owner);
  let tracker: RepoRef | null = named;
  let trackerProblem: string | null = null;
  try {
    if (!(await gateway.getRepository(named)).private) {
      trackerProblem = `tracker ${named.owner}/${named.repo} is public; hygiene issues are written only to a private tracker`;
      tracker = null;
    }
  } catch (error) {
    if (!(error instanceof GitHubError && error.status === 404)) throw error;
    trackerProblem = `no tracker repository ${named.owner}/${named.repo} in this installation`;
    tracker = null;
  }
  const issues = new Map<number, TrackedHygieneIssue>();
  const wantsIssues = HYGIENE_CHECKS.some((c) => h[c] === "issue" || h[c] === "fix");
  if (tracker && wantsIssues) {
    const { data } = await gateway.listIssuesWithLabel(tracker, h.label);
    for (const issue of [...data].sort((a, b) => a.number - b.number)) {
      const marker = parseMarkers(issue.body.split("\n", 1)[0]).find((m) => m.kind === HYGIENE_MARKER_KIND);
      const id = marker ? Number(marker.key) : NaN;
      if (Number.isSafeInteger(id) && !issues.has(id)) issues.set(id, issue);
    }
  }
  let template: string | null = null;
  if (h.security_policy === "fix") template = fitTemplate(await gateway.readFile(resolveRepo(config.group.repo, owner), h.template));
  const levels = Object.fromEntries(HYGIENE_CHECKS.map((c) => [c, h[c]])) as HygienePolicy["levels"];
  return {
    kind: "ok",
    inputs: {
      owner,
      config,
      policy: { levels, exclude: new Map(h.exclude.map((e) => [e.repo.toLowerCase(), e.reason])), label: h.label, tracker, template },
      issues,
      trackerProblem,
    },
  };
}

async function hasSecurityPolicy(gateway: Gateway, repo: RepoRef): Promise<boolean> {
  for (const path of SECURITY_POLICY_PATHS) if ((await gateway.readFile(repo, path)) !== null) return true;
  return false;
}

/**
 * GitHub shows the organization's policy in every repository without one only when the
 * organization's `.github` repository is public.
 * @see https://docs.github.com/en/communities/setting-up-your-project-for-healthy-contributions/creating-a-default-community-health-file
 */
async function orgHasSecurityPolicy(gateway: Gateway, owner: string): Promise<boolean> {
  const dotGithub = { owner, repo: ".github" };
  try {
    if ((await gateway.getRepository(dotGithub)).private) return false;
  } catch (error) {
    if (error instanceof GitHubError && error.status === 404) return false;
    throw error;
  }
  return hasSecurityPolicy(gateway, dotGithub);
}

/**
 * Reads what each enabled check needs, and nothing for a check that is `off` or does not apply.
 * Every read is a conditional GET of a resource that rarely changes, so checking an unchanged,
 * compliant repository again costs no rate limit.
 */
export async function checkRepository(gateway: Gateway, inputs: HygieneInputs, repo: HygieneRepo): Promise<Record<HygieneCheck, CheckResult>> {
  const { levels } = inputs.policy;
  const review = inputs.config.review;
  const ref = { owner: repo.owner, repo: repo.repo };
  const results = {} as Record<HygieneCheck, CheckResult>;

  if (levels.security_policy === "off") results.security_policy = { state: "n/a" };
  else if (await hasSecurityPolicy(gateway, ref)) results.security_policy = { state: "ok" };
  else {
    inputs.orgPolicy ??= orgHasSecurityPolicy(gateway, repo.owner);
    results.security_policy = (await inputs.orgPolicy) ? { state: "ok", detail: "inherited from the organization" } : { state: "missing" };
  }

  if (levels.private_vulnerability_reporting === "off") results.private_vulnerability_reporting = { state: "n/a" };
  else if (repo.private) results.private_vulnerability_reporting = { state: "n/a", detail: "offered for public repositories only" };
  else {
    const enabled = await gateway.getPrivateVulnerabilityReporting(ref);
    results.private_vulnerability_reporting = enabled === null ? { state: "unknown", detail: "needs administration: read" } : { state: enabled ? "ok" : "missing" };
  }

  if (levels.review_check === "off" || !review.enabled) results.review_check = { state: "n/a" };
  else {
    const required = await gateway.getRequiredStatusChecks(ref, repo.defaultBranch);
    results.review_check = required === null ? { state: "unknown", detail: "branch rules not readable" } : { state: requiresCheck(required, REVIEW_CHECK_NAME) ? "ok" : "missing" };
  }

  if (levels.labels === "off" || !review.enabled) results.labels = { state: "n/a" };
  else {
    const { data } = await gateway.listLabelNames(ref);
    const want = review.label.toLowerCase();
    results.labels = { state: data.some((l) => l.toLowerCase() === want) ? "ok" : "missing" };
  }
  return results;
}
