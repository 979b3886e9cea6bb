import { escapeUntrusted } from "../markdown-escape.js";
import { describeSeverity, type Advisory } from "./advisory.js";
import { shortHash, type ApprovalStatus } from "./approval.js";
import { formatInstant } from "./embargo.js";
import { entryMarker, renderRecord, type LogRecord } from "./report-log.js";
import type { Phase, ReportFacts } from "./report-state.js";
import { isAckOverdue } from "./ack-deadline.js";

/**
 * Someone secwg asks to act: `login` is what their roster id resolves to now (`GET /user/{id}`),
 * null when no account has that id any more (then they are named by id and not notified).
 */
export interface Addressee {
  id: number;
  login: string | null;
}

/** `@login` for a resolved addressee; an unresolved one is named by id, so the reader knows. */
export function mention(person: Addressee): string {
  return person.login ? `@${person.login}` : `(member with id ${person.id}: account not found, not notified)`;
}

function mentionAll(people: readonly Addressee[], fallback: string): string {
  return people.length > 0 ? people.map(mention).join(" ") : fallback;
}

/**
 * Text secwg writes in the private tracker. Nothing here reads an advisory's summary or
 * description; the pre-notification is the one message that carries affected versions, and it is
 * only ever posted to the private tracker.
 */

function describeEntry(record: LogRecord, extra: { releaseTeam?: string | undefined; requiredApprovals: number }): string[] {
  const d = record.data;
  // The actor wrote the command; named, not mentioned (nobody is asked to do anything).
  const who = escapeUntrusted(record.actor.login);
  switch (record.event) {
    case "reported":
      return [
        `Report received from \`${String(d.repo)}\` at ${formatInstant(String(d.reportedAt))}. Acknowledgement due ${formatInstant(String(d.ackDueAt))}.`,
        d.assigneeLogin ? `Assigned to @${String(d.assigneeLogin)}.` : "Nobody could be assigned; the Chair should assign someone.",
      ];
    case "acknowledged":
      return [`Acknowledged by ${who}.`];
    case "triaged":
      if (d.outcome === "valid") return [`Triaged as **valid** by ${who}: the advisory is now a draft.`];
      return [
        `Triaged as **${String(d.outcome)}**${d.duplicateOf ? ` of ${String(d.duplicateOf)}` : ""} by ${who}: the advisory is closed and so is this issue.`,
      ];
    case "severity-set":
      return [d.cvss ? `CVSS vector set to \`${String(d.cvss)}\` by ${who}.` : `Severity set to **${String(d.severity)}** by ${who}.`];
    case "cwe-set":
      return [`Weaknesses are now ${(d.cweIds as string[]).map((c) => `\`${c}\``).join(", ")} (${who}).`];
    case "credit-added":
      return [`Credit added: ${escapeUntrusted(String(d.login))} as ${String(d.type).replace(/_/g, " ")} (${who}).`];
    case "cve-requested":
      return [`CVE requested from GitHub by ${who}. GitHub adds the id to the advisory once assigned.`];
    case "cve-recorded":
      return [`CVE id \`${String(d.cveId)}\` recorded by ${who}.`];
    case "fork-created":
      return [`Temporary private fork for the fix: ${String(d.url)} (${who}). Forking takes up to a few minutes.`];
    case "embargo-set":
      return [
        `Release set to **${formatInstant(String(d.releaseAt))}** by ${who}. Pre-notification text will be posted here at ${formatInstant(String(d.preNotifyAt))}.`,
        ...(d.shortNotice ? ["⚠️ That is less notice than the configured pre-notification period: the text is posted at the next sweep."] : []),
        "",
        ...renderReleaseChecklist(String(d.releaseAt), extra.releaseTeam),
      ];
    case "approved":
      return [
        `Approved by ${who} for content \`${shortHash(String(d.hash))}\` (${String(d.validCount ?? 1)} of ${extra.requiredApprovals} signer(s)).`,
        "An edit to the summary, description, severity or versions after this point invalidates the approval.",
      ];
    case "published":
      return [`Published (${String(d.by ?? "secwg")}) at ${formatInstant(String(d.publishedAt))}. Resolution: fixed and disclosed.`];
  }
}

/** A log entry comment: marker, human text, hidden chained record. */
export function renderLogEntry(record: LogRecord, extra: { releaseTeam?: string | undefined; requiredApprovals: number; note?: string }): string {
  return [
    entryMarker(record.ghsa, record.key),
    `**Log #${record.seq}** · ${record.event} · ${formatInstant(record.at)}`,
    "",
    ...describeEntry(record, extra),
    ...(extra.note ? ["", extra.note] : []),
    "",
    renderRecord(record),
  ].join("\n");
}

export function renderReleaseChecklist(releaseAt: string, releaseTeam: string | undefined): string[] {
  const team = releaseTeam ? (releaseTeam.startsWith("@") ? releaseTeam : `@${releaseTeam}`) : "the release team";
  return [
    `#### Release checklist for ${team}`,
    `- [ ] Prepare patched releases in the temporary private fork (do not push the fix to a public branch)`,
    `- [ ] Announce only the date (${formatInstant(releaseAt)}) and severity publicly in advance, never the details`,
    "- [ ] Chair sends the pre-notification when secwg posts it here",
    "- [ ] Merge the fix and tag the releases at the release time",
    "- [ ] Confirm the advisory is published and the archive pull request is merged",
  ];
}

/** The acknowledgement the assignee sends the reporter when secwg cannot comment on the advisory. */
export function renderAckTemplate(ghsa: string, ackedBy: string): string {
  return [
    `@${ackedBy} please send the reporter this acknowledgement on the advisory (${ghsa}):`,
    "",
    "> Thank you for your report. We have received it and will investigate. We will keep you informed on this advisory, and",
    "> ask that you keep the details private until a fix is released.",
  ].join("\n");
}

export function renderAckReminder(facts: ReportFacts, assignee: Addressee | null): string {
  const who = assignee ? mention(assignee) : "Assignee";
  return `${who} the acknowledgement of ${facts.ghsa} was due ${facts.ackDueAt ? formatInstant(facts.ackDueAt) : "now"}. Please acknowledge the reporter and run \`/ack\`.`;
}

export function renderAckEscalation(facts: ReportFacts, chairs: readonly Addressee[]): string {
  const to = mentionAll(chairs, "Chair and Co-Chair");
  return `${to} ${facts.ghsa} is overdue: acknowledgement was due ${facts.ackDueAt ? formatInstant(facts.ackDueAt) : "earlier"} and nobody has run \`/ack\`. Please take it over or reassign.`;
}

/** Pre-notification text for the Chair to send to the private list: date, severity, affected versions, CVE. */
export function renderPreNotification(advisory: Advisory, facts: ReportFacts, chairs: readonly Addressee[]): string {
  const to = mentionAll(chairs, "Chair");
  const releaseAt = facts.embargo ? formatInstant(facts.embargo.releaseAt) : "(not set)";
  return [
    `${to} it is time to send the pre-notification for ${advisory.ghsaId}. Copy the text below to the private pre-notification list; add the details from the advisory itself.`,
    "",
    "```text",
    `Security release: ${advisory.owner}/${advisory.repo}`,
    `Release date: ${releaseAt}`,
    `Severity: ${describeSeverity(advisory.severity)}`,
    `CVE: ${advisory.cveId ?? "pending"}`,
    `Advisory: ${advisory.ghsaId}`,
    "Affected versions:",
    ...(advisory.vulnerabilities.length > 0
      ? advisory.vulnerabilities.map((v) => `  - ${v.ecosystem} ${v.name ?? ""}: ${v.vulnerableVersionRange ?? "unknown"} (patched: ${v.patchedVersions ?? "pending"})`)
      : ["  - not yet recorded in the advisory"]),
    "This information is under embargo until the release date. Do not share it further.",
    "```",
  ].join("\n");
}

export function renderPublishBlocked(facts: ReportFacts, status: ApprovalStatus, signers: readonly Addressee[]): string {
  const to = mentionAll(signers, "Signers");
  return [
    `${to} the release time of ${facts.ghsa} (${facts.embargo ? formatInstant(facts.embargo.releaseAt) : "?"}) has passed, but secwg did **not** publish it:`,
    "",
    ...describeApprovalGap(status),
    "",
    "Approve the advisory as it reads now (`/approve`); secwg publishes at the next sweep, or run `/publish`.",
  ].join("\n");
}

export function renderApprovalStale(facts: ReportFacts, status: ApprovalStatus, currentHash: string): string {
  return [
    `The advisory ${facts.ghsa} changed after it was approved (content is now \`${shortHash(currentHash)}\`).`,
    `These approvals no longer count: ${status.stale.map((a) => `${escapeUntrusted(a.login)} (\`${shortHash(a.hash)}\`)`).join(", ")}.`,
    "A signer must `/approve` the current version before it can be published.",
  ].join("\n");
}

export function describeApprovalGap(status: ApprovalStatus): string[] {
  const lines = [`- approvals of the current content: ${status.valid.length} of ${status.required}`];
  if (status.stale.length > 0) {
    lines.push(`- approvals for an earlier version (the advisory was edited since): ${status.stale.map((a) => escapeUntrusted(a.login)).join(", ")}`);
  }
  return lines;
}

export function renderStatus(input: {
  facts: ReportFacts;
  phase: Phase;
  approvals: ApprovalStatus;
  advisory: Pick<Advisory, "state" | "severity" | "cveId" | "privateForkUrl">;
  now: Date;
  /** The content hash an approval would sign now. */
  hash?: string;
}): string {
  const { facts, phase, approvals, advisory } = input;
  const missing: string[] = [];
  if (!facts.ackedAt && phase !== "closed") missing.push("acknowledgement (`/ack`)");
  if (!facts.triage) missing.push("triage (`/triage …`)");
  if (facts.triage?.outcome === "valid" && !facts.publishedAt) {
    if (!advisory.severity) missing.push("severity (`/severity` or `/cvss`)");
    if (!advisory.cveId) missing.push("CVE (`/cve`)");
    if (!facts.forkUrl && !advisory.privateForkUrl) missing.push("temporary private fork (`/fork`)");
    if (!facts.embargo) missing.push("release date (`/embargo`)");
    if (!approvals.satisfied) missing.push(`sign-off (${approvals.valid.length} of ${approvals.required} \`/approve\`)`);
  }
  const overdue = !facts.ackedAt && isAckOverdue(facts.ackDueAt, input.now) ? " — **overdue**" : "";
  return [
    `**${facts.ghsa}** is **${phase}** (advisory state on GitHub: \`${advisory.state}\`).`,
    "",
    `- Assignee: ${facts.assignee ? escapeUntrusted(facts.assignee.login) : "nobody"}`,
    `- Reported: ${facts.reportedAt ? formatInstant(facts.reportedAt) : "unknown"}`,
    `- Acknowledged: ${facts.ackedAt ? formatInstant(facts.ackedAt) : `not yet (due ${facts.ackDueAt ? formatInstant(facts.ackDueAt) : "?"})${overdue}`}`,
    `- Severity: ${describeSeverity(advisory.severity)}; CVE: ${advisory.cveId ?? "none"}`,
    `- Release: ${facts.embargo ? `${formatInstant(facts.embargo.releaseAt)} (pre-notification ${formatInstant(facts.embargo.preNotifyAt)})` : "not set"}`,
    ...describeApprovalGap(approvals),
    ...(input.hash && facts.triage?.outcome === "valid" && !facts.publishedAt
      ? [`- Content hash: \`${shortHash(input.hash)}\` (covers the text, severity, versions, CWE, credits, CVE and release time; sign exactly this with \`/approve ${shortHash(input.hash)}\`)`]
      : []),
    "",
    missing.length > 0 ? `Missing: ${missing.join(", ")}.` : "Nothing is missing.",
  ].join("\n");
}

/**
 * Replies to a report command. `name` is the command's name (letters, digits, hyphens only, see
 * `parseCommands`) and `login` the commenter's; the reason is secwg's own words.
 */
export const REPORT_REPLIES = {
  publicTracker: "secwg does not run report commands in a public repository. Make the tracker private (`group.tracker`).",
  refused: (login: string, name: string, reason: string) => `@${login} \`/${name}\` was not applied: ${reason}`,
  noIntake: (login: string, name: string) =>
    `@${login} \`/${name}\` was not applied: this issue's log has no intake entry written by secwg, so secwg does not know which advisory it tracks.`,
  failed: (login: string, name: string, problem: string) => `@${login} \`/${name}\` failed: ${problem}`,
} as const;
