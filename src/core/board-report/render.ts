import { renderMarker } from "../marker.js";
import { ackDistributionChart, openItemsChart, reportsPerMonthChart } from "./charts.js";
import { SEVERITIES, type Distribution, type QuarterStatistics } from "./statistics.js";

/**
 * The board report as Markdown. Its only input is `QuarterStatistics`, which holds nothing about
 * an unpublished advisory beyond counts, severities and months; everything printed here is taken
 * from it, so the report cannot disclose what it was never given.
 */
export const BOARD_REPORT_MARKER_KIND = "board-report";

export function boardReportMarker(quarter: string): string {
  return renderMarker(BOARD_REPORT_MARKER_KIND, quarter);
}

function value(d: Distribution, unit: string): string {
  return d.median === null ? "none" : `median ${d.median} ${unit}, 90th percentile ${d.p90} ${unit} (${d.count})`;
}

function table(header: string[], rows: Array<Array<string | number>>): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

/** The report, section by section; each section is a list of lines and ends with a blank line. */
export function renderBoardReport(stats: QuarterStatistics): string {
  const lines = [
    `# Security Working Group report, ${stats.quarter}`,
    "",
    `${stats.firstDay} to ${stats.lastDay} (${stats.timeZone}). Figures are computed from the group's signed report log; unpublished reports appear only as counts and severities.`,
    "",
    ...reportsSection(stats),
    ...responseTimesSection(stats),
    ...advisoriesSection(stats),
    ...reviewsSection(stats.reviews),
    ...votesSection(stats.votes),
    ...carriedOverSection(stats),
  ];
  return lines.join("\n");
}

function plural(count: number, noun: string): string {
  return `${noun}${count === 1 ? "" : "s"}`;
}

function reportsSection(stats: QuarterStatistics): string[] {
  const r = stats.received;
  return [
    "## Reports",
    "",
    `${r.total} ${plural(r.total, "report")} received. ${r.notValidShare === null ? "None triaged yet." : `Not a valid vulnerability: ${r.notValidShare} % of those triaged.`}`,
    "",
    ...table(["valid", "invalid", "duplicate", "out of scope", "not yet triaged"], [[r.byOutcome.valid, r.byOutcome.invalid, r.byOutcome.duplicate, r.byOutcome["out-of-scope"], r.byOutcome.untriaged]]),
    "",
    ...table([...SEVERITIES], [SEVERITIES.map((s) => r.bySeverity[s])]),
    "",
    reportsPerMonthChart(stats),
    "",
    ...table(["month", "valid", "invalid", "duplicate", "out of scope", "not yet triaged"], stats.perMonth.map((m) => [m.month, m.valid, m.invalid, m.duplicate, m["out-of-scope"], m.untriaged])),
    "",
  ];
}

function responseTimesSection(stats: QuarterStatistics): string[] {
  return [
    "## Response times",
    "",
    `- Time to acknowledge: ${value(stats.acknowledgement, "hours")}.`,
    `- Acknowledgement deadline (${stats.acknowledgement.deadlineWorkingDays} working days) missed: ${stats.acknowledgement.breaches}.`,
    `- Time from report to publication: ${value(stats.publication, "days")}.`,
    "",
    ackDistributionChart(stats),
    "",
  ];
}

/** Published advisories by id and link; the unpublished ones only as counts by severity. */
function advisoriesSection(stats: QuarterStatistics): string[] {
  const unpublished = stats.unpublished;
  const bySeverity = SEVERITIES.filter((s) => unpublished.bySeverity[s] > 0).map((s) => `${unpublished.bySeverity[s]} ${s}`);
  return [
    "## Advisories published",
    "",
    ...(stats.published.length === 0
      ? ["None this quarter."]
      : table(["advisory", "CVE", "severity", "published"], stats.published.map((a) => [`[${a.ghsa}](${a.url})`, a.cve ?? "none", a.severity, a.published]))),
    "",
    `Valid reports not yet published: ${unpublished.total}${unpublished.total ? ` (${bySeverity.join(", ")})` : ""}.`,
    "",
  ];
}

function reviewsSection(reviews: QuarterStatistics["reviews"]): string[] {
  const body = reviews
    ? [
        `- Flagged: ${reviews.flagged}; reviewed: ${reviews.reviewed}; review skipped by a signer: ${reviews.skipped}.`,
        `- Review turnaround: ${value(reviews.turnaround, "hours")}.`,
        ...(reviews.unverified > 0 ? [`- Left out: ${reviews.unverified} ${plural(reviews.unverified, "pull request")} whose review record did not verify.`] : []),
        ...(reviews.incomplete ? ["- The search for flagged pull requests stopped short: the figures may be low."] : []),
      ]
    : ["Not collected for this report."];
  return ["## Security review of pull requests", "", ...body, ""];
}

function votesSection(votes: QuarterStatistics["votes"]): string[] {
  const logins = (list: string[]) => (list.length ? list.map((l) => `@${l}`).join(", ") : "nobody");
  const body = votes
    ? [
        `- Joined: ${logins(votes.joined)}; left: ${logins(votes.left)}; votes still open: ${votes.open}.`,
        "",
        ...(votes.held.length === 0
          ? ["No vote closed this quarter."]
          : table(["vote", "about", "result", "yes", "no", "electorate", "closed"], votes.held.map((v) => [`[${v.kind}](${v.link})`, `@${v.subject}`, v.result, v.yes, v.no, v.electorate, v.closed]))),
      ]
    : ["Not collected for this report."];
  return ["## Membership, votes and elections", "", ...body, ""];
}

/** The open reports carried over, then a note for each kind of record left out because it did not verify. */
function carriedOverSection(stats: QuarterStatistics): string[] {
  const c = stats.carriedOver;
  const logs = stats.unverifiedLogs;
  const votes = stats.unverifiedVotes;
  return [
    "## Carried into the next quarter",
    "",
    `${c.total} open ${plural(c.total, "report")}: ${c.awaitingAcknowledgement} awaiting acknowledgement, ${c.awaitingTriage} awaiting triage, ${c.awaitingPublication} awaiting publication.`,
    "",
    openItemsChart(stats),
    ...(logs > 0 ? ["", `> ${logs} report ${plural(logs, "log")} did not verify (chain or signature) and ${logs === 1 ? "is" : "are"} left out; run \`secwg log verify\` on ${logs === 1 ? "it" : "them"}.`] : []),
    ...(votes > 0 ? ["", `> ${votes} ${plural(votes, "vote")} named in the votes log ${votes === 1 ? "has" : "have"} no signed record that verifies and ${votes === 1 ? "is" : "are"} left out; run \`secwg audit\` to see which.`] : []),
    "",
  ];
}
