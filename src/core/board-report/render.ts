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

export function renderBoardReport(stats: QuarterStatistics): string {
  const r = stats.received;
  const lines = [
    `# Security Working Group report, ${stats.quarter}`,
    "",
    `${stats.firstDay} to ${stats.lastDay} (${stats.timeZone}). Figures are computed from the group's signed report log; unpublished reports appear only as counts and severities.`,
    "",
    "## Reports",
    "",
    `${r.total} report${r.total === 1 ? "" : "s"} received. ${r.notValidShare === null ? "None triaged yet." : `Not a valid vulnerability: ${r.notValidShare} % of those triaged.`}`,
    "",
    ...table(["valid", "invalid", "duplicate", "out of scope", "not yet triaged"], [[r.byOutcome.valid, r.byOutcome.invalid, r.byOutcome.duplicate, r.byOutcome["out-of-scope"], r.byOutcome.untriaged]]),
    "",
    ...table([...SEVERITIES], [SEVERITIES.map((s) => r.bySeverity[s])]),
    "",
    reportsPerMonthChart(stats),
    "",
    ...table(["month", "valid", "invalid", "duplicate", "out of scope", "not yet triaged"], stats.perMonth.map((m) => [m.month, m.valid, m.invalid, m.duplicate, m["out-of-scope"], m.untriaged])),
    "",
    "## Response times",
    "",
    `- Time to acknowledge: ${value(stats.acknowledgement, "hours")}.`,
    `- Acknowledgement deadline (${stats.acknowledgement.deadlineWorkingDays} working days) missed: ${stats.acknowledgement.breaches}.`,
    `- Time from report to publication: ${value(stats.publication, "days")}.`,
    "",
    ackDistributionChart(stats),
    "",
    "## Advisories published",
    "",
    ...(stats.published.length === 0
      ? ["None this quarter."]
      : table(["advisory", "CVE", "severity", "published"], stats.published.map((a) => [`[${a.ghsa}](${a.url})`, a.cve ?? "none", a.severity, a.published]))),
    "",
    `Valid reports not yet published: ${stats.unpublished.total}${stats.unpublished.total ? ` (${SEVERITIES.filter((s) => stats.unpublished.bySeverity[s] > 0).map((s) => `${stats.unpublished.bySeverity[s]} ${s}`).join(", ")})` : ""}.`,
    "",
    "## Security review of pull requests",
    "",
    ...(stats.reviews
      ? [
          `- Flagged: ${stats.reviews.flagged}; reviewed: ${stats.reviews.reviewed}; review skipped by a signer: ${stats.reviews.skipped}.`,
          `- Review turnaround: ${value(stats.reviews.turnaround, "hours")}.`,
          ...(stats.reviews.unverified > 0 ? [`- Left out: ${stats.reviews.unverified} pull request${stats.reviews.unverified === 1 ? "" : "s"} whose review record did not verify.`] : []),
          ...(stats.reviews.incomplete ? ["- The search for flagged pull requests stopped short: the figures may be low."] : []),
        ]
      : ["Not collected for this report."]),
    "",
    "## Membership, votes and elections",
    "",
    ...(stats.votes
      ? [
          `- Joined: ${stats.votes.joined.length ? stats.votes.joined.map((l) => `@${l}`).join(", ") : "nobody"}; left: ${stats.votes.left.length ? stats.votes.left.map((l) => `@${l}`).join(", ") : "nobody"}; votes still open: ${stats.votes.open}.`,
          "",
          ...(stats.votes.held.length === 0
            ? ["No vote closed this quarter."]
            : table(["vote", "about", "result", "yes", "no", "electorate", "closed"], stats.votes.held.map((v) => [`[${v.kind}](${v.link})`, `@${v.subject}`, v.result, v.yes, v.no, v.electorate, v.closed]))),
        ]
      : ["Not collected for this report."]),
    "",
    "## Carried into the next quarter",
    "",
    `${stats.carriedOver.total} open report${stats.carriedOver.total === 1 ? "" : "s"}: ${stats.carriedOver.awaitingAcknowledgement} awaiting acknowledgement, ${stats.carriedOver.awaitingTriage} awaiting triage, ${stats.carriedOver.awaitingPublication} awaiting publication.`,
    "",
    openItemsChart(stats),
    ...(stats.unverifiedLogs > 0 ? ["", `> ${stats.unverifiedLogs} report log${stats.unverifiedLogs === 1 ? "" : "s"} did not verify (chain or signature) and ${stats.unverifiedLogs === 1 ? "is" : "are"} left out; run \`secwg log verify\` on ${stats.unverifiedLogs === 1 ? "it" : "them"}.`] : []),
    ...(stats.unverifiedVotes > 0 ? ["", `> ${stats.unverifiedVotes} vote${stats.unverifiedVotes === 1 ? "" : "s"} named in the votes log ${stats.unverifiedVotes === 1 ? "has" : "have"} no signed record that verifies and ${stats.unverifiedVotes === 1 ? "is" : "are"} left out; run \`secwg audit\` to see which.`] : []),
    "",
  ];
  return lines.join("\n");
}
