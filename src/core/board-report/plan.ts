import type { Effect, RepoTarget } from "../effects.js";
import { boardReportMarker, renderBoardReport } from "./render.js";
import type { QuarterStatistics } from "./statistics.js";

/**
 * What to do with a quarter's report: one tracker issue per quarter (found by its marker, rewritten
 * in place when the figures change, never duplicated) for the signers to review. The issue body is
 * the report itself plus the sign-off instructions; the report holds only public-safe fields, so
 * the same text can later go to the public group repository.
 */
export const BOARD_REPORT_LABEL = "secwg:board-report";

export function boardReportIssueTitle(quarter: string): string {
  return `Board report ${quarter}`;
}

export function planBoardReportIssue(stats: QuarterStatistics, tracker: RepoTarget): Effect[] {
  const marker = boardReportMarker(stats.quarter);
  const body = [
    marker,
    "> Draft of the quarterly report to the board, regenerated from the log while this issue is open.",
    "> A signer (Chair, Co-Chair or Board Liaison) approves it with `/approve-report`; `/publish-report` then proposes it to the group repository.",
    "",
    renderBoardReport(stats),
  ].join("\n");
  return [{ kind: "ensure-issue", repo: tracker, marker, title: boardReportIssueTitle(stats.quarter), body, labels: [BOARD_REPORT_LABEL], why: `the board report for ${stats.quarter}` }];
}

/** The board-facing copy: `reports/2026-Q4.md` in the group repository, by pull request. */
export function planPublishBoardReport(stats: QuarterStatistics, group: RepoTarget): Effect[] {
  return [
    {
      kind: "propose-file",
      repo: group,
      branch: `secwg/board-report-${stats.quarter}`,
      path: `reports/${stats.quarter}.md`,
      content: renderBoardReport(stats),
      commitMessage: `Add the security working group's report for ${stats.quarter}`,
      title: `Board report ${stats.quarter}`,
      body: `The quarterly report to the board for ${stats.quarter}, approved in the tracker.`,
      why: `the ${stats.quarter} board report was approved`,
    },
  ];
}
