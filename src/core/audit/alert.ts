import { parseMarkers, renderMarker } from "../marker.js";
import type { AuditRow } from "./audit.js";

/**
 * The weekly audit's one issue in the private tracker. GitHub is the only state, so this issue is
 * also the record of which ISO week was audited last (a hidden `audit-week` marker): the sweep
 * audits when the week in it is not the current one, so the audit runs once a week however often
 * the sweep runs.
 *
 * - Something disagrees: the issue is open and lists each disagreement by kind, subject (vote
 *   target, GHSA id, tracker issue), date and code — never advisory text, never a detail string.
 * - All agree: the issue is closed (created closed on a first clean audit, so the week is recorded).
 * - The same week again: nothing is read beyond this issue and nothing is written.
 *
 * Updating the audited week is the one write a week an unchanged result costs.
 */

export const AUDIT_ALERT_LABEL = "secwg: audit";
export const AUDIT_ALERT_MARKER = renderMarker("audit-alert", "all");
const WEEK_KIND = "audit-week";

/** ISO 8601 week of `date` in UTC, as `2026-W07`. */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

const ALL_AGREE = "Nothing to do. `secwg audit --org ORG` prints every decision.";

/**
 * Whether the alert issue says `week` was audited and is in the state that audit left it in. An
 * all-agree alert is created, then closed (two requests): one still open had its close interrupted,
 * so the week is not finished and the next sweep audits again and closes it.
 */
export function auditFinished(issue: { body: string; state: "open" | "closed" }, week: string): boolean {
  return auditedWeek(issue.body) === week && !(issue.state === "open" && issue.body.includes(ALL_AGREE));
}

/** The week recorded in the alert issue's body, or null. */
export function auditedWeek(body: string | null | undefined): string | null {
  return parseMarkers(body).find((m) => m.kind === WEEK_KIND)?.key ?? null;
}

export interface AlertIssue {
  marker: string;
  title: string;
  body: string;
  labels: string[];
  state: "open" | "closed";
}

/** The alert issue as it should be after auditing `week`. */
export function planAuditAlert(rows: readonly AuditRow[], week: string): AlertIssue {
  const disagreements = rows.filter((r) => r.verdict === "disagrees");
  const unverifiable = rows.filter((r) => r.verdict === "cannot-verify").length;
  const head = [AUDIT_ALERT_MARKER, renderMarker(WEEK_KIND, week)];
  const summary = `${rows.length} decisions audited in ${week}: ${rows.length - disagreements.length - unverifiable} agree, ${disagreements.length} disagree, ${unverifiable} cannot be verified.`;
  if (disagreements.length === 0) {
    return {
      marker: AUDIT_ALERT_MARKER,
      title: "Audit: every decision agrees with the record",
      body: [...head, summary, "", ALL_AGREE].join("\n"),
      labels: [AUDIT_ALERT_LABEL],
      state: "closed",
    };
  }
  const lines = disagreements.map((r) => `| ${r.kind} | \`${r.subject}\` | ${r.at ?? "—"} | \`${r.code}\` |`);
  return {
    marker: AUDIT_ALERT_MARKER,
    title: `Audit: ${disagreements.length} ${disagreements.length === 1 ? "decision disagrees" : "decisions disagree"} with the record`,
    body: [
      ...head,
      "For the signers: the weekly audit recomputed secwg's decisions from GitHub and some do not follow from the record.",
      "",
      summary,
      "",
      "| kind | subject | at | disagreement |",
      "|---|---|---|---|",
      ...lines,
      "",
      "Run `secwg audit --org ORG` for the reasons. This issue closes by itself once every decision agrees again.",
    ].join("\n"),
    labels: [AUDIT_ALERT_LABEL],
    state: "open",
  };
}
