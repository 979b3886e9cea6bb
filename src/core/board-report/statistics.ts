import type { BoardReportInput, ReportTimeline, ReviewItem, VoteOutcome } from "./inputs.js";
import { dayOf, inRange, monthOf } from "./quarter.js";
import { isAckOverdue } from "../reports/ack-deadline.js";

/**
 * The quarter's figures, and the only thing the renderer sees. Built field by field from an
 * allow-list: counts, durations, severities and months for every report; GHSA id, CVE id,
 * severity, publication day and link only for advisories published by the quarter's end. An
 * unpublished report contributes no id, repository, title, reporter or date finer than the month.
 */
export const SEVERITIES = ["critical", "high", "moderate", "low", "unrated"] as const;
export type SeverityBucket = (typeof SEVERITIES)[number];
export const OUTCOMES = ["valid", "invalid", "duplicate", "out-of-scope", "untriaged"] as const;
export type OutcomeBucket = (typeof OUTCOMES)[number];

export type Counts<K extends string> = Record<K, number>;

export interface PublicAdvisory {
  ghsa: string;
  cve: string | null;
  severity: SeverityBucket;
  /** `YYYY-MM-DD` in the configured time zone. */
  published: string;
  url: string;
}

export interface Distribution {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface QuarterStatistics {
  quarter: string;
  timeZone: string;
  /** First and last day, `YYYY-MM-DD`. */
  firstDay: string;
  lastDay: string;
  received: { total: number; byOutcome: Counts<OutcomeBucket>; bySeverity: Counts<SeverityBucket>; notValidShare: number | null };
  perMonth: Array<{ month: string } & Counts<OutcomeBucket>>;
  acknowledgement: Distribution & { unit: "hours"; deadlineWorkingDays: number; breaches: number; buckets: Array<{ label: string; count: number }> };
  publication: Distribution & { unit: "days" };
  published: PublicAdvisory[];
  /** Valid reports not yet published at the quarter's end: counts only. */
  unpublished: { total: number; bySeverity: Counts<SeverityBucket> };
  /** Reports still open at the quarter's end, by what they wait for. */
  carriedOver: { total: number; awaitingAcknowledgement: number; awaitingTriage: number; awaitingPublication: number };
  /** Open reports at the quarter's start and at each month's end. */
  openOverQuarter: Array<{ at: string; open: number }>;
  reviews: { flagged: number; reviewed: number; skipped: number; turnaround: Distribution & { unit: "hours" }; unverified: number; incomplete: boolean } | null;
  votes: {
    held: Array<{ kind: string; subject: string; result: string; closed: string; yes: number; no: number; electorate: number; link: string }>;
    joined: string[];
    left: string[];
    open: number;
  } | null;
  unverifiedLogs: number;
  unverifiedVotes: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Median (mean of the two middle values for an even count) and nearest-rank 90th percentile. */
export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1] as number;
  return { count: sorted.length, median: round1(median), p90: round1(p90) };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function zero<K extends string>(keys: readonly K[]): Counts<K> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Counts<K>;
}

function severityOf(report: ReportTimeline): SeverityBucket {
  const s = report.severity;
  return s === "critical" || s === "high" || s === "moderate" || s === "low" ? s : "unrated";
}

function outcomeAt(report: ReportTimeline, at: number): OutcomeBucket {
  return report.triage && Date.parse(report.triage.at) < at ? report.triage.outcome : "untriaged";
}

/** Open at `at`: reported before, and neither published nor closed as not valid before. */
function openAt(report: ReportTimeline, at: number): boolean {
  if (!report.reportedAt || Date.parse(report.reportedAt) >= at) return false;
  if (report.publishedAt && Date.parse(report.publishedAt) < at) return false;
  const outcome = outcomeAt(report, at);
  return outcome === "valid" || outcome === "untriaged";
}

/** Acknowledged late, or still unacknowledged when overdue at the quarter's end (`isAckOverdue`). */
function ackBreached(report: ReportTimeline, end: number): boolean {
  return isAckOverdue(report.ackDueAt, report.ackedAt ? Date.parse(report.ackedAt) : end);
}

const ACK_BUCKETS: Array<{ label: string; upToHours: number }> = [
  { label: "< 1 day", upToHours: 24 },
  { label: "1-2 days", upToHours: 48 },
  { label: "2-3 days", upToHours: 72 },
  { label: "3-5 days", upToHours: 120 },
  { label: "5-10 days", upToHours: 240 },
  { label: "> 10 days", upToHours: Infinity },
];

type Range = BoardReportInput["range"];

/** The quarter's figures, one group at a time; each group reads the reports as they stood at the quarter's end. */
export function computeQuarterStatistics(input: BoardReportInput): QuarterStatistics {
  const { range } = input;
  const tz = range.timeZone;
  const end = range.end.getTime();
  const { publishedInQuarter, publishDays } = publicationFigures(input.reports, range);
  const carriedOver = carriedOverFigures(input.reports, end);
  return {
    quarter: `${range.quarter.year}-Q${range.quarter.q}`,
    timeZone: tz,
    firstDay: dayOf(range.start, tz),
    lastDay: dayOf(new Date(end - 1), tz),
    ...receivedFigures(input.reports, range),
    acknowledgement: acknowledgementFigures(input, range),
    publication: { ...distribution(publishDays), unit: "days" },
    published: publishedInQuarter
      .map((r) => publicAdvisory(r, tz))
      .sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : a.ghsa < b.ghsa ? -1 : 1)),
    unpublished: { total: carriedOver.counts.awaitingPublication, bySeverity: carriedOver.unpublished },
    carriedOver: carriedOver.counts,
    openOverQuarter: openOverQuarter(input.reports, range),
    reviews: input.reviews ? { ...reviewFigures(input.reviews, range), unverified: input.unverifiedReviews ?? 0, incomplete: input.reviewsIncomplete ?? false } : null,
    votes: input.votes ? voteFigures(input.votes, range) : null,
    unverifiedLogs: input.unverifiedLogs,
    unverifiedVotes: input.unverifiedVotes ?? 0,
  };
}

/** Reports received in the quarter, by their outcome at the quarter's end, severity and month received. */
function receivedFigures(reports: readonly ReportTimeline[], range: Range): Pick<QuarterStatistics, "received" | "perMonth"> {
  const end = range.end.getTime();
  const received = reports.filter((r) => inRange(r.reportedAt, range));
  const byOutcome = zero(OUTCOMES);
  const bySeverity = zero(SEVERITIES);
  const perMonth = range.months.map((month) => ({ month, ...zero(OUTCOMES) }));
  for (const report of received) {
    const outcome = outcomeAt(report, end);
    byOutcome[outcome]++;
    bySeverity[severityOf(report)]++;
    const row = perMonth.find((m) => m.month === monthOf(new Date(report.reportedAt as string), range.timeZone));
    if (row) row[outcome]++;
  }
  const triaged = received.length - byOutcome.untriaged;
  const notValidShare = triaged === 0 ? null : round1((100 * (triaged - byOutcome.valid)) / triaged);
  return { received: { total: received.length, byOutcome, bySeverity, notValidShare }, perMonth };
}

/**
 * Time to acknowledge, for reports acknowledged in the quarter; breaches, for reports whose deadline
 * fell in the quarter or that were acknowledged in it with a deadline.
 */
function acknowledgementFigures(input: BoardReportInput, range: Range): QuarterStatistics["acknowledgement"] {
  const end = range.end.getTime();
  const acked = input.reports.filter((r) => inRange(r.ackedAt, range) && r.reportedAt);
  const ackHours = acked.map((r) => (Date.parse(r.ackedAt as string) - Date.parse(r.reportedAt as string)) / HOUR);
  const dueInQuarter = input.reports.filter((r) => inRange(r.ackDueAt, range) || (inRange(r.ackedAt, range) && r.ackDueAt));
  const buckets = ACK_BUCKETS.map((b, i) => ({
    label: b.label,
    count: ackHours.filter((h) => h < b.upToHours && h >= (ACK_BUCKETS[i - 1]?.upToHours ?? -Infinity)).length,
  }));
  return {
    ...distribution(ackHours),
    unit: "hours",
    deadlineWorkingDays: input.ackWorkingDays,
    breaches: dueInQuarter.filter((r) => ackBreached(r, end)).length,
    buckets,
  };
}

function publicationFigures(reports: readonly ReportTimeline[], range: Range): { publishedInQuarter: ReportTimeline[]; publishDays: number[] } {
  const publishedInQuarter = reports.filter((r) => inRange(r.publishedAt, range));
  const publishDays = publishedInQuarter.filter((r) => r.reportedAt).map((r) => (Date.parse(r.publishedAt as string) - Date.parse(r.reportedAt as string)) / DAY);
  return { publishedInQuarter, publishDays };
}

/** Reports open at the quarter's end, by what they wait for; the valid ones also by severity (unpublished). */
function carriedOverFigures(reports: readonly ReportTimeline[], end: number): { counts: QuarterStatistics["carriedOver"]; unpublished: Counts<SeverityBucket> } {
  const open = reports.filter((r) => openAt(r, end));
  const unpublished = zero(SEVERITIES);
  const counts = { total: open.length, awaitingAcknowledgement: 0, awaitingTriage: 0, awaitingPublication: 0 };
  for (const report of open) {
    const outcome = outcomeAt(report, end);
    if (outcome === "valid") {
      unpublished[severityOf(report)]++;
      counts.awaitingPublication++;
    } else if (report.ackedAt && Date.parse(report.ackedAt) < end) counts.awaitingTriage++;
    else counts.awaitingAcknowledgement++;
  }
  return { counts, unpublished };
}

/** Open reports at the quarter's start and at the end of each month (the last instant of the day before). */
function openOverQuarter(reports: readonly ReportTimeline[], range: Range): QuarterStatistics["openOverQuarter"] {
  const checkpoints = [range.start, range.monthStarts[1], range.monthStarts[2], range.end];
  return checkpoints.map((at) => ({
    at: dayOf(new Date(at.getTime() - (at === range.start ? 0 : 1)), range.timeZone),
    open: reports.filter((r) => openAt(r, at.getTime())).length,
  }));
}

/** The allow-list for a published advisory: nothing else of it reaches the report. */
function publicAdvisory(report: ReportTimeline, tz: string): PublicAdvisory {
  return {
    ghsa: report.ghsa,
    cve: report.cveId,
    severity: severityOf(report),
    published: dayOf(new Date(report.publishedAt as string), tz),
    url: report.repo ? `https://github.com/${report.repo}/security/advisories/${report.ghsa}` : `https://github.com/advisories/${report.ghsa}`,
  };
}

function reviewFigures(items: readonly ReviewItem[], range: Range): Omit<NonNullable<QuarterStatistics["reviews"]>, "unverified" | "incomplete"> {
  const flagged = items.filter((i) => inRange(i.flaggedAt, range));
  const reviewed = flagged.filter((i) => i.reviewedAt);
  return {
    flagged: flagged.length,
    reviewed: reviewed.length,
    skipped: flagged.filter((i) => !i.reviewedAt && i.skippedAt).length,
    turnaround: { ...distribution(reviewed.map((i) => (Date.parse(i.reviewedAt as string) - Date.parse(i.flaggedAt)) / HOUR)), unit: "hours" },
  };
}

function voteFigures(votes: readonly VoteOutcome[], range: Range): NonNullable<QuarterStatistics["votes"]> {
  const closed = votes
    .filter((v) => v.state !== "open" && inRange(v.closedAt, range))
    .sort((a, b) => ((a.closedAt as string) < (b.closedAt as string) ? -1 : 1));
  const link = (target: string) => {
    const [repo, number] = target.split("#");
    return `https://github.com/${repo}/issues/${number}`;
  };
  return {
    held: closed.map((v) => ({ kind: v.kind, subject: v.subjectLogin, result: v.state, closed: dayOf(new Date(v.closedAt as string), range.timeZone), yes: v.yes, no: v.no, electorate: v.electorate, link: link(v.target) })),
    joined: closed.filter((v) => v.kind === "membership" && v.state === "passed").map((v) => v.subjectLogin),
    left: closed.filter((v) => v.kind === "removal" && v.state === "passed").map((v) => v.subjectLogin),
    open: votes.filter((v) => v.state === "open" && Date.parse(v.opened) < range.end.getTime()).length,
  };
}
