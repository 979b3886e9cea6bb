import type { SecwgConfig } from "../../config/schema.js";
import { MEMBERS, type Permission } from "../../core/authorisation.js";
import { commandKey, type CommandSpec } from "../../core/commands.js";
import { dayIn } from "../../core/governance/calendar.js";
import { reasonLogEffect, REMOVAL_TITLE, removalBranch } from "../../core/governance/removal-plan.js";
import { activeMemberNamed, removalPullBody, removalRecordFor } from "../../core/governance/removal-command.js";
import { parseRemovalRecord, renderConsultationRecord, renderRemovalRecord } from "../../core/governance/removal-record.js";
import { removeEntry } from "../../core/governance/roster-edit.js";
import { renderMarker } from "../../core/marker.js";
import { isGroupRepo, resolveRepo } from "../../core/repositories.js";
import type { Member } from "../../core/roster.js";
import { voteTarget } from "../../core/vote/vote-record.js";
import { RosterError } from "../../errors.js";
import type { IssueRef } from "../../github/gateway.js";
import { applyEffects } from "../apply-effects.js";
import type { CommandFeature, CommandInvocation, CommentContext } from "../commands/dispatcher.js";
import { openVote } from "../votes/open.js";
import type { BaseEnv } from "../env.js";
import { evaluateRemoval, seeRemoval, type SeenRemoval } from "./evaluate.js";

const MAX_REASON = 1000;
const LOGIN = /^@?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$/;

/** Errors never quote the arguments: they are written before the author is authorised. */
const REMOVE: CommandSpec<{ login: string; reason: string }> = {
  name: "remove",
  usage: "/remove @login <reason>",
  summary: "start the removal of a member (any member; the reason is written only to the private tracker)",
  permission: MEMBERS,
  parseArgs: (args, rest) => {
    const login = LOGIN.exec(args[0] ?? "")?.[1];
    if (!login) return { ok: false, error: "needs the member's login, e.g. `/remove @login <reason>`" };
    const reason = rest.slice((args[0] as string).length).trim();
    if (reason.length === 0) return { ok: false, error: "needs a reason after the login; it is written only to the private tracker" };
    if (reason.length > MAX_REASON) return { ok: false, error: `the reason must be at most ${MAX_REASON} characters` };
    return { ok: true, value: { login, reason } };
  },
};

const BOARD_LIAISON: Permission = { kind: "roles", roles: ["board-liaison"] };

const CONSULTED: CommandSpec<null> = {
  name: "consulted",
  usage: "/consulted",
  summary: "record that the Chair and the Co-Chair consulted you on this removal, at its current commit (Board Liaison)",
  permission: BOARD_LIAISON,
  parseArgs: (args) => (args.length === 0 ? { ok: true, value: null } : { ok: false, error: "takes no arguments" }),
};

function voteEnv(invocation: CommandInvocation): BaseEnv {
  return invocation.env;
}

/**
 * `/remove @login <reason>` in an issue of the group repository. The dispatcher has checked that
 * the actor is an active member (by id, on the roster of the default branch). The login is
 * resolved through the roster only; the reason goes to the tracker's removals log and nowhere else
 * (not the reply, not the pull request, not a commit, not a log line). secwg opens the roster pull
 * request removing the entry ("Removal of a member"), opens the removal vote on it and shows the
 * `secwg / removal` check. Everything is keyed by the subject's id and the command's comment, so a
 * redelivery writes nothing.
 */
export const removalCommands: CommandFeature = {
  name: "removals",
  specs: [REMOVE] as CommandSpec[],
  appliesTo(context: CommentContext, config: SecwgConfig): boolean {
    const { repository, issue } = context.payload;
    return !issue.pull_request && isGroupRepo(config, { owner: repository.owner.login, repo: repository.name });
  },
  async execute(invocation: CommandInvocation): Promise<void> {
    const { context, gateway, config, roster, issue, actor, match, deps } = invocation;
    const key = commandKey(context.payload.comment.id, match.command);
    const reply = (text: string) => gateway.ensureComment(issue, renderMarker("removal-reply", key), text);
    const { login, reason } = match.value as { login: string; reason: string };

    const subject = activeMemberNamed(roster, login, dayIn(deps.now(), config.reports.timeZone));
    if (!subject) {
      context.log.info({ actor: actor.id }, "remove refused: no such active member");
      await reply(`@${actor.login} \`/remove\`: no active member with that login is on the group's roster. Nothing was recorded.`);
      return;
    }
    // The reason is recorded first, whatever happens next, and only in the private tracker.
    const tracker = resolveRepo(config.group.tracker, issue.owner);
    await applyEffects(gateway, [reasonLogEffect(tracker, { key, subject: { id: subject.id, login: subject.login }, by: actor, where: voteTarget(issue), reason })], { log: context.log });

    const proposed = await proposeRemoval(invocation, subject);
    if (proposed.kind === "refused") {
      await reply(`@${actor.login} ${proposed.reply}`);
      return;
    }
    const env = voteEnv(invocation);
    await openVote(env, proposed.pr, { kind: "removal", subject: proposed.seen.record.subject, headSha: proposed.seen.pull.head.sha, policy: { config, roster } });
    await reply(`@${actor.login} the removal of @${subject.login} is proposed in #${proposed.pr.issue_number}, with a vote of the group; your reason is recorded in the private tracker only.`);
    await evaluateRemoval(env, proposed.pr, { config });
  },
};

type Proposed = { kind: "refused"; reply: string } | { kind: "proposed"; pr: IssueRef; seen: SeenRemoval };

/**
 * The roster pull request removing `subject`, opened by secwg with its signed record (or found again
 * on a redelivery), and read back as secwg trusts it. Refused, with what to tell the author, when
 * another command's removal of the same member is open, when the entry cannot be removed alone, when
 * the member is already gone, or when the pull request found is not one secwg can act on.
 */
async function proposeRemoval(invocation: CommandInvocation, subject: Member): Promise<Proposed> {
  const { gateway, config, issue, actor, deps, context } = invocation;
  const comment = context.payload.comment;
  const group = resolveRepo(config.group.repo, issue.owner);
  const branch = removalBranch(subject.id);
  const self = await gateway.self();
  const existing = await gateway.findOpenPullFromBranch(group, branch);
  if (existing !== null) {
    const seen = await seeRemoval(gateway, { ...group, issue_number: existing }, deps.signingKey, self);
    if (seen && seen.record.comment !== comment.id) {
      return { kind: "refused", reply: `a removal of @${subject.login} is already open in #${existing}; your reason is recorded with it in the private tracker.` };
    }
  }
  const rosterText = await gateway.readFile(group, config.group.roster);
  if (rosterText === null) throw new RosterError(`${group.owner}/${group.repo}:${config.group.roster}`, [{ path: "", message: "not found on the default branch of the group repository" }]);
  const content = removeEntry(rosterText, subject.id);
  if (content === null) {
    return { kind: "refused", reply: `secwg could not remove @${subject.login}'s entry from \`${config.group.roster}\` without touching other lines; the reason is recorded in the private tracker. A signer can propose the change by pull request.` };
  }
  const record = removalRecordFor({ group, subject, by: actor, issue: voteTarget(issue), comment });
  const proposed = await gateway.proposeFile(group, {
    branch,
    path: config.group.roster,
    content,
    commitMessage: REMOVAL_TITLE,
    title: REMOVAL_TITLE,
    body: removalPullBody(renderRemovalRecord(record, deps.signingKey), record, config.group.roster),
  });
  const number = proposed.pull ?? (await gateway.findOpenPullFromBranch(group, branch));
  if (number === null) return { kind: "refused", reply: `@${subject.login} is no longer on the roster of the default branch. Nothing else to do.` };
  const pr = { ...group, issue_number: number };
  const seen = await seeRemoval(gateway, pr, deps.signingKey, self);
  if (!seen || parseRemovalRecord(seen.pull.body, deps.signingKey, { repo: record.repo, branch }) === null) {
    return { kind: "refused", reply: `the removal pull request #${number} is not one secwg can act on. Nothing else was done.` };
  }
  return { kind: "proposed", pr, seen };
}

/**
 * `/consulted` on a removal pull request, by the Board Liaison (checked by id against the roster by
 * the dispatcher): a signed record in secwg's reply, bound to the pull request and its head commit
 * at the time. A push after it makes it stale (`chairsPath`).
 */
export const consultedCommands: CommandFeature = {
  name: "removals-consulted",
  specs: [CONSULTED] as CommandSpec[],
  appliesTo(context: CommentContext, config: SecwgConfig): boolean {
    const { repository, issue } = context.payload;
    return !!issue.pull_request && isGroupRepo(config, { owner: repository.owner.login, repo: repository.name });
  },
  async execute(invocation: CommandInvocation): Promise<void> {
    const { context, gateway, config, issue, actor, match, deps } = invocation;
    const comment = context.payload.comment;
    const key = commandKey(comment.id, match.command);
    const marker = renderMarker("removal-consulted-reply", key);
    // A redelivery finds its answer (the record, bound to the head it saw then, or the refusal).
    if (await gateway.findComment(issue, marker)) return void (await evaluateRemoval(voteEnv(invocation), issue, { config }));
    const seen = await seeRemoval(gateway, issue, deps.signingKey);
    if (!seen || seen.pull.state !== "open") {
      await gateway.ensureComment(issue, marker, `@${actor.login} \`/consulted\` applies only to an open removal pull request secwg opened. Nothing was recorded.`);
      return;
    }
    const signed = renderConsultationRecord(
      { v: 1, target: voteTarget(issue), by: actor, headSha: seen.pull.head.sha, comment: comment.id, at: new Date(comment.created_at).toISOString() },
      deps.signingKey,
    );
    await gateway.ensureComment(issue, marker, `${signed}\nRecorded: the Board Liaison (@${actor.login}) was consulted on this removal at ${seen.pull.head.sha.slice(0, 7)}. A push to this pull request makes it stale.`);
    await evaluateRemoval(voteEnv(invocation), issue, { config });
  },
};
