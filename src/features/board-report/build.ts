import { loadPolicy } from "../policy/load.js";
import { planBoardReportIssue } from "../../core/board-report/plan.js";
import { quarterRange, type Quarter } from "../../core/board-report/quarter.js";
import { renderBoardReport } from "../../core/board-report/render.js";
import { computeQuarterStatistics, type QuarterStatistics } from "../../core/board-report/statistics.js";
import type { Effect } from "../../core/effects.js";
import type { SecwgConfig } from "../../config/schema.js";
import type { Gateway } from "../../github/gateway.js";
import { gatherBoardReport } from "./gather.js";

export interface BoardReportPlan {
  stats: QuarterStatistics;
  markdown: string;
  effects: Effect[];
  /** The configuration the report was computed under (the account's `.github`). */
  config: SecwgConfig;
}

/**
 * Gather → decide for one quarter of one account: the organisation-level configuration (the
 * account's `.github` repository), the tracker's logs, the statistics, the Markdown and the plan
 * (one tracker issue). Nothing is written here; `applyEffects` does that.
 */
export async function planQuarterReport(gateway: Gateway, input: { owner: string; quarter: Quarter; signingKey: string }): Promise<BoardReportPlan> {
  const config = await loadPolicy(gateway, input.owner);
  const range = quarterRange(input.quarter, config.reports.timeZone);
  const gathered = await gatherBoardReport(gateway, { owner: input.owner, config, signingKey: input.signingKey, range });
  const stats = computeQuarterStatistics(gathered);
  return { stats, markdown: renderBoardReport(stats), effects: planBoardReportIssue(stats, gathered.tracker), config };
}
