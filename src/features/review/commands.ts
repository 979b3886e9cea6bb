import { commandReplyMarker, noArgs, type CommandSpec } from "../../core/commands.js";
import { SIGNERS } from "../../core/authorisation.js";
import { ROLES } from "../../core/roster.js";
import { CLOSED_REPLY, NOTHING_TO_SKIP_REPLY, refusal } from "../../core/review/messages.js";
import { oneLine } from "../../core/review/review-gate.js";
import { COMMIT_PREFIX, decideSkip, type SkipDecision } from "../../core/review/waiver.js";
import type { CommandFeature, CommandInvocation } from "../commands/dispatcher.js";
import { reviewPullRequest } from "./apply.js";
import { reviewRepoFromPayload } from "./events.js";
import type { ReviewEnv } from "./gather.js";

/** Reasons are shown in the check run and the checklist comment: one line, bounded. */
const MAX_REASON = 300;

const FORCE: CommandSpec = {
  name: "security-review",
  usage: "/security-review",
  summary: "ask for security review of this pull request even if no rule fires (members or the author)",
  permission: { kind: "roles", roles: ROLES, orAuthor: true },
  parseArgs: noArgs,
};

interface SkipArgs {
  /** The commit the signer saw (7 to 40 hex digits), when they named it. */
  commit: string | null;
  reason: string;
}

const SKIP: CommandSpec<SkipArgs> = {
  name: "security-review",
  subcommand: "skip",
  usage: "/security-review skip [<commit>] <reason>",
  summary:
    "pass the security review check for the commit you checked (the head, shown in the check), recording why (Chair, Co-Chair or Board Liaison who did not author, commit or push commits in it)",
  permission: SIGNERS,
  parseArgs: (args, rest) => {
    const first = args[0] ?? "";
    const commit = COMMIT_PREFIX.test(first) ? first.toLowerCase() : null;
    const reason = commit ? rest.trim().slice(first.length).trim() : rest.trim();
    return reason === ""
      ? { ok: false, error: "a reason is required, e.g. `/security-review skip 1a2b3c4 only changes documentation`" }
      : { ok: true, value: { commit, reason: oneLine(reason, MAX_REASON) } };
  },
};

/**
 * `/security-review` and `/security-review skip [<commit>] <reason>` on a pull request. The
 * dispatcher has already checked who may run them; both change secwg's signed record in the
 * checklist comment and re-evaluate, so the check run and the comment show the result. A skip is
 * bound to the head its signer saw (`decideSkip`): refused, with a reply, when the head may have
 * moved since the comment was written, when it names another commit, or when the signer authored,
 * committed or pushed commits in the pull request.
 */
export const securityReviewCommands: CommandFeature = {
  name: "security review",
  specs: [FORCE, SKIP as CommandSpec],
  appliesTo: (context, config) => config.review.enabled && !!context.payload.issue.pull_request,
  usesRepoSettings: true,
  async execute(invocation: CommandInvocation): Promise<void> {
    const { context, gateway, issue, actor, match } = invocation;
    const comment = context.payload.comment;
    const pull = await gateway.getPull(issue);
    if (pull.state !== "open") {
      await reply(invocation, CLOSED_REPLY);
      return;
    }
    // The command's own time, not the clock: a redelivery writes the same record.
    const at = comment.created_at;
    let amend: ReviewEnv["amend"];
    let refused: Exclude<SkipDecision, { ok: true }>["why"] | null = null;
    if (match.spec === SKIP) {
      const { commit, reason } = match.value as SkipArgs;
      amend = (record, { excluded }) => {
        // A redelivery of a skip already recorded changes nothing (its head is in the record).
        if (record.skip?.commentId === comment.id) return record;
        const decision = decideSkip({ headSha: pull.headSha, seen: record.head, commentCreatedAt: at, commit, actorId: actor.id, excluded });
        if (!decision.ok) {
          refused = decision.why;
          return record;
        }
        return { ...record, skip: { sha: pull.headSha, by: actor.id, login: actor.login, reason, at, commentId: comment.id } };
      };
    } else {
      amend = (record) => (record.forced ? record : { ...record, forced: { by: actor.id, login: actor.login, at } });
    }
    const outcome = await reviewPullRequest({
      ...invocation.env,
      repo: reviewRepoFromPayload(context.payload.repository),
      pull,
      config: invocation.config,
      roster: invocation.roster,
      amend,
    });
    if (refused) {
      await reply(invocation, refusal(refused, pull.headSha));
    } else if (match.spec === SKIP && outcome === "not-needed") {
      await reply(invocation, NOTHING_TO_SKIP_REPLY);
    }
  },
};

/** A reply keyed like the dispatcher's (`commandReplyMarker`), so redeliveries reply once. */
async function reply(invocation: CommandInvocation, body: string): Promise<void> {
  const { context, gateway, issue, match } = invocation;
  await gateway.ensureComment(issue, commandReplyMarker(context.payload.comment.id, match.command), body);
}
