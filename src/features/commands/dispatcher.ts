import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { isoDay } from "../../core/dates.js";
import { loadPolicy, loadRepoSettings } from "../policy/load.js";
import { loadRoster } from "../policy/load-roster.js";
import type { SecwgConfig } from "../../config/schema.js";
import { authorise, renderRefusal } from "../../core/authorisation.js";
import { isBotUser, matchCommand, parseCommands, renderUnknownCommand, renderUsage, type CommandMatch, type CommandSpec } from "../../core/commands.js";
import { renderMarker } from "../../core/marker.js";
import type { Roster } from "../../core/roster.js";
import { isPolicyError, type ConfigError, type RosterError } from "../../errors.js";
import type { Gateway, IssueRef } from "../../github/gateway.js";

export type CommentContext = Context<"issue_comment.created">;

/** What a feature's command executor receives. */
export interface CommandInvocation {
  context: CommentContext;
  deps: AppDeps;
  gateway: Gateway;
  config: SecwgConfig;
  roster: Roster;
  issue: IssueRef;
  actor: { id: number; login: string };
  match: Extract<CommandMatch, { kind: "ok" }>;
}

/**
 * A family of slash commands owned by one feature (votes, security review, reports). The
 * dispatcher parses, authorises against the roster and routes; the feature only executes.
 */
export interface CommandFeature {
  name: string;
  specs: readonly CommandSpec[];
  /** Whether this feature's commands make sense on this issue or pull request. */
  appliesTo(context: CommentContext, config: SecwgConfig): boolean;
  /**
   * Where this feature applies, every slash command is meant for secwg (a tracker issue has no
   * other bot), so an unknown one is a typo worth answering. Elsewhere unknown commands belong to
   * other apps and are ignored.
   */
  ownsThread?: boolean;
  /**
   * The feature reads the repository's own tuning (`review`), so it stands down when the
   * repository's file is unusable; the others run on the organisation's policy alone.
   */
  usesRepoSettings?: boolean;
  execute(invocation: CommandInvocation): Promise<void>;
}

/**
 * `issue_comment.created`: runs the commands in a comment. Bots (secwg included) are ignored.
 * Replies (refusals, usage help) are keyed by the comment id, so a redelivery never replies twice.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment
 */
export async function onIssueComment(context: CommentContext, deps: AppDeps, features: readonly CommandFeature[]): Promise<void> {
  const { comment, issue, repository } = context.payload;
  if (!comment.user || isBotUser(comment.user)) return;
  const actor = { id: comment.user.id, login: comment.user.login };
  const commands = parseCommands(comment.body);
  if (commands.length === 0) return;

  const gateway = deps.gatewayFor(context);
  const repo = { owner: repository.owner.login, repo: repository.name };
  const ref: IssueRef = { ...repo, issue_number: issue.number };
  const reply = (index: number, body: string) =>
    gateway.ensureComment(ref, renderMarker("reply", `${comment.id}-${index}`), body);

  // Only someone who addressed secwg needs to hear why it cannot answer; `/assign` for another app does not.
  const addresses = (candidates: readonly CommandFeature[]) => commands.some((c) => candidates.some((f) => f.specs.some((s) => s.name === c.name)));
  let config: SecwgConfig;
  let settingsError: ConfigError | RosterError | null = null;
  try {
    config = await loadRepoSettings(gateway, repo);
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    settingsError = error;
    try {
      // The repository's own file is unusable: features that need only the policy still run.
      config = await loadPolicy(gateway, repo.owner);
    } catch (policyError) {
      if (!isPolicyError(policyError)) throw policyError;
      context.log.warn({ code: policyError.code, issue: issue.number }, "commands ignored: configuration unusable");
      if (addresses(features)) await reply(0, policyError.toUserMessage());
      return;
    }
  }

  const active = features.filter((f) => !(settingsError && f.usesRepoSettings) && f.appliesTo(context, config));
  if (settingsError) {
    const standingDown = features.filter((f) => f.usesRepoSettings && f.appliesTo(context, { ...config, review: { ...config.review, enabled: true } }));
    context.log.warn({ code: settingsError.code, issue: issue.number }, "repository configuration unusable");
    if (active.length === 0 && addresses(standingDown)) await reply(0, settingsError.toUserMessage());
  }
  if (active.length === 0) return;
  const specs = active.flatMap((f) => f.specs);
  let roster: Roster | null = null;

  for (const [index, command] of commands.entries()) {
    const match = matchCommand(command, specs);
    if (match.kind === "unknown") {
      // Another app's command or prose starting with "/", unless secwg owns this thread.
      if (active.some((f) => f.ownsThread)) {
        context.log.info({ command: command.name, issue: issue.number }, "unknown command");
        await reply(index, renderUnknownCommand(command.name, specs));
      }
      continue;
    }
    if (match.kind === "invalid") {
      context.log.info({ command: command.name, issue: issue.number }, "malformed command");
      await reply(index, renderUsage(match, specs));
      continue;
    }
    try {
      roster ??= await loadRoster(gateway, config, repo.owner);
    } catch (error) {
      if (!isPolicyError(error)) throw error;
      context.log.warn({ code: error.code }, "commands refused: roster unusable");
      await reply(index, `secwg cannot check who may run \`/${command.name}\`:\n\n${error.toUserMessage()}`);
      return;
    }
    const decision = authorise(match.spec.permission, actor, roster, isoDay(deps.now()), { authorId: issue.user?.id });
    if (!decision.allowed) {
      context.log.info({ command: command.name, actor: actor.id, reason: decision.reason }, "command refused");
      await reply(index, renderRefusal(command.name, actor, decision));
      continue;
    }
    const feature = active.find((f) => f.specs.includes(match.spec)) as CommandFeature;
    context.log.info({ command: command.name, actor: actor.id, issue: issue.number }, "running command");
    await feature.execute({ context, deps, gateway, config, roster, issue: ref, actor, match });
  }
}
