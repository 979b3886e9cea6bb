import { resolveRepo } from "../../core/repositories.js";
import type { SecwgConfig } from "../../config/schema.js";
import { reportTimeline, type BoardReportInput, type ReportTimeline } from "../../core/board-report/inputs.js";
import type { QuarterRange } from "../../core/board-report/quarter.js";
import { collectRecords, verifyLog, type LogRecord } from "../../core/reports/report-log.js";
import { parseTrackerIssue } from "../../core/reports/tracker-issue.js";
import type { Gateway, RepoRef } from "../../github/gateway.js";
import { isOurs, type AppIdentity } from "../../core/identity.js";
import { voteOutcomes } from "../../core/board-report/votes.js";
import { gatherVotes } from "../audit/gather.js";

export class PublicTrackerError extends Error {
  constructor(tracker: RepoRef) {
    super(`${tracker.owner}/${tracker.repo} is public: secwg reads report logs only from a private tracker`);
    this.name = "PublicTrackerError";
  }
}

/**
 * The one place the board report reads the report log: secwg's own comments (its bot id) on a tracker
 * issue, the records of that issue's GHSA only, and only when the whole chain and every signature
 * verify. Anything else is counted as unverified and left out of the figures.
 */
export function verifiedRecords(
  comments: ReadonlyArray<{ id: number; body: string; user: { id: number; type?: string } | null }>,
  ghsa: string,
  signingKey: string,
  self: AppIdentity,
): LogRecord[] | null {
  const records = collectRecords(
    comments.filter((c) => isOurs(c.user, self)).map((c) => ({ id: c.id, body: c.body, userType: c.user?.type })),
    ghsa,
  );
  return records.length > 0 && verifyLog(records, signingKey).ok ? records : null;
}

/**
 * Reads, through the gateway, what a quarter's report is computed from: every tracker issue of a
 * report (open and closed) and its log. Never reads an advisory, so no advisory text can reach the
 * figures. Votes come from secwg's votes log and each vote's signed record (as the audit reads
 * them); security reviews are not gathered yet (the report says so).
 */
export async function gatherBoardReport(gateway: Gateway, input: { owner: string; config: SecwgConfig; signingKey: string; range: QuarterRange }): Promise<BoardReportInput & { tracker: RepoRef }> {
  const tracker = resolveRepo(input.config.group.tracker, input.owner);
  if (!(await gateway.getRepository(tracker)).private) throw new PublicTrackerError(tracker);
  const issues = await gateway.listReportIssues(tracker, input.config.reports.label, "all");
  const reports: ReportTimeline[] = [];
  let unverifiedLogs = 0;
  const self = await gateway.self();
  for (const issue of issues) {
    const tracked = parseTrackerIssue(issue.body);
    if (!tracked) continue;
    const records = verifiedRecords(await gateway.listAllComments({ ...tracker, issue_number: issue.number }), tracked.ghsa, input.signingKey, self);
    if (records) reports.push(reportTimeline(tracked.ghsa, records));
    else unverifiedLogs++;
  }
  const { votes, unverified } = voteOutcomes(await gatherVotes(gateway, tracker, self), input.signingKey);
  return { tracker, range: input.range, ackWorkingDays: input.config.reports.ackWorkingDays, reports, votes, reviews: null, unverifiedLogs, unverifiedVotes: unverified };
}
