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
import type { ReviewItem } from "../../core/board-report/inputs.js";
import { reviewItem } from "../../core/board-report/reviews.js";
import { checklistMarker, reviewTarget } from "../../core/review/checklist.js";
import { REVIEW_CHECK_NAME } from "../../core/review/review-gate.js";
import { isoDay } from "../../core/dates.js";

/** At most this many flagged pull requests are read per report (five search pages). */
export const MAX_REVIEWED_PULLS = 500;

/**
 * The pull requests the security review flagged, for one quarter. Found by one search across the
 * account (`is:pr org:OWNER label:"LABEL" updated:>=DAY`, the organisation's review label; a pull
 * request flagged in the quarter was updated on or after its first day), then each read from what
 * secwg wrote: its checklist comment (its own comments only) with the signed review record, and its
 * check run on the head. Cost per quarter: ceil(n / 100) search requests, then per pull request one
 * comments read, and for a flagged one a pull request read and a check-runs read (3n + n/100 at
 * most, n ≤ 500). A pull request whose record does not verify is counted, never shown.
 */
async function gatherReviews(gateway: Gateway, input: { owner: string; label: string; range: QuarterRange; signingKey: string; appSlug: string }): Promise<{ items: ReviewItem[]; unverified: number; incomplete: boolean }> {
  const since = isoDay(new Date(input.range.start.getTime() - 86_400_000));
  const query = `is:pr org:${input.owner} label:"${input.label.replace(/"/g, "")}" updated:>=${since}`;
  const found = await gateway.searchIssues(query, MAX_REVIEWED_PULLS);
  const items: ReviewItem[] = [];
  let unverified = 0;
  for (const pull of found.items) {
    if (!pull.isPull || pull.owner.toLowerCase() !== input.owner.toLowerCase()) continue;
    const ref = { owner: pull.owner, repo: pull.repo, issue_number: pull.number };
    const comment = await gateway.findComment(ref, checklistMarker(pull.number));
    const target = reviewTarget(ref);
    const checklist = comment ? { body: comment.body, createdAt: comment.created_at } : null;
    const first = reviewItem({ target, checklist, checkRuns: [] }, input.signingKey, input.appSlug);
    if (first.kind === "unverified") unverified++;
    if (first.kind !== "item") continue;
    const head = (await gateway.getPull(ref)).head.sha;
    const checkRuns = await gateway.listCheckRunsNamed(ref, head, REVIEW_CHECK_NAME);
    const read = reviewItem({ target, checklist, checkRuns }, input.signingKey, input.appSlug);
    if (read.kind === "item") items.push(read.item);
  }
  return { items, unverified, incomplete: found.incomplete };
}

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
 * them); security reviews from secwg's checklist records and check runs (`gatherReviews`).
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
  const reviews = await gatherReviews(gateway, { owner: input.owner, label: input.config.review.label, range: input.range, signingKey: input.signingKey, appSlug: self.login.replace(/\[bot\]$/, "") });
  return {
    tracker,
    range: input.range,
    ackWorkingDays: input.config.reports.ackWorkingDays,
    reports,
    votes,
    reviews: reviews.items,
    unverifiedLogs,
    unverifiedVotes: unverified,
    unverifiedReviews: reviews.unverified,
    reviewsIncomplete: reviews.incomplete,
  };
}
