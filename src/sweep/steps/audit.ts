import { weeklyAudit } from "../../features/audit/run.js";
import type { StepReport, SweepContext, SweepStep } from "../types.js";
import { reportTrackerProblem } from "../../features/reports/tracker-problems.js";

/**
 * Once per ISO week, recomputes every decision from GitHub (`secwg audit`) and keeps one alert
 * issue in the private tracker: open while anything disagrees, closed when all agree. The week
 * audited is recorded in that issue, so the other sweeps of the week read one list and write nothing.
 */
export const auditStep: SweepStep = {
  name: "audit",
  async run(ctx: SweepContext): Promise<StepReport> {
    const report: StepReport = { actions: [], errors: [] };
    let result;
    try {
      result = await weeklyAudit(ctx.gateway, { owner: ctx.installation.account, signingKey: ctx.signingKey, now: ctx.now });
    } catch (error) {
      return reportTrackerProblem(ctx, report, error);
    }
    if (result.kind === "already-audited") return report;
    const disagree = result.rows.filter((r) => r.verdict === "disagrees").length;
    if (result.outcome !== "unchanged") {
      report.actions.push(`${result.alert.state === "open" ? "raise" : "close"} the audit alert for ${result.week}: ${disagree} of ${result.rows.length} decisions disagree`);
    }
    return report;
  },
};
