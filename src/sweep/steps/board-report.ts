import { loadPolicy } from "../../features/policy/load.js";
import { resolveRepo } from "../../core/repositories.js";
import { BOARD_REPORT_LABEL } from "../../core/board-report/plan.js";
import { previousQuarter, quarterLabel, quarterOf } from "../../core/board-report/quarter.js";
import { reportDueFor } from "../../core/board-report/schedule.js";
import { GitHubError, SecwgError } from "../../errors.js";
import { applyEffects } from "../../features/apply-effects.js";
import { planQuarterReport } from "../../features/board-report/build.js";
import { boardReportQuarter, readSignOffLog } from "../../features/board-report/sign-off.js";
import type { StepReport, SweepContext, SweepStep } from "../types.js";

/**
 * The board report part of the sweep, per installation. In the first working week of a quarter it
 * makes sure the previous quarter's report issue exists in the tracker; afterwards it keeps that
 * issue up to date while it is open and not yet proposed for publication. The issue is found by
 * its marker and rewritten only when the report changed, so an unchanged run writes nothing.
 */
export const boardReportStep: SweepStep = {
  name: "board-report",
  async run(ctx: SweepContext): Promise<StepReport> {
    const report: StepReport = { actions: [], errors: [] };
    const owner = ctx.installation.account;
    let config;
    try {
      config = await loadPolicy(ctx.gateway, owner);
    } catch (error) {
      if (!(error instanceof SecwgError)) throw error;
      report.errors.push(`${owner}: configuration unusable (${error.code})`);
      return report;
    }
    const tracker = resolveRepo(config.group.tracker, owner);
    const calendar = { timeZone: config.reports.timeZone, holidays: config.reports.holidays };
    const quarter = previousQuarter(quarterOf(ctx.now, calendar.timeZone));
    const label = quarterLabel(quarter);
    let issues;
    try {
      if (!(await ctx.gateway.getRepository(tracker)).private) {
        report.errors.push(`${tracker.owner}/${tracker.repo}: tracker repository is public; no board report is written there`);
        return report;
      }
      issues = await ctx.gateway.listReportIssues(tracker, BOARD_REPORT_LABEL, "all");
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return report; // no tracker in this installation
      throw error;
    }
    const existing = issues.find((i) => {
      const q = boardReportQuarter(i.body);
      return q !== null && quarterLabel(q) === label;
    });
    const due = reportDueFor(ctx.now, calendar) !== null;
    if (existing ? existing.state === "closed" : !due) return report;
    if (existing) {
      const log = readSignOffLog(await ctx.gateway.listAllComments({ ...tracker, issue_number: existing.number }), label, ctx.signingKey, await ctx.gateway.self());
      if (!log.ok) {
        report.errors.push(`board report ${label} (#${existing.number}): sign-off log does not verify; left as it is`);
        return report;
      }
      if (log.records.some((r) => r.event === "published")) return report;
    }
    const plan = await planQuarterReport(ctx.gateway, { owner, quarter, signingKey: ctx.signingKey });
    for (const applied of await applyEffects(ctx.gateway, plan.effects)) {
      if (applied.outcome !== "unchanged") report.actions.push(`${applied.outcome} board report ${label}: ${applied.url ?? ""}`);
    }
    return report;
  },
};
