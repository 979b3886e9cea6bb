import type { RecordedApproval } from "./approval.js";
import type { Embargo } from "./embargo.js";
import type { LogRecord } from "./report-log.js";

/**
 * The life of a report, derived by replaying its log (GitHub is the record; nothing is kept
 * elsewhere). Phases, in order:
 *
 *   reported → acknowledged → draft (triaged valid) → fixing (fork) → embargoed → approved → published
 *                           ↘ closed (invalid, duplicate, out of scope)
 *
 * `approved` is not a stored state: it holds while enough signers' approvals match the content
 * hash (`approval.ts`), which covers everything publication makes public and the release time. So
 * every command allowed in `approved` that changes any of it (`/severity`, `/cvss`, `/cwe`,
 * `/credit`, `/cve`, `/embargo`), and any edit of the advisory on GitHub, moves the report back to
 * `embargoed` (or earlier) until signers approve the new content: a member can move the release
 * time, but never past the signers.
 *
 * `checkCommand` is the table of which command is allowed in which phase, with the reason a
 * refused command is given; `test/core/reports/report-state.test.ts` walks every cell.
 */
export const PHASES = ["reported", "acknowledged", "draft", "fixing", "embargoed", "approved", "published", "closed"] as const;
export type Phase = (typeof PHASES)[number];

export const REPORT_COMMANDS = ["ack", "triage", "severity", "cvss", "cwe", "credit", "cve", "fork", "embargo", "approve", "publish", "status"] as const;
export type ReportCommand = (typeof REPORT_COMMANDS)[number];

export type TriageOutcome = "valid" | "invalid" | "duplicate" | "out-of-scope";

/** Facts the log has recorded about one report. */
export interface ReportFacts {
  ghsa: string;
  repo: string | null;
  reportedAt: string | null;
  ackDueAt: string | null;
  assignee: { id: number; login: string } | null;
  ackedAt: string | null;
  triage: { outcome: TriageOutcome; duplicateOf?: string } | null;
  severity: string | null;
  cvss: string | null;
  cweIds: string[];
  credits: { login: string; type: string }[];
  cveId: string | null;
  cveRequested: boolean;
  forkUrl: string | null;
  embargo: Embargo | null;
  /** When the log recorded the current release time (its entry's `at`). */
  embargoSetAt: string | null;
  approvals: RecordedApproval[];
  publishedAt: string | null;
  /** Idempotency keys of the entries already written. */
  keys: Set<string>;
  last: LogRecord | null;
}

export function emptyFacts(ghsa: string): ReportFacts {
  return {
    ghsa,
    repo: null,
    reportedAt: null,
    ackDueAt: null,
    assignee: null,
    ackedAt: null,
    triage: null,
    severity: null,
    cvss: null,
    cweIds: [],
    credits: [],
    cveId: null,
    cveRequested: false,
    forkUrl: null,
    embargo: null,
    embargoSetAt: null,
    approvals: [],
    publishedAt: null,
    keys: new Set(),
    last: null,
  };
}

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** Replays log records (in sequence order) into facts. Unknown events are skipped, not fatal. */
export function foldReport(ghsa: string, records: readonly LogRecord[]): ReportFacts {
  const facts = emptyFacts(ghsa);
  for (const record of records) {
    facts.keys.add(record.key);
    // Entries with a fixed key (e.g. `published`) name the command that caused them, if any.
    if (typeof record.data.command === "string") facts.keys.add(record.data.command);
    facts.last = record;
    const d = record.data;
    switch (record.event) {
      case "reported":
        facts.repo = str(d.repo);
        facts.reportedAt = str(d.reportedAt);
        facts.ackDueAt = str(d.ackDueAt);
        facts.assignee = typeof d.assigneeId === "number" ? { id: d.assigneeId, login: str(d.assigneeLogin) ?? "" } : null;
        break;
      case "acknowledged":
        facts.ackedAt = record.at;
        break;
      case "triaged":
        facts.triage = {
          outcome: (str(d.outcome) ?? "valid") as TriageOutcome,
          ...(str(d.duplicateOf) ? { duplicateOf: str(d.duplicateOf) as string } : {}),
        };
        break;
      case "severity-set":
        facts.severity = str(d.severity);
        facts.cvss = str(d.cvss);
        break;
      case "cwe-set":
        facts.cweIds = Array.isArray(d.cweIds) ? d.cweIds.filter((c): c is string => typeof c === "string") : facts.cweIds;
        break;
      case "credit-added":
        if (str(d.login) && str(d.type)) facts.credits.push({ login: d.login as string, type: d.type as string });
        break;
      case "cve-requested":
        facts.cveRequested = true;
        break;
      case "cve-recorded":
        facts.cveId = str(d.cveId);
        break;
      case "fork-created":
        facts.forkUrl = str(d.url);
        break;
      case "embargo-set":
        if (str(d.releaseAt) && str(d.preNotifyAt)) {
          facts.embargo = { releaseAt: d.releaseAt as string, preNotifyAt: d.preNotifyAt as string };
          facts.embargoSetAt = record.at;
        }
        break;
      case "approved":
        if (str(d.hash)) facts.approvals.push({ id: record.actor.id, login: record.actor.login, hash: d.hash as string, at: record.at });
        break;
      case "published":
        facts.publishedAt = str(d.publishedAt) ?? record.at;
        break;
    }
  }
  return facts;
}

/** The phase, given whether the approvals satisfy the configured number for the current content. */
export function phaseOf(facts: ReportFacts, approvalsSatisfied: boolean): Phase {
  if (facts.publishedAt) return "published";
  if (facts.triage && facts.triage.outcome !== "valid") return "closed";
  if (facts.triage?.outcome === "valid") {
    if (approvalsSatisfied) return "approved";
    if (facts.embargo) return "embargoed";
    if (facts.forkUrl) return "fixing";
    return "draft";
  }
  return facts.ackedAt ? "acknowledged" : "reported";
}

export type CommandCheck = { allowed: true } | { allowed: false; reason: string };

const ALLOW: CommandCheck = { allowed: true };
const refuse = (reason: string): CommandCheck => ({ allowed: false, reason });

const TRIAGED: readonly Phase[] = ["draft", "fixing", "embargoed", "approved"];
const EDITABLE: readonly Phase[] = ["acknowledged", ...TRIAGED];

/** Whether `command` may run in `phase`; refusals say why and what to do instead. */
export function checkCommand(command: ReportCommand, phase: Phase): CommandCheck {
  if (command === "status") return ALLOW;
  if (phase === "published") return refuse("the advisory is already published; nothing can change it from here");
  if (phase === "closed") return refuse("the report is closed (triaged as not a valid vulnerability); nothing more to do");
  switch (command) {
    case "ack":
      return phase === "reported" ? ALLOW : refuse("the report is already acknowledged");
    case "triage":
      if (phase === "reported") return refuse("acknowledge the report first with `/ack`");
      return phase === "acknowledged" ? ALLOW : refuse("the report is already triaged as valid");
    case "severity":
    case "cvss":
    case "cwe":
    case "credit":
      return EDITABLE.includes(phase) ? ALLOW : refuse("acknowledge the report first with `/ack`");
    case "cve":
    case "embargo":
    case "approve":
      return TRIAGED.includes(phase) ? ALLOW : refuse("triage the report as valid first with `/triage valid`");
    case "fork":
      if (phase === "fixing") return refuse("the temporary private fork already exists");
      return TRIAGED.includes(phase) ? ALLOW : refuse("triage the report as valid first with `/triage valid`");
    case "publish":
      if (phase === "approved") return ALLOW;
      if (TRIAGED.includes(phase)) return refuse("the advisory needs sign-off first: `/approve` by the Chair, Co-Chair or Board Liaison");
      return refuse("triage the report as valid first with `/triage valid`");
  }
}
