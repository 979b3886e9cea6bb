import type { ArgsResult, CommandSpec } from "../../core/commands.js";
import { commandReplyMarker, noArgs } from "../../core/commands.js";
import { ANYONE, SIGNERS } from "../../core/authorisation.js";
import { renderMarker } from "../../core/marker.js";
import { renderStatusReply } from "../../core/vote/vote-comment.js";
import { VOTE_REPLIES } from "../../core/vote/messages.js";
import { isGroupRepo } from "../../core/repositories.js";
import type { CommandFeature, CommandInvocation } from "../commands/dispatcher.js";
import { cancelVote, extendVote, refreshVote } from "./lifecycle.js";

const MAX_EXTENSION_DAYS = 30;

/** `3d`, `36h`, `1w` → days (fractional for hours). */
export function parseDuration(text: string | undefined): ArgsResult<number> {
  const match = /^(\d{1,3})([hdw])$/i.exec(text ?? "");
  const error = `expected a duration like \`3d\`, \`48h\` or \`1w\` of at most ${MAX_EXTENSION_DAYS} days`;
  if (!match) return { ok: false, error };
  const amount = Number(match[1]);
  const days = { h: amount / 24, d: amount, w: amount * 7 }[(match[2] as string).toLowerCase() as "h" | "d" | "w"];
  return days > 0 && days <= MAX_EXTENSION_DAYS ? { ok: true, value: days } : { ok: false, error };
}

const STATUS: CommandSpec<undefined> = {
  name: "vote",
  subcommand: "status",
  usage: "/vote status",
  summary: "re-count the vote now and show the tally",
  permission: ANYONE,
  parseArgs: noArgs as CommandSpec<undefined>["parseArgs"],
};

const CANCEL: CommandSpec<string> = {
  name: "vote",
  subcommand: "cancel",
  usage: "/vote cancel <reason>",
  summary: "end the vote without a result; the reason is recorded (Chair, Co-Chair or Board Liaison)",
  permission: SIGNERS,
  parseArgs: (_args, rest) =>
    rest.length === 0
      ? { ok: false, error: "needs a reason, e.g. `/vote cancel the applicant withdrew`" }
      : rest.length > 300
        ? { ok: false, error: "the reason must be at most 300 characters" }
        : { ok: true, value: rest },
};

const EXTEND: CommandSpec<number> = {
  name: "vote",
  subcommand: "extend",
  usage: "/vote extend <duration>",
  summary: "move the deadline once, e.g. `/vote extend 3d` (Chair, Co-Chair or Board Liaison)",
  permission: SIGNERS,
  parseArgs: (args) => (args.length !== 1 ? { ok: false, error: "needs one duration like `3d`" } : parseDuration(args[0])),
};

/** `/vote status|cancel|extend` on a pull request of the group repository. */
export const VOTE_COMMANDS: CommandFeature = {
  name: "votes",
  specs: [STATUS, CANCEL, EXTEND] as CommandSpec[],
  appliesTo(context, config) {
    const { repository } = context.payload;
    return !!context.payload.issue.pull_request && isGroupRepo(config, { owner: repository.owner.login, repo: repository.name });
  },
  async execute(invocation: CommandInvocation) {
    const { gateway, issue, actor, match, context, env } = invocation;
    // Replies written before vote commands used the one reply key are found under their old key.
    const formerMarkers = [renderMarker("reply", `${context.payload.comment.id}-vote-${match.command.line}`)];
    const reply = (body: string) => gateway.ensureComment(issue, commandReplyMarker(context.payload.comment.id, match.command), body, { formerMarkers });
    if (match.spec === STATUS) {
      const labels = (context.payload.issue.labels ?? []).map((l) => l.name);
      const result = await refreshVote(env, issue, { labels });
      if (result.kind === "open" || result.kind === "closed") await reply(renderStatusReply(result.record, result.tally, result.comment.html_url));
      else if (result.kind === "tampered") await reply(VOTE_REPLIES.tampered(result.reason));
      else await reply(result.kind === "reposted" ? VOTE_REPLIES.reposted : VOTE_REPLIES.none);
      return;
    }
    if (match.spec === CANCEL) {
      const outcome = await cancelVote(env, issue, actor, match.value as string);
      const text = { cancelled: VOTE_REPLIES.cancelled(actor.login, match.value as string), "not-open": VOTE_REPLIES.notOpen, none: VOTE_REPLIES.none };
      await reply(text[outcome]);
      return;
    }
    const outcome = await extendVote(env, issue, match.value as number);
    const text: Record<typeof outcome.kind, string> = {
      extended: outcome.kind === "extended" ? VOTE_REPLIES.extended(outcome.deadline, actor.login) : "",
      "already-extended": VOTE_REPLIES.alreadyExtended,
      "not-open": VOTE_REPLIES.notOpen,
      none: VOTE_REPLIES.none,
      tampered: VOTE_REPLIES.tamperedNoChange,
    };
    await reply(text[outcome.kind]);
  },
};
