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
  const { title, body } = renderAdvisoryIssue(advisory, found);
  const marker = advisoryMarker(advisory.ghsaId);
  const base = { kind: "ensure-issue" as const, repo: tracker, marker, labels: [label], findByLabel: label, title, body };
  const same = existing !== undefined && existing.title === title && existing.body === body;
  if (advisory.withdrawnAt) {
    if (!existing || (same && existing.state === "closed")) return [];
    return [{ ...base, state: "closed", stateReason: "not_planned", why: `${advisory.ghsaId} was withdrawn` }];
  }
  if (!matters(found)) {
    if (!existing || (same && existing.state === "closed")) return [];
    return [{ ...base, state: "closed", stateReason: "completed", why: `${advisory.ghsaId} no longer affects the stated versions` }];
  }
  if (same) return [];
  return [{ ...base, why: existing ? `${advisory.ghsaId} changed` : `${advisory.ghsaId} affects a watched package` }];
}
