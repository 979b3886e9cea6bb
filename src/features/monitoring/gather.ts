import { gatherConfig } from "../policy/gather.js";
import { resolveRepo } from "../../core/repositories.js";
import type { SecwgConfig } from "../../config/schema.js";
import type { TrackedIssue, WatchedPackage } from "../../core/monitoring/advisory-plan.js";
import type { AlertPolicy } from "../../core/monitoring/alerts.js";
import { parseMarkers } from "../../core/marker.js";
import { GitHubError } from "../../errors.js";
import type { Gateway, RepoRef } from "../../github/gateway.js";

/** What every monitoring decision reads: the org policy, the private tracker and secwg's issues in it. */
export interface MonitorInputs {
  owner: string;
  config: SecwgConfig;
  tracker: RepoRef;
  /** secwg's monitoring issues in the tracker, by marker (`<!-- secwg:monitor-…:KEY -->`). */
  issues: Map<string, TrackedIssue>;
}

/** `problem`: the policy or tracker needs a person's attention (reported as a sweep error). */
export type Gathered = { kind: "ok"; inputs: MonitorInputs } | { kind: "skip"; reason: string; problem: boolean };

/**
 * The org-level policy (`.github/secwg.yml` of the account's `.github` repository, the same file
 * the reports sweep reads), the tracker it names, refused unless private (alerts and advisories
 * are pre-disclosure information), and the issues monitoring already opened there: one
 * conditional list by label, so an unchanged tracker costs nothing.
 */
export async function gatherMonitorInputs(gateway: Gateway, owner: string): Promise<Gathered> {
  const policy = await gatherConfig(gateway, { owner });
  if (!policy.ok) return { kind: "skip", reason: `configuration unusable (${policy.problem.code})`, problem: true };
  const config = policy.value;
  const tracker = resolveRepo(config.group.tracker, owner);
  try {
    if (!(await gateway.getRepository(tracker)).private) return { kind: "skip", reason: `tracker ${tracker.owner}/${tracker.repo} is public; monitoring writes only to a private tracker`, problem: true };
  } catch (error) {
    if (error instanceof GitHubError && error.status === 404) return { kind: "skip", reason: `no tracker repository ${tracker.owner}/${tracker.repo} in this installation`, problem: false };
    throw error;
  }
  const { data } = await gateway.listIssuesWithLabel(tracker, config.monitor.label);
  const issues = new Map<string, TrackedIssue>();
  for (const issue of [...data].sort((a, b) => a.number - b.number)) {
    const marker = parseMarkers(issue.body.split("\n", 1)[0]).find((m) => m.kind.startsWith("monitor-"));
    const key = marker ? `<!-- secwg:${marker.kind}:${marker.key} -->` : null;
    if (key && !issues.has(key)) issues.set(key, issue);
  }
  return { kind: "ok", inputs: { owner, config, tracker, issues } };
}

export function watchedPackages(config: SecwgConfig): WatchedPackage[] {
  return config.monitor.packages.map((p) => ({ ecosystem: p.ecosystem, name: p.name, versions: p.versions }));
}

export function alertPolicy(config: SecwgConfig): AlertPolicy {
  const a = config.monitor.alerts;
  return {
    enabled: { dependabot: a.dependabot, "code-scanning": a.code_scanning, "secret-scanning": a.secret_scanning },
    minSeverity: a.min_severity,
    exclude: a.exclude,
  };
}
