import { isoDay } from "../../core/dates.js";
import { isTransientFailure } from "../../core/retry-policy.js";
import { isTrackerRepo } from "../../core/repositories.js";
import type { SecwgConfig } from "../../config/schema.js";
import { BOARD_REPORT_SPECS, type BoardReportCommand } from "../../core/board-report/sign-off.js";
import { commandKey, commandReplyMarker, isBotUser } from "../../core/commands.js";
import { SIGNER_ROLES } from "../../core/roster.js";
import { SecwgError } from "../../errors.js";
import { boardReportQuarter, runSignOffCommand } from "./sign-off.js";
import type { CommandFeature, CommandInvocation, CommentContext } from "../commands/dispatcher.js";

/**
 * `/approve-report` and `/publish-report` on a quarter's board-report issue in the private tracker
 * (an issue secwg wrote, carrying the `board-report` marker). The dispatcher has already checked
 * that the actor is a signer on the roster's default branch; replies are keyed by the comment.
 */
export const boardReportCommands: CommandFeature = {
  name: "board-report",
  specs: BOARD_REPORT_SPECS,
  appliesTo(context: CommentContext, config: SecwgConfig): boolean {
    const { repository, issue } = context.payload;
    const here = isTrackerRepo(config, { owner: repository.owner.login, repo: repository.name });
    return here && !issue.pull_request && isBotUser(issue.user) && boardReportQuarter(issue.body) !== null;
  },
  ownsThread: true,
  async execute(invocation: CommandInvocation): Promise<void> {
    const { context, env, issue, actor, match } = invocation;
    const quarter = boardReportQuarter(context.payload.issue.body);
    if (!quarter) return;
    const key = commandKey(context.payload.comment.id, match.command);
    const reply = (text: string) => env.gateway.ensureComment(issue, commandReplyMarker(context.payload.comment.id, match.command, "board-report-reply"), text);
    if (context.payload.repository.private !== true) {
      await reply("secwg does not sign off board reports in a public repository. Make the tracker private (`group.tracker`).");
      return;
    }
    const now = env.now;
    try {
      const text = await runSignOffCommand(env.gateway, {
        command: match.value as BoardReportCommand,
        owner: issue.owner,
        issue,
        issueBody: context.payload.issue.body ?? "",
        quarter,
        actor,
        key,
        now,
        signingKey: env.signingKey,
        isSigner: (id) => env.roster.hasRole(id, SIGNER_ROLES, isoDay(now)),
      });
      context.log.info({ command: match.command.name, actor: actor.id, issue: issue.issue_number, handled: text !== null }, "board report command");
      if (text !== null) await reply(text);
    } catch (error) {
      if (!(error instanceof SecwgError) || isTransientFailure(error)) throw error;
      context.log.warn({ command: match.command.name, code: error.code }, "board report command failed");
      await reply(`@${actor.login} \`/${match.command.name}\` failed: ${error.toUserMessage()}`);
    }
  },
};
