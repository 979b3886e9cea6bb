import { GitHubError, SecwgError } from "../../errors.js";
import { PublicTrackerError } from "../board-report/gather.js";
import type { StepReport, SweepContext } from "../../sweep/types.js";

/**
 * How a step that works in the group's private tracker answers a failure to gather its inputs:
 * no tracker in this installation (404) is nothing to do, a public tracker or an unusable policy is
 * reported and the step ends; anything else is thrown (the sweep counts the step as failed).
 */
export function reportTrackerProblem(ctx: SweepContext, report: StepReport, error: unknown): StepReport {
  if (error instanceof GitHubError && error.status === 404) return report;
  if (error instanceof PublicTrackerError) {
    report.errors.push(error.message);
    return report;
  }
  if (!(error instanceof SecwgError) || error instanceof GitHubError) throw error;
  report.errors.push(`${ctx.installation.account}: configuration unusable (${error.code})`);
  return report;
}
