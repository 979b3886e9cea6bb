import { renderMarker } from "../marker.js";
import type { Effect, RepoTarget } from "../effects.js";
import { packageKey, type AffectedPackage, type GlobalAdvisory } from "./advisory.js";
import { inertText, timestamp } from "./markdown.js";
import { inAnyRange, type Affected } from "./versions.js";

/** A package the project depends on or ships (`monitor.packages`). */
export interface WatchedPackage {
  ecosystem: string;
  name: string;
  /** The versions the project uses now; empty when not stated (every advisory is then tracked). */
  versions: string[];
}

/** One of secwg's tracker issues as listed (by label). */
export interface TrackedIssue {
  number: number;
  state: "open" | "closed";
  title: string;
  body: string;
}

/** Where a monitored finding's issue lives and what it should say; `state` omitted: the state people gave it stays. */
export interface TrackerIssueTarget {
  tracker: RepoTarget;
  label: string;
  marker: string;
  existing: TrackedIssue | undefined;
  title: string;
  body: string;
  state?: "open" | "closed";
  stateReason?: "completed" | "not_planned";
  why: string;
}

/**
 * The one planner of monitoring's tracker issues (alerts and advisories): an `ensure-issue` found
 * by marker among the label's issues, or nothing when the issue already has this title and body
 * (and this state, when one is wanted).
 */
export function planTrackerIssue(target: TrackerIssueTarget): Effect[] {
  const { tracker, label, marker, existing, title, body, state, stateReason, why } = target;
  if (existing && existing.title === title && existing.body === body && (state === undefined || existing.state === state)) return [];
  return [{ kind: "ensure-issue", repo: tracker, marker, labels: [label], findByLabel: label, title, body, ...(state ? { state } : {}), ...(stateReason ? { stateReason } : {}), why }];
}

export interface AdvisoryPlanInput {
  advisory: GlobalAdvisory;
  packages: WatchedPackage[];
  /** The tracker issue carrying this advisory's marker, if any. */
  existing: TrackedIssue | undefined;
  tracker: RepoTarget;
  label: string;
}

export const ADVISORY_MARKER_KIND = "monitor-advisory";

export function advisoryMarker(ghsaId: string): string {
  return renderMarker(ADVISORY_MARKER_KIND, ghsaId);
}

interface PackageFinding {
  watched: WatchedPackage;
  ranges: AffectedPackage[];
  /** Per current version; empty when the configuration names none. */
  versions: Array<{ version: string; status: Affected }>;
}

function findings(advisory: GlobalAdvisory, packages: WatchedPackage[]): PackageFinding[] {
  const out: PackageFinding[] = [];
  for (const watched of packages) {
    const key = packageKey(watched.ecosystem, watched.name);
    const ranges = advisory.vulnerabilities.filter((v) => packageKey(v.ecosystem, v.name) === key);
    if (ranges.length === 0) continue;
    const versions = watched.versions.map((version) => ({
      version,
      status: inAnyRange(watched.ecosystem, version, ranges.map((r) => r.range)),
    }));
    out.push({ watched, ranges, versions });
  }
  return out;
}

/** Tracked unless every stated version of every matching package is known to be outside the ranges. */
function matters(found: PackageFinding[]): boolean {
  return found.some((f) => f.versions.length === 0 || f.versions.some((v) => v.status !== "not-affected"));
}

const STATUS_TEXT: Record<Affected, string> = {
  affected: "**affected**",
  "not-affected": "not affected",
  unknown: "unknown (not evaluated for this ecosystem or version)",
};

export function renderAdvisoryIssue(advisory: GlobalAdvisory, found: PackageFinding[]): { title: string; body: string } {
  const names = [...new Set(found.map((f) => f.watched.name))].map((n) => inertText(n, 60)).join(", ");
  const title = `${advisory.ghsaId}${advisory.cveId ? ` (${advisory.cveId})` : ""} affects ${names}`;
  const lines = [
    advisoryMarker(advisory.ghsaId),
    `**Advisory:** https://github.com/advisories/${advisory.ghsaId}${advisory.cveId ? ` · ${advisory.cveId}` : ""}`,
    `**Severity:** ${advisory.severity ?? "not stated"}`,
    `**Summary (as published, not written by secwg):** ${inertText(advisory.summary)}`,
    `**Last updated by GitHub:** ${timestamp(advisory.updatedAt)}`,
  ];
  if (advisory.withdrawnAt) lines.push(`**Withdrawn by GitHub on ${timestamp(advisory.withdrawnAt)}**: closed by secwg.`);
  lines.push("", "| package | affected versions | first patched | our versions |", "|---|---|---|---|");
  for (const f of found) {
    const ours = f.versions.length === 0 ? "not stated in `monitor.packages`" : f.versions.map((v) => `${inertText(v.version, 40)}: ${STATUS_TEXT[v.status]}`).join("<br>");
    for (const r of f.ranges) {
      lines.push(`| ${inertText(f.watched.ecosystem, 20)}: ${inertText(f.watched.name, 80)} | ${inertText(r.range, 80)} | ${r.patched ? inertText(r.patched, 40) : "none yet"} | ${ours} |`);
    }
  }
  return { title, body: lines.join("\n") };
}

/**
 * The tracker issue an advisory should have: opened when it affects a watched package (and one of
 * the stated current versions, when versions are stated), updated when GitHub updates the
 * advisory, closed when GitHub withdraws it or the stated versions leave its ranges. An issue a
 * person closed is updated but never reopened by an advisory.
 */
export function planAdvisory(input: AdvisoryPlanInput): Effect[] {
  const { advisory, existing, tracker, label } = input;
  const found = findings(advisory, input.packages);
  if (found.length === 0) return [];
  const issue = { tracker, label, marker: advisoryMarker(advisory.ghsaId), existing, ...renderAdvisoryIssue(advisory, found) };
  // A withdrawn advisory, or one that no longer affects the stated versions, closes its issue (if it has one).
  if (advisory.withdrawnAt) return existing ? planTrackerIssue({ ...issue, state: "closed", stateReason: "not_planned", why: `${advisory.ghsaId} was withdrawn` }) : [];
  if (!matters(found)) return existing ? planTrackerIssue({ ...issue, state: "closed", stateReason: "completed", why: `${advisory.ghsaId} no longer affects the stated versions` }) : [];
  return planTrackerIssue({ ...issue, why: existing ? `${advisory.ghsaId} changed` : `${advisory.ghsaId} affects a watched package` });
}
