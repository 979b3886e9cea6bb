import { isoDay } from "../../core/dates.js";
import { loadPolicy } from "../policy/load.js";
import { loadRoster } from "../policy/load-roster.js";
import type { Advisory } from "../../core/reports/advisory.js";
import type { Addressee } from "../../core/reports/report-messages.js";
import { needsAdvisory, planReportSweep } from "../../core/reports/report-sweep.js";
import { parseTrackerIssue } from "../../core/reports/tracker-issue.js";
import { SIGNER_ROLES, type Roster } from "../../core/roster.js";
import { GitHubError, SecwgError } from "../../errors.js";
import type { IssueRef, ReportIssue } from "../../github/gateway.js";
import { applyAcceptedPlan } from "./apply.js";
import { APP_ACTOR, calendarOf, reportRules, trackerIsPrivate, trackerRepo } from "./tracker.js";
import { advisoryRepoOf, readReportLog } from "./log.js";
import { sweepEnv, type FeatureEnv } from "../env.js";
import { intakeAdvisory } from "./intake.js";
import { advisoryWorkKey, issueWorkKey } from "../../core/work-key.js";
import { onObject, type StepReport, type SweepContext, type SweepStep } from "../../sweep/types.js";

/** Bounds per run, so one installation cannot hold the sweep; the rest waits for the next run. */
const MAX_INTAKE = 25;
const MAX_REPORTS = 100;
const MAX_REPOS_SCANNED = 200;

/**
 * The reports part of the sweep, per installation: takes in advisories no webhook announced
 * (drafts created by hand, missed deliveries), reminds and escalates missing acknowledgements,
 * posts the pre-notification text, and publishes at the release time only when the approvals
 * still match the advisory's content. Configuration comes from the account's `.github`
 * repository (the org-wide `.github/secwg.yml`).
 */
export const reportsStep: SweepStep = {
  name: "reports",
  async run(ctx: SweepContext): Promise<StepReport> {
    const report: StepReport = { actions: [], errors: [] };
    const owner = ctx.installation.account;
    let env: FeatureEnv;
    try {
      env = sweepEnv(ctx, await loadPolicy(ctx.gateway, owner));
    } catch (error) {
      if (!(error instanceof SecwgError)) throw error;
      report.errors.push(`${owner}: configuration unusable (${error.code})`);
      return report;
    }
    const tracker = trackerRepo(env);
    try {
      if (!(await trackerIsPrivate(env, tracker))) {
        report.errors.push(`${tracker.owner}/${tracker.repo}: tracker repository is public; reports are not handled`);
        return report;
      }
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return report; // no tracker in this installation
      throw error;
    }
    const issues = await ctx.gateway.listReportIssues(tracker, env.config.reports.label, "all");
    await intakeUnseen(env, ctx, issues, report);
    await reconcileOpenReports(env, ctx, issues, report);
    return report;
  },
};

async function listUnseenCandidates(env: FeatureEnv, ctx: SweepContext): Promise<Advisory[]> {
  const states = ["triage", "draft"] as const;
  try {
    const found: Advisory[] = [];
    for (const state of states) found.push(...(await env.gateway.listOrgAdvisories(env.owner, state)));
    return found;
  } catch (error) {
    // Personal accounts have no organization listing: fall back to each repository.
    if (!(error instanceof GitHubError) || (error.status !== 404 && error.status !== 403)) throw error;
  }
  const found: Advisory[] = [];
  const repos = (await env.gateway.listInstallationRepos()).slice(0, MAX_REPOS_SCANNED);
  for (const repo of repos) {
    if (ctx.signal?.aborted) break;
    for (const state of states) found.push(...(await env.gateway.listRepoAdvisories(repo, state)));
  }
  return found;
}

async function intakeUnseen(env: FeatureEnv, ctx: SweepContext, issues: ReportIssue[], report: StepReport): Promise<void> {
  const seen = new Set(issues.map((i) => parseTrackerIssue(i.body)?.ghsa).filter(Boolean));
  const unseen = (await listUnseenCandidates(env, ctx)).filter((a) => !seen.has(a.ghsaId)).slice(0, MAX_INTAKE);
  for (const advisory of unseen) {
    if (ctx.signal?.aborted) break;
    try {
      const outcome = await onObject(ctx, advisoryWorkKey(advisory.owner, advisory.repo, advisory.ghsaId), () => intakeAdvisory(env, advisory, issues));
      report.actions.push(`took in ${advisory.ghsaId} from ${advisory.owner}/${advisory.repo} (${outcome.kind})`);
    } catch (error) {
      if (!(error instanceof SecwgError)) throw error;
      report.errors.push(`${advisory.ghsaId}: intake failed (${error.code})`);
    }
  }
}

async function reconcileOpenReports(env: FeatureEnv, ctx: SweepContext, issues: ReportIssue[], report: StepReport): Promise<void> {
  const tracker = trackerRepo(env);
  let roster: Roster | null = null;
  try {
    roster = await loadRoster(env.gateway, env.config, env.owner);
  } catch (error) {
    if (!(error instanceof SecwgError)) throw error;
    report.errors.push(`roster unusable (${error.code}): nobody counts as a signer, so nothing is published`);
  }
  const today = isoDay(ctx.now);
  const isSigner = (id: number) => roster?.hasRole(id, SIGNER_ROLES, today) ?? false;
  const chairs = roster ? roster.activeOn(today).filter((m) => m.roles.includes("chair") || m.roles.includes("co-chair")) : [];
  const signers = roster ? roster.signers(today) : [];
  // Anyone secwg asks to act is named by the login their id has now, once per run.
  const logins = new Map<number, Promise<string | null>>();
  const addressee = async (id: number): Promise<Addressee> => {
    if (!logins.has(id)) logins.set(id, env.gateway.getUserLogin(id));
    return { id, login: await (logins.get(id) as Promise<string | null>) };
  };

  for (const issue of issues.filter((i) => i.state === "open").slice(0, MAX_REPORTS)) {
    if (ctx.signal?.aborted) break;
    const parsed = parseTrackerIssue(issue.body);
    if (!parsed) continue;
    const ref = { ...tracker, issue_number: issue.number };
    try {
      // In the tracker issue's order (after any command queued on it), reading the log afresh there.
      await onObject(ctx, issueWorkKey(tracker.owner, tracker.repo, issue.number), () => reconcileReport(env, ctx, ref, parsed, { isSigner, chairs, signers, addressee }, report));
    } catch (error) {
      if (!(error instanceof SecwgError)) throw error;
      report.errors.push(`${parsed.ghsa} (#${issue.number}): ${error.code}`);
    }
  }
}

async function reconcileReport(
  env: FeatureEnv,
  ctx: SweepContext,
  ref: IssueRef,
  parsed: { ghsa: string; owner: string; repo: string },
  people: { isSigner(id: number): boolean; chairs: readonly { id: number }[]; signers: readonly { id: number }[]; addressee(id: number): Promise<Addressee> },
  report: StepReport,
): Promise<void> {
  const log = await readReportLog(env, ref, parsed.ghsa);
  // The advisory's repository from secwg's own intake entry, not from the issue's editable text.
  const advisoryRepo = advisoryRepoOf(log, env.owner);
  if (!advisoryRepo) {
    report.errors.push(`${parsed.ghsa} (#${ref.issue_number}): no intake entry in the log; skipped`);
    return;
  }
  const advisory = needsAdvisory(log.facts) ? await env.gateway.getAdvisory(advisoryRepo, parsed.ghsa) : null;
  const plan = (named: { chairs: Addressee[]; signers: Addressee[]; assignee: Addressee | null }) =>
    planReportSweep({ facts: log.facts, advisory, now: ctx.now, rules: reportRules(env.config), calendar: calendarOf(env.config), isSigner: people.isSigner, posted: log.posted, ...named });
  // Decided first without names (the plan is pure); people are resolved only when a message is due.
  let actions = plan({ chairs: [], signers: [], assignee: null });
  if (actions.some((a) => a.kind === "comment")) {
    actions = plan({
      chairs: await Promise.all(people.chairs.map((m) => people.addressee(m.id))),
      signers: await Promise.all(people.signers.map((m) => people.addressee(m.id))),
      assignee: log.facts.assignee ? await people.addressee(log.facts.assignee.id) : null,
    });
  }
  for (const action of actions) {
    if (action.kind === "comment") {
      await env.gateway.createComment(ref, `${action.marker}\n${action.body}`);
      report.actions.push(`posted ${action.what} for ${parsed.ghsa} (#${ref.issue_number})`);
    } else if (advisory) {
      const done = await applyAcceptedPlan(env, { issue: ref, advisory, facts: log.facts, plan: action.plan, actor: APP_ACTOR, key: "published" });
      report.actions.push(`published ${parsed.ghsa} (#${ref.issue_number}): ${done.join("; ")}`);
    }
  }
}
