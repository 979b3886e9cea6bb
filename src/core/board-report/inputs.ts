import type { LogRecord } from "../reports/report-log.js";
import { foldReport, type TriageOutcome } from "../reports/report-state.js";
import type { VoteKind } from "../vote/vote-record.js";
import type { QuarterRange } from "./quarter.js";

/**
 * What the board report is computed from: plain data gathered from GitHub (see
 * `src/features/board-report/gather.ts`). Nothing here is advisory text: the log holds ids, dates
 * and public-safe facts, and the gather never reads an advisory's summary or description.
 */

/** One report's history, replayed from its verified log. */
export interface ReportTimeline {
  ghsa: string;
  /** `owner/repo`; shown only once the advisory is published. */
  repo: string | null;
  reportedAt: string | null;
  ackDueAt: string | null;
  ackedAt: string | null;
  triage: { outcome: TriageOutcome; at: string } | null;
  /** The group's word: critical, high, moderate or low. */
  severity: string | null;
  cveId: string | null;
  publishedAt: string | null;
}

/** A vote or election as its signed record and the counted reactions say. */
export interface VoteOutcome {
  kind: VoteKind;
  /** `owner/repo#n` in the public group repository. */
  target: string;
  subjectLogin: string;
  state: "open" | "passed" | "failed" | "cancelled";
  opened: string;
  deadline: string;
  closedAt: string | null;
  yes: number;
  no: number;
  electorate: number;
}

/** A pull request the security review flagged. */
export interface ReviewItem {
  flaggedAt: string;
  /** When an eligible reviewer approved, if one did. */
  reviewedAt: string | null;
  /** When a signer skipped the review (`/security-review skip`), if one did. */
  skippedAt: string | null;
}

export interface BoardReportInput {
  range: QuarterRange;
  ackWorkingDays: number;
  reports: readonly ReportTimeline[];
  /** Null when the votes could not be gathered (the report says so instead of showing zeros). */
  votes: readonly VoteOutcome[] | null;
  reviews: readonly ReviewItem[] | null;
  /** Logs left out because their chain or signatures did not verify. */
  unverifiedLogs: number;
  /** Votes left out because their signed record is missing or did not verify (optional: 0). */
  unverifiedVotes?: number;
  /** Flagged pull requests left out because secwg's review record did not verify (optional: 0). */
  unverifiedReviews?: number;
  /** Whether the search for flagged pull requests stopped short (over the cap, or GitHub said incomplete). */
  reviewsIncomplete?: boolean;
}

const SEVERITY_WORD: Record<string, string> = { critical: "critical", high: "high", moderate: "moderate", medium: "moderate", low: "low" };

/** Replays a report's (verified) log records into its timeline. */
export function reportTimeline(ghsa: string, records: readonly LogRecord[]): ReportTimeline {
  const facts = foldReport(ghsa, records);
  const triaged = records.filter((r) => r.event === "triaged").at(-1);
  return {
    ghsa,
    repo: facts.repo,
    reportedAt: facts.reportedAt ?? records.find((r) => r.event === "reported")?.at ?? null,
    ackDueAt: facts.ackDueAt,
    ackedAt: facts.ackedAt,
    triage: facts.triage && triaged ? { outcome: facts.triage.outcome, at: triaged.at } : null,
    severity: facts.severity ? (SEVERITY_WORD[facts.severity] ?? null) : null,
    cveId: facts.cveId,
    publishedAt: facts.publishedAt,
  };
}
