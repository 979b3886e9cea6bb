import { parseCommands, noArgs, type CommandSpec } from "../core/commands.js";
import { SIGNERS } from "../core/authorisation.js";
import { renderMarker } from "../core/marker.js";
import { ROLES } from "../core/roster.js";
import { oneLine } from "../core/review/review-gate.js";
import type { Logger } from "../logger.js";
import type { CommandFeature, CommandInvocation } from "./commands.js";
import { reviewPullRequest, reviewRepoFromPayload, type ReviewRun } from "./security-review.js";

/** Reasons are shown in the check run and the checklist comment: one line, bounded. */
const MAX_REASON = 300;

const FORCE: CommandSpec = {
  name: "security-review",
  usage: "/security-review",
  summary: "ask for security review of this pull request even if no rule fires (members or the author)",
  permission: { kind: "roles", roles: ROLES, orAuthor: true },
  parseArgs: noArgs,
};

const SKIP: CommandSpec<string> = {
  name: "security-review",
  subcommand: "skip",
  usage: "/security-review skip <reason>",
  summary: "pass the security review check for the current commit, recording why (Chair, Co-Chair or Board Liaison)",
  permission: SIGNERS,
  parseArgs: (_args, rest) =>
    rest.trim() === ""
      ? { ok: false, error: "a reason is required, e.g. `/security-review skip only changes documentation`" }
      : { ok: true, value: oneLine(rest, MAX_REASON) },
};

/**
 * `/security-review` and `/security-review skip <reason>` on a pull request. The dispatcher has
 * already checked who may run them; both change secwg's signed record in the checklist comment and
 * re-evaluate, so the check run and the comment show the result (no separate reply).
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
    const log = context.log as unknown as Logger;
    if (pull.state !== "open") {
      await reply(invocation, "This pull request is closed, so secwg did not change its security review.");
      return;
    }
    // The command's own time, not the clock: a redelivery writes the same record.
    const at = comment.created_at;
    let amend: ReviewRun["amend"];
    if (match.spec === SKIP) {
      const reason = match.value as string;
      amend = (record) =>
        // A redelivered skip must not move to a head pushed after the signer wrote it.
        record.skip?.commentId === comment.id ? record : { ...record, skip: { sha: pull.headSha, by: actor.id, login: actor.login, reason, at, commentId: comment.id } };
    } else {
      amend = (record) => (record.forced ? record : { ...record, forced: { by: actor.id, login: actor.login, at } });
    }
    const outcome = await reviewPullRequest({
      gateway,
      deps: invocation.deps,
      log,
      repo: reviewRepoFromPayload(context.payload.repository),
      pull,
      config: invocation.config,
      roster: invocation.roster,
      amend,
    });
    if (match.spec === SKIP && outcome === "not-needed") {
      await reply(invocation, "No security review rule fires on this pull request, so there is nothing to skip.");
    }
  },
};

/** A reply keyed like the dispatcher's, by comment id and command index, so redeliveries reply once. */
async function reply(invocation: CommandInvocation, body: string): Promise<void> {
  const { context, gateway, issue, match } = invocation;
  const index = parseCommands(context.payload.comment.body).findIndex((c) => c.line === match.command.line);
  await gateway.ensureComment(issue, renderMarker("reply", `${context.payload.comment.id}-${Math.max(0, index)}`), body);
}
