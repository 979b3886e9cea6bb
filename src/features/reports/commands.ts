import { isoDay } from "../../core/dates.js";
import { isTrackerRepo } from "../../core/repositories.js";
import type { SecwgConfig } from "../../config/schema.js";
import { renderMarker } from "../../core/marker.js";
import { planReportCommand } from "../../core/reports/command-plan.js";
import { REPORT_SPECS, type ReportArgs } from "../../core/reports/command-specs.js";
import { entryMarker } from "../../core/reports/report-log.js";
import { parseTrackerIssue } from "../../core/reports/tracker-issue.js";
import { SIGNER_ROLES } from "../../core/roster.js";
import { SecwgError } from "../../errors.js";
import { isTransientFailure } from "../../core/retry-policy.js";
import type { CommandFeature, CommandInvocation, CommentContext } from "../commands/dispatcher.js";
import { applyAcceptedPlan } from "./apply.js";
import { advisoryRepoOf, isSecwgAuthor, readReportLog, type ReportEnv } from "./env.js";
import { isOurs } from "../../core/identity.js";

/**
 * The commands of a tracker issue (`/ack`, `/triage`, … `/publish`, `/status`). The dispatcher has
 * already checked the role; this reads the report's log and the live advisory, lets the core decide,
 * applies the decision, and records it. A redelivered comment finds its own entry or reply and does
 * nothing.
 */
export const reportCommands: CommandFeature = {
  name: "reports",
  specs: REPORT_SPECS,
  /**
   * Only in the tracker named by the organisation's policy (`config.group` comes from it, never
   * from the commenting repository's own file), and only on issues secwg opened.
   */
  appliesTo(context: CommentContext, config: SecwgConfig): boolean {
    const { repository, issue } = context.payload;
    if (!isSecwgAuthor(issue.user)) return false;
    const here = isTrackerRepo(config, { owner: repository.owner.login, repo: repository.name });
    return here && !issue.pull_request && parseTrackerIssue(issue.body) !== null;
  },
  ownsThread: true,
  execute: executeReportCommand,
};

export async function executeReportCommand(invocation: CommandInvocation): Promise<void> {
  const { context, gateway, config, roster, issue, actor, match, deps } = invocation;
  const report = parseTrackerIssue(context.payload.issue.body);
  if (!report) return;
  // A tracker issue is one secwg opened: anyone who can open an issue could copy its marker.
  if (!isOurs(context.payload.issue.user, await gateway.self())) {
    context.log.info({ issue: context.payload.issue.number }, "report command ignored: the issue was not opened by secwg");
    return;
  }
  const key = `${context.payload.comment.id}-${match.command.line}`;
  const replyMarker = renderMarker("report-reply", key);
  const env: ReportEnv = { gateway, log: context.log, config, owner: issue.owner, now: deps.now(), signingKey: deps.signingKey, dryRun: false };
  const reply = (text: string) => gateway.createComment(issue, `${replyMarker}\n${text}`);

  if (context.payload.repository.private !== true) {
    context.log.error({ repo: `${issue.owner}/${issue.repo}` }, "report command refused: the tracker repository is public");
    if (!(await gateway.findComment(issue, replyMarker))) {
      await reply("secwg does not run report commands in a public repository. Make the tracker private (`group.tracker`).");
    }
    return;
  }

  const log = await readReportLog(env, issue, report.ghsa);
  if (log.facts.keys.has(key) || log.posted.has(replyMarker) || log.posted.has(entryMarker(report.ghsa, key))) {
    context.log.info({ command: match.command.name, issue: issue.issue_number }, "command already handled (redelivery)");
    return;
  }

  const args = match.value as ReportArgs;
  const advisoryRepo = advisoryRepoOf(log, issue.owner);
  if (!advisoryRepo) {
    context.log.warn({ command: match.command.name, issue: issue.issue_number }, "report command refused: no intake record in the log");
    await reply(`@${actor.login} \`/${match.command.name}\` was not applied: this issue's log has no intake entry written by secwg, so secwg does not know which advisory it tracks.`);
    return;
  }
  try {
    const advisory = await gateway.getAdvisory(advisoryRepo, report.ghsa);
    const needsVisibility = args.command === "cve" && config.reports.cna === "github";
    const repoPrivate = needsVisibility ? (await gateway.getRepository(advisoryRepo)).private : undefined;
    const today = isoDay(env.now);
    const plan = planReportCommand({
      args,
      facts: log.facts,
      advisory,
      actor,
      now: env.now,
      rules: {
        requiredApprovals: config.reports.requiredApprovals,
        preNotificationDays: config.reports.preNotificationDays,
        noReleaseWeekdays: config.reports.noReleaseWeekdays,
        timeZone: config.reports.timeZone,
        cna: config.reports.cna,
      },
      isSigner: (id) => roster.hasRole(id, SIGNER_ROLES, today),
      commentAt: context.payload.comment.created_at,
      ...(repoPrivate !== undefined ? { repoPrivate } : {}),
    });
    if (plan.kind === "refuse") {
      context.log.info({ command: args.command, actor: actor.id, issue: issue.issue_number }, "report command refused");
      await reply(`@${actor.login} \`/${match.command.name}\` was not applied: ${plan.reason}`);
      return;
    }
    if (plan.kind === "reply") {
      await reply(plan.body);
      return;
    }
    const done = await applyAcceptedPlan(env, { issue, advisory, facts: log.facts, plan, actor, key });
    context.log.info({ command: args.command, actor: actor.id, issue: issue.issue_number, done: done.length }, "report command applied");
  } catch (error) {
    // A passing GitHub failure is retried by the queue; anything else is explained to the user.
    if (!(error instanceof SecwgError) || isTransientFailure(error)) throw error;
    context.log.warn({ command: args.command, code: error.code, issue: issue.issue_number }, "report command failed");
    await reply(`@${actor.login} \`/${match.command.name}\` failed: ${error.toUserMessage()}`);
  }
}
