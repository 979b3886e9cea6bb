import { reportTimeline, type BoardReportInput, type ReviewItem, type VoteOutcome } from "../../../src/core/board-report/inputs.js";
import { parseQuarter, quarterRange } from "../../../src/core/board-report/quarter.js";
import { chainEntry, type LogEntryDraft, type LogRecord } from "../../../src/core/reports/report-log.js";

/**
 * A fixed quarter of activity (2026 Q4) with canaries planted in everything an unpublished report
 * carries: its repository, assignee, credits and duplicate reference, and its GHSA id and dates.
 */
export const CANARY = "CANARY7f3a";
export const KEY = "test-signing-key";
export const UNPUBLISHED_GHSA = ["GHSA-eeee-eeee-eeee", "GHSA-ffff-ffff-ffff", "GHSA-hhhh-hhhh-hhhh"];
/** Days (UTC) on which only unpublished reports had events. */
export const UNPUBLISHED_DAYS = ["2026-12-01", "2026-12-02", "2026-12-20", "2026-12-31"];

const H = 3_600_000;
const plus = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * H).toISOString();

interface Spec {
  ghsa: string;
  repo: string;
  reported: string;
  ackAfterHours?: number;
  triage?: { outcome: "valid" | "invalid" | "duplicate" | "out-of-scope"; at: string; duplicateOf?: string };
  severity?: string;
  cve?: string;
  credit?: string;
  published?: string;
  assignee?: string;
}

function logOf(spec: Spec): LogRecord[] {
  const drafts: Array<Omit<LogEntryDraft, "ghsa" | "key">> = [
    { event: "reported", actor: { id: 0, login: "secwg" }, at: spec.reported, data: { repo: spec.repo, reportedAt: spec.reported, ackDueAt: plus(spec.reported, 72), assigneeId: 77, assigneeLogin: spec.assignee ?? "alice" } },
  ];
  const who = { id: 1001, login: spec.assignee ?? "alice" };
  if (spec.ackAfterHours !== undefined) drafts.push({ event: "acknowledged", actor: who, at: plus(spec.reported, spec.ackAfterHours), data: {} });
  if (spec.triage) drafts.push({ event: "triaged", actor: who, at: spec.triage.at, data: { outcome: spec.triage.outcome, ...(spec.triage.duplicateOf ? { duplicateOf: spec.triage.duplicateOf } : {}) } });
  if (spec.severity) drafts.push({ event: "severity-set", actor: who, at: spec.triage?.at ?? spec.reported, data: { severity: spec.severity } });
  if (spec.credit) drafts.push({ event: "credit-added", actor: who, at: spec.triage?.at ?? spec.reported, data: { login: spec.credit, type: "finder" } });
  if (spec.cve) drafts.push({ event: "cve-recorded", actor: who, at: spec.triage?.at ?? spec.reported, data: { cveId: spec.cve } });
  if (spec.published) drafts.push({ event: "published", actor: { id: 0, login: "secwg" }, at: spec.published, data: { publishedAt: spec.published } });
  const out: LogRecord[] = [];
  drafts.forEach((d, i) => out.push(chainEntry({ ...d, ghsa: spec.ghsa, key: `k${i}` }, out.at(-1) ?? null, KEY)));
  return out;
}

export const SPECS: Spec[] = [
  { ghsa: "GHSA-aaaa-aaaa-aaaa", repo: "acme/web", reported: "2026-10-05T09:00:00.000Z", ackAfterHours: 10, triage: { outcome: "valid", at: "2026-10-06T09:00:00.000Z" }, severity: "high", cve: "CVE-2026-1001", published: "2026-11-20T14:00:00.000Z" },
  { ghsa: "GHSA-bbbb-bbbb-bbbb", repo: "acme/web", reported: "2026-10-12T09:00:00.000Z", ackAfterHours: 30, triage: { outcome: "invalid", at: "2026-10-13T09:00:00.000Z" } },
  { ghsa: "GHSA-cccc-cccc-cccc", repo: "acme/api", reported: "2026-11-02T09:00:00.000Z", ackAfterHours: 80, triage: { outcome: "duplicate", at: "2026-11-06T09:00:00.000Z", duplicateOf: "GHSA-aaaa-aaaa-aaaa" } },
  { ghsa: "GHSA-dddd-dddd-dddd", repo: "acme/api", reported: "2026-11-15T09:00:00.000Z", ackAfterHours: 5, triage: { outcome: "out-of-scope", at: "2026-11-16T09:00:00.000Z" } },
  { ghsa: UNPUBLISHED_GHSA[0] as string, repo: `acme/${CANARY}-repo`, reported: "2026-12-01T10:00:00.000Z", ackAfterHours: 20, triage: { outcome: "valid", at: "2026-12-02T10:00:00.000Z", duplicateOf: `${CANARY}-dup` }, severity: "critical", credit: `${CANARY}-finder`, assignee: `${CANARY}-assignee` },
  { ghsa: UNPUBLISHED_GHSA[1] as string, repo: `acme/${CANARY}-other`, reported: "2026-12-20T09:00:00.000Z" },
  { ghsa: "GHSA-gggg-gggg-gggg", repo: "acme/web", reported: "2026-09-30T12:00:00.000Z", ackAfterHours: 14, triage: { outcome: "invalid", at: "2026-10-02T09:00:00.000Z" } },
  { ghsa: UNPUBLISHED_GHSA[2] as string, repo: `acme/${CANARY}-late`, reported: "2026-12-31T12:00:00.000Z" },
  { ghsa: "GHSA-iiii-iiii-iiii", repo: "acme/lib", reported: "2026-08-01T09:00:00.000Z", ackAfterHours: 3, triage: { outcome: "valid", at: "2026-08-05T09:00:00.000Z" }, severity: "moderate", published: "2026-10-20T14:00:00.000Z" },
];

export const LOGS: Array<{ ghsa: string; records: LogRecord[] }> = SPECS.map((s) => ({ ghsa: s.ghsa, records: logOf(s) }));

export const VOTES: VoteOutcome[] = [
  { kind: "membership", target: "acme/security-wg#12", subjectLogin: "dana", state: "passed", opened: "2026-11-03T10:00:00.000Z", deadline: "2026-11-10T10:00:00.000Z", closedAt: "2026-11-08T10:00:00.000Z", yes: 3, no: 0, electorate: 4 },
  { kind: "election", target: "acme/security-wg#15", subjectLogin: "erin", state: "failed", opened: "2026-12-01T10:00:00.000Z", deadline: "2026-12-08T10:00:00.000Z", closedAt: "2026-12-08T10:00:00.000Z", yes: 1, no: 2, electorate: 4 },
  { kind: "membership", target: "acme/security-wg#18", subjectLogin: "frank", state: "open", opened: "2026-12-28T10:00:00.000Z", deadline: "2027-01-04T10:00:00.000Z", closedAt: null, yes: 1, no: 0, electorate: 5 },
];

export const REVIEWS: ReviewItem[] = [
  { flaggedAt: "2026-10-10T10:00:00.000Z", reviewedAt: "2026-10-10T12:00:00.000Z", skippedAt: null },
  { flaggedAt: "2026-11-10T10:00:00.000Z", reviewedAt: "2026-11-10T14:00:00.000Z", skippedAt: null },
  { flaggedAt: "2026-12-10T10:00:00.000Z", reviewedAt: "2026-12-11T16:00:00.000Z", skippedAt: null },
  { flaggedAt: "2026-12-15T10:00:00.000Z", reviewedAt: null, skippedAt: "2026-12-15T11:00:00.000Z" },
];

export function quarterInput(timeZone = "UTC", quarter = "2026Q4"): BoardReportInput {
  return {
    range: quarterRange(parseQuarter(quarter)!, timeZone),
    ackWorkingDays: 3,
    reports: LOGS.map((l) => reportTimeline(l.ghsa, l.records)),
    votes: VOTES,
    reviews: REVIEWS,
    unverifiedLogs: 0,
  };
}
