import { parseMarkers, renderMarker } from "../marker.js";
import { describeSeverity, type Advisory } from "./advisory.js";
import { formatInstant } from "./embargo.js";

/**
 * The tracker issue of one report, in the private tracker repository. Its title is only the GHSA
 * id and the repository: titles travel in notification e-mails and subject lines. The body holds
 * no advisory text either (no summary, no description, no versions); people follow the link to the
 * advisory, which GitHub shows only to those allowed to see it. See docs/reports.md.
 */
export const REPORT_MARKER_KIND = "report";
export const REPORT_REPO_MARKER_KIND = "report-repo";

export interface TrackerIssueInput {
  advisory: Pick<Advisory, "ghsaId" | "owner" | "repo" | "htmlUrl" | "severity">;
  reportedAt: string;
  ackDueAt: string;
  assignee: { login: string } | null;
  /** Why nobody was assigned, when nobody was. */
  unassignedReason?: string;
  requiredApprovals: number;
  preNotificationDays: number;
  timeZone: string;
}

export function reportMarker(ghsa: string): string {
  return renderMarker(REPORT_MARKER_KIND, ghsa);
}

export function trackerTitle(advisory: Pick<Advisory, "ghsaId" | "owner" | "repo">): string {
  return `${advisory.ghsaId} in ${advisory.owner}/${advisory.repo}`;
}

export function renderTrackerIssue(input: TrackerIssueInput): { title: string; body: string } {
  const { advisory } = input;
  const signers = input.requiredApprovals === 1 ? "one signer" : `${input.requiredApprovals} distinct signers`;
  const body = [
    reportMarker(advisory.ghsaId),
    renderMarker(REPORT_REPO_MARKER_KIND, `${advisory.owner}/${advisory.repo}`),
    `## Report ${advisory.ghsaId}`,
    "",
    "| | |",
    "|---|---|",
    `| Repository | \`${advisory.owner}/${advisory.repo}\` |`,
    `| Advisory | ${advisory.htmlUrl} |`,
    `| Severity as reported | ${describeSeverity(advisory.severity)} |`,
    `| Reported | ${formatInstant(input.reportedAt)} |`,
    `| Acknowledgement due | ${formatInstant(input.ackDueAt)} (working days in ${input.timeZone}) |`,
    `| Assignee | ${input.assignee ? `@${input.assignee.login}` : `nobody: ${input.unassignedReason ?? "no candidate"}`} |`,
    "",
    "The advisory's text stays in the advisory. Do not copy its summary, description or versions into this issue's title.",
    "",
    "### Process",
    `- [ ] Acknowledge the reporter by ${formatInstant(input.ackDueAt)}: \`/ack\``,
    "- [ ] Triage: `/triage valid`, `/triage invalid`, `/triage duplicate GHSA-…` or `/triage out-of-scope`",
    "- [ ] Severity `/severity high|moderate|low` (or `/cvss <vector>`), weakness `/cwe CWE-…`, credits `/credit @user <type>`",
    "- [ ] CVE: `/cve`",
    "- [ ] Fix in a temporary private fork: `/fork`",
    `- [ ] Release date: \`/embargo 2026-12-02T14:00Z\` (pre-notification ${input.preNotificationDays} days earlier)`,
    `- [ ] Sign-off by ${signers} (Chair, Co-Chair, Board Liaison): \`/approve\``,
    "- [ ] Publication at the release time (automatic once approved) or `/publish`",
    "",
    "`/status` shows where the report stands. Every accepted command is recorded below as a chained log entry (`secwg log verify`).",
  ].join("\n");
  return { title: trackerTitle(advisory), body };
}

/** The GHSA id and repository of the report an issue tracks, or null for any other issue. */
export function parseTrackerIssue(body: string | null | undefined): { ghsa: string; owner: string; repo: string } | null {
  const markers = parseMarkers(body);
  const ghsa = markers.find((m) => m.kind === REPORT_MARKER_KIND)?.key;
  const repo = markers.find((m) => m.kind === REPORT_REPO_MARKER_KIND)?.key;
  if (!ghsa || !repo) return null;
  const [owner, name, extra] = repo.split("/");
  if (!owner || !name || extra !== undefined) return null;
  return { ghsa, owner, repo: name };
}
