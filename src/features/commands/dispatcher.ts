import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import type { SecwgConfig } from "../../config/schema.js";
import { authorise, renderRefusal } from "../../core/authorisation.js";
import {
  commandReplyMarker,
  isBotUser,
  matchCommand,
  parseCommands,
  renderUnknownCommand,
  renderUsage,
  type CommandMatch,
  type CommandSpec,
  type ParsedCommand,
} from "../../core/commands.js";
import { isoDay } from "../../core/dates.js";
import type { Roster } from "../../core/roster.js";
import type { Gateway, IssueRef, RepoRef } from "../../github/gateway.js";
import { eventEnv, type FeatureEnv } from "../env.js";
import { gatherConfig, gatherRoster, type PolicyProblem } from "../policy/gather.js";

export type CommentContext = Context<"issue_comment.created">;

/** What a feature's command executor receives. */
export interface CommandInvocation {
  context: CommentContext;
  /** The event's environment, with the policy and the roster the dispatcher authorised against. */
  env: FeatureEnv & { roster: Roster };
  issue: IssueRef;
  actor: { id: number; login: string };
  match: Extract<CommandMatch, { kind: "ok" }>;
  /** Same as `env.gateway`, `env.config`, `env.roster`; kept until every feature reads `env`. */
  deps: AppDeps;
  gateway: Gateway;
  config: SecwgConfig;
  roster: Roster;
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

/** One comment's commands on their way to the features, with the reply every refusal uses. */
interface Dispatch {
  context: CommentContext;
  deps: AppDeps;
  gateway: Gateway;
  repo: RepoRef;
  issue: IssueRef;
  actor: { id: number; login: string };
  commands: ParsedCommand[];
  /** Replies once per command (`commandReplyMarker`), so a redelivery never replies twice. */
  reply(command: ParsedCommand, body: string): Promise<unknown>;
}

/**
 * `issue_comment.created`: runs the commands in a comment. Bots (secwg included) are ignored.
 * Replies (refusals, usage help) are keyed by the comment id and the command's line, so a
 * redelivery never replies twice.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment
 */
export async function onIssueComment(context: CommentContext, deps: AppDeps, features: readonly CommandFeature[]): Promise<void> {
  const { comment, issue, repository } = context.payload;
  if (!comment.user || isBotUser(comment.user)) return;
  const commands = parseCommands(comment.body);
  if (commands.length === 0) return;

  const gateway = deps.gatewayFor(context);
  const repo = { owner: repository.owner.login, repo: repository.name };
  const ref: IssueRef = { ...repo, issue_number: issue.number };
  const dispatch: Dispatch = {
    context, deps, gateway, repo, issue: ref, commands,
    actor: { id: comment.user.id, login: comment.user.login },
    reply: (command, body) => gateway.ensureComment(ref, commandReplyMarker(comment.id, command), body),
  };
  const routed = await gatherFeatures(dispatch, features);
  if (routed) await runCommands(dispatch, routed.config, routed.active);
}

/** Whether the comment addresses one of `candidates`: only then does it hear why secwg cannot answer. */
function addresses(dispatch: Dispatch, candidates: readonly CommandFeature[]): boolean {
  return dispatch.commands.some((c) => candidates.some((f) => f.specs.some((s) => s.name === c.name)));
}

/**
 * The configuration and the features that apply here. When the repository's own file is unusable,
 * the features that need only the organisation's policy still run; when the policy itself is
 * unusable, nothing runs and a comment that addressed secwg hears why (once, on its first command).
 */
async function gatherFeatures(dispatch: Dispatch, features: readonly CommandFeature[]): Promise<{ config: SecwgConfig; active: CommandFeature[] } | null> {
  const { context, gateway, repo, commands } = dispatch;
  const first = commands[0] as ParsedCommand;
  let settingsProblem: PolicyProblem | null = null;
  let settings = await gatherConfig(gateway, { repo });
  if (!settings.ok) {
    settingsProblem = settings.problem;
    settings = await gatherConfig(gateway, { owner: repo.owner });
    if (!settings.ok) {
      context.log.warn({ code: settings.problem.code, issue: dispatch.issue.issue_number }, "commands ignored: configuration unusable");
      if (addresses(dispatch, features)) await dispatch.reply(first, settings.problem.toUserMessage());
      return null;
    }
  }
  const config = settings.value;
  const active = features.filter((f) => !(settingsProblem && f.usesRepoSettings) && f.appliesTo(context, config));
  if (settingsProblem) {
    const standingDown = features.filter((f) => f.usesRepoSettings && f.appliesTo(context, { ...config, review: { ...config.review, enabled: true } }));
    context.log.warn({ code: settingsProblem.code, issue: dispatch.issue.issue_number }, "repository configuration unusable");
    if (active.length === 0 && addresses(dispatch, standingDown)) await dispatch.reply(first, settingsProblem.toUserMessage());
  }
  return active.length === 0 ? null : { config, active };
}

/**
 * Each command in order: an unknown or malformed one is answered, a known one is authorised
 * against the roster (read once, on the first command that needs it) and handed to its feature.
 */
async function runCommands(dispatch: Dispatch, config: SecwgConfig, active: readonly CommandFeature[]): Promise<void> {
  const { context, deps, gateway, issue, actor } = dispatch;
  const specs = active.flatMap((f) => f.specs);
  let roster: Roster | null = null;
  for (const command of dispatch.commands) {
    const match = matchCommand(command, specs);
    if (match.kind === "unknown") {
      // Another app's command or prose starting with "/", unless secwg owns this thread.
      if (active.some((f) => f.ownsThread)) {
        context.log.info({ command: command.name, issue: issue.issue_number }, "unknown command");
        await dispatch.reply(command, renderUnknownCommand(command.name, specs));
      }
      continue;
    }
    if (match.kind === "invalid") {
      context.log.info({ command: command.name, issue: issue.issue_number }, "malformed command");
      await dispatch.reply(command, renderUsage(match, specs));
      continue;
    }
    if (!roster) {
      const read = await gatherRoster(gateway, config, issue.owner);
      if (!read.ok) {
        context.log.warn({ code: read.problem.code }, "commands refused: roster unusable");
        await dispatch.reply(command, `secwg cannot check who may run \`/${command.name}\`:\n\n${read.problem.toUserMessage()}`);
        return;
      }
      roster = read.value;
    }
    const env = { ...eventEnv(context, deps, gateway, issue.owner, config), roster };
    const decision = authorise(match.spec.permission, actor, roster, isoDay(env.now), { authorId: context.payload.issue.user?.id });
    if (!decision.allowed) {
      context.log.info({ command: command.name, actor: actor.id, reason: decision.reason }, "command refused");
      await dispatch.reply(command, renderRefusal(command.name, actor, decision));
      continue;
    }
    const feature = active.find((f) => f.specs.includes(match.spec)) as CommandFeature;
    context.log.info({ command: command.name, actor: actor.id, issue: issue.issue_number }, "running command");
    await feature.execute({ context, env, issue, actor, match, deps, gateway, config, roster });
  }
}
