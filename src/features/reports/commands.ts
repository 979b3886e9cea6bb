import { commandKey, commandReplyMarker } from "../../core/commands.js";
import { isoDay } from "../../core/dates.js";
import { isOurs } from "../../core/identity.js";
import { isTrackerRepo } from "../../core/repositories.js";
import { planReportCommand } from "../../core/reports/command-plan.js";
import { REPORT_SPECS, type ReportArgs } from "../../core/reports/command-specs.js";
import { REPORT_REPLIES } from "../../core/reports/report-messages.js";
import { parseTrackerIssue } from "../../core/reports/tracker-issue.js";
import { isTransientFailure } from "../../core/retry-policy.js";
import { SIGNER_ROLES } from "../../core/roster.js";
import type { SecwgConfig } from "../../config/schema.js";
import { SecwgError } from "../../errors.js";
import type { CommandFeature, CommandInvocation, CommentContext } from "../commands/dispatcher.js";
import { applyAcceptedPlan } from "./apply.js";
import { gatherAdvisory, gatherCommandLog } from "./gather.js";
import { isSecwgAuthor, reportRules } from "./tracker.js";
import type { ReportLog } from "./log.js";
import type { RepoRef } from "../../github/gateway.js";

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
  const { context, env, issue, actor, match } = invocation;
  const report = parseTrackerIssue(context.payload.issue.body);
  if (!report) return;
  // A tracker issue is one secwg opened: anyone who can open an issue could copy its marker.
  if (!isOurs(context.payload.issue.user, await env.gateway.self())) {
    context.log.info({ issue: context.payload.issue.number }, "report command ignored: the issue was not opened by secwg");
    return;
  }
  const key = commandKey(context.payload.comment.id, match.command);
  const replyMarker = commandReplyMarker(context.payload.comment.id, match.command, "report-reply");
  const reply = (text: string) => env.gateway.createComment(issue, `${replyMarker}\n${text}`);
  const name = match.command.name;

  if (context.payload.repository.private !== true) {
    context.log.error({ repo: `${issue.owner}/${issue.repo}` }, "report command refused: the tracker repository is public");
    if (!(await env.gateway.findComment(issue, replyMarker))) await reply(REPORT_REPLIES.publicTracker);
    return;
  }

  const gathered = await gatherCommandLog(env, issue, { ghsa: report.ghsa, key, replyMarker });
  if (gathered.kind === "already-handled") {
    context.log.info({ command: name, issue: issue.issue_number }, "command already handled (redelivery)");
    return;
  }
  if (gathered.kind === "no-intake") {
    context.log.warn({ command: name, issue: issue.issue_number }, "report command refused: no intake record in the log");
    await reply(REPORT_REPLIES.noIntake(actor.login, name));
    return;
  }
  await decideAndApply(invocation, { ghsa: report.ghsa, key, log: gathered.log, advisoryRepo: gathered.advisoryRepo }, reply);
}

/**
 * Reads the live advisory, lets the core decide, and applies or answers the decision. A GitHub
 * failure that may pass is thrown for the queue to retry; any other is explained in a reply.
 */
async function decideAndApply(
  invocation: CommandInvocation,
  gathered: { ghsa: string; key: string; log: ReportLog; advisoryRepo: RepoRef },
  reply: (text: string) => Promise<unknown>,
): Promise<void> {
  const { context, env, issue, actor, match } = invocation;
  const name = match.command.name;
  const args = match.value as ReportArgs;
  const { log } = gathered;
  try {
    const { advisory, repoPrivate } = await gatherAdvisory(env, gathered.advisoryRepo, gathered.ghsa, args);
    const today = isoDay(env.now);
    const plan = planReportCommand({
      args,
      facts: log.facts,
      advisory,
      actor,
      now: env.now,
      rules: reportRules(env.config),
      isSigner: (id) => env.roster.hasRole(id, SIGNER_ROLES, today),
      commentAt: context.payload.comment.created_at,
      tracker: issue,
      ...(repoPrivate !== undefined ? { repoPrivate } : {}),
    });
    if (plan.kind === "refuse") {
      context.log.info({ command: args.command, actor: actor.id, issue: issue.issue_number }, "report command refused");
      await reply(REPORT_REPLIES.refused(actor.login, name, plan.reason));
      return;
    }
    if (plan.kind === "reply") {
      await reply(plan.body);
      return;
    }
    const done = await applyAcceptedPlan(env, { issue, advisory, facts: log.facts, plan, actor, key: gathered.key });
    context.log.info({ command: args.command, actor: actor.id, issue: issue.issue_number, done: done.length }, "report command applied");
  } catch (error) {
    // A passing GitHub failure is retried by the queue; anything else is explained to the user.
    if (!(error instanceof SecwgError) || isTransientFailure(error)) throw error;
    context.log.warn({ command: args.command, code: error.code, issue: issue.issue_number }, "report command failed");
    await reply(REPORT_REPLIES.failed(actor.login, name, error.toUserMessage()));
  }
}
