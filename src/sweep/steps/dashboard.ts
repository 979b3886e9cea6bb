import { applyEffects } from "../../features/apply-effects.js";
import { planDashboardUpdate } from "../../features/dashboard/build.js";
import type { StepReport, SweepContext, SweepStep } from "../types.js";
import { reportTrackerProblem } from "../../features/reports/tracker-problems.js";

/** Keeps the tracker's dashboard issue up to date; an unchanged group writes nothing. */
export const dashboardStep: SweepStep = {
  name: "dashboard",
  async run(ctx: SweepContext): Promise<StepReport> {
    const report: StepReport = { actions: [], errors: [] };
    let plan;
    try {
      plan = await planDashboardUpdate(ctx.gateway, { owner: ctx.installation.account, now: ctx.now, signingKey: ctx.signingKey });
    } catch (error) {
      return reportTrackerProblem(ctx, report, error);
    }
    for (const applied of await applyEffects(ctx.gateway, plan.effects)) {
      if (applied.outcome !== "unchanged") report.actions.push(`${applied.outcome} the dashboard: ${applied.url ?? ""}`);
    }
    return report;
  },
};
