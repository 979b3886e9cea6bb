import { loadPolicy } from "../policy/load.js";
import { resolveRepo } from "../../core/repositories.js";
import { loadRoster } from "../policy/load-roster.js";
import { buildDashboard, planDashboard, type Dashboard, type DashboardReport } from "../../core/dashboard/dashboard.js";
import type { Effect } from "../../core/effects.js";
import { foldReport, phaseOf } from "../../core/reports/report-state.js";
import { parseTrackerIssue } from "../../core/reports/tracker-issue.js";
import { isPolicyError } from "../../errors.js";
import type { Gateway } from "../../github/gateway.js";
import { PublicTrackerError, verifiedRecords } from "../board-report/gather.js";

/**
 * Gather → decide for the dashboard: the open tracker issues and their verified logs, the roster's
 * terms; never an advisory. Votes are not gathered yet (the dashboard says "Not collected").
 */
export async function planDashboardUpdate(gateway: Gateway, input: { owner: string; now: Date; signingKey: string }): Promise<{ dashboard: Dashboard; effects: Effect[] }> {
  const config = await loadPolicy(gateway, input.owner);
  const tracker = resolveRepo(config.group.tracker, input.owner);
  if (!(await gateway.getRepository(tracker)).private) throw new PublicTrackerError(tracker);
  const reports: DashboardReport[] = [];
  const problems: string[] = [];
  const self = await gateway.self();
  for (const issue of await gateway.listReportIssues(tracker, config.reports.label, "open")) {
    const tracked = parseTrackerIssue(issue.body);
    if (!tracked) continue;
    const records = verifiedRecords(await gateway.listAllComments({ ...tracker, issue_number: issue.number }), tracked.ghsa, input.signingKey, self);
    if (!records) {
      problems.push(`the log of #${issue.number} does not verify (run \`secwg log verify\`)`);
      continue;
    }
    const facts = foldReport(tracked.ghsa, records);
    const latest = facts.approvals.at(-1)?.hash;
    const approvals = new Set(facts.approvals.filter((a) => a.hash === latest).map((a) => a.id)).size;
    reports.push({
      issue: issue.number,
      ghsa: tracked.ghsa,
      phase: phaseOf(facts, approvals >= config.reports.requiredApprovals),
      assignee: facts.assignee?.login ?? null,
      ackDueAt: facts.ackDueAt,
      ackedAt: facts.ackedAt,
      releaseAt: facts.embargo?.releaseAt ?? null,
      preNotifyAt: facts.embargo?.preNotifyAt ?? null,
      approvals,
      requiredApprovals: config.reports.requiredApprovals,
    });
  }
  let terms: Array<{ login: string; roles: string[]; termEnds: string }> = [];
  try {
    const roster = await loadRoster(gateway, config, input.owner);
    terms = roster.members.filter((m) => m.term_ends).map((m) => ({ login: m.login, roles: [...m.roles], termEnds: m.term_ends as string }));
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    problems.push(`the roster is unusable (${error.code})`);
  }
  const dashboard = buildDashboard({ now: input.now.toISOString(), tracker, reports, votes: null, terms, problems });
  return { dashboard, effects: planDashboard(dashboard, tracker) };
}
