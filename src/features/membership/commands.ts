import type { SecwgConfig } from "../../config/schema.js";
import { ANYONE, SIGNERS } from "../../core/authorisation.js";
import { commandReplyMarker, type CommandSpec } from "../../core/commands.js";
import { appendMemberEntry, confirmationMarker, onBehalfBranch, renderConfirmation, renderOnBehalfBody, repoKey, targetKey } from "../../core/membership/on-behalf.js";
import { JOINING_REPLIES } from "../../core/membership/messages.js";
import { isGroupRepo, resolveRepo } from "../../core/repositories.js";
import { applyEffects } from "../apply-effects.js";
import type { CommandFeature, CommandInvocation, CommentContext } from "../commands/dispatcher.js";
import { onRequestChanged } from "./events.js";
import { gatherOnBehalf } from "./on-behalf-gather.js";

/** A GitHub login as a person may type it: `@login` or `login`. */
const LOGIN = /^@?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$/;

const PROPOSE_MEMBER: CommandSpec<string> = {
  name: "propose-member",
  usage: "/propose-member @login",
  summary: "open a membership request on a candidate's behalf (the candidate confirms it with `/confirm`)",
  permission: SIGNERS,
  parseArgs: (args) => {
    const match = args.length === 1 ? LOGIN.exec(args[0] as string) : null;
    return match ? { ok: true, value: match[1] as string } : { ok: false, error: "`/propose-member` takes one GitHub login, e.g. `/propose-member @octocat`" };
  },
};

const CONFIRM: CommandSpec<null> = {
  name: "confirm",
  usage: "/confirm",
  summary: "confirm a membership request opened on your behalf (only its candidate)",
  // Who may confirm is decided below: the subject of the request, by numeric id. A candidate is
  // not in the roster, so the dispatcher's role check would refuse them.
  permission: ANYONE,
  parseArgs: (args) => (args.length === 0 ? { ok: true, value: null } : { ok: false, error: "`/confirm` takes no arguments" }),
};

/**
 * Joining on someone's behalf (the e-mail path). `/propose-member @login`, by a signer in an issue
 * of the group repository: secwg resolves the login to a numeric id through GitHub and opens the
 * membership request itself, its description carrying the signed proposal record (subject and
 * proposer by id). `/confirm`, on that pull request, by its subject only (by numeric id): secwg
 * records the confirmation in a signed comment and judges the request again (a passed vote then
 * merges). Replies are keyed by the comment and the command's line, so a redelivery writes nothing.
 */
export const joiningCommands: CommandFeature = {
  name: "joining",
  specs: [PROPOSE_MEMBER, CONFIRM],
  appliesTo(context: CommentContext, config: SecwgConfig): boolean {
    const { repository } = context.payload;
    return isGroupRepo(config, { owner: repository.owner.login, repo: repository.name });
  },
  async execute(invocation: CommandInvocation): Promise<void> {
    const { match } = invocation;
    if (match.spec.name === PROPOSE_MEMBER.name) await proposeMember(invocation, match.value as string);
    else await confirm(invocation);
  },
};

async function proposeMember(invocation: CommandInvocation, login: string): Promise<void> {
  const { context, gateway, issue, actor, roster, config, env, match } = invocation;
  const marker = commandReplyMarker(context.payload.comment.id, match.command);
  const reply = (text: string) => gateway.ensureComment(issue, marker, text);
  // The reply is written last: when it is there, this command was carried out (a redelivery, or a
  // run after the request merged, when the roster already holds the candidate) and nothing is redone.
  if ((await gateway.findComment(issue, marker)) !== null) return;
  if (context.payload.issue.pull_request) return void (await reply(JOINING_REPLIES.proposeNotOnPull(actor.login)));
  // The login is resolved through GitHub: the id is what counts from here on, never the text typed.
  const user = await gateway.getUserByLogin(login);
  if (!user) return void (await reply(JOINING_REPLIES.noSuchAccount(actor.login)));
  if (user.type !== "User") return void (await reply(JOINING_REPLIES.notAPerson(actor.login)));
  const subject = { id: user.id, login: user.login };
  if (roster.byId(subject.id)) return void (await reply(JOINING_REPLIES.alreadyMember(actor.login, subject)));
  const group = resolveRepo(config.group.repo, issue.owner);
  const text = await gateway.readFile(group, config.group.roster);
  const content = text === null ? null : appendMemberEntry(text, subject);
  if (content === null) return void (await reply(JOINING_REPLIES.cannotEdit(actor.login, config.group.roster)));
  const branch = onBehalfBranch(subject.id);
  const record = { v: 1 as const, repo: repoKey(group), branch, subject, proposer: { id: actor.id, login: actor.login }, comment: context.payload.comment.id };
  const [result] = await applyEffects(gateway, [
    {
      kind: "propose-file",
      repo: group,
      branch,
      path: config.group.roster,
      content,
      commitMessage: `Membership request for @${subject.login} (id ${subject.id}), on their behalf`,
      title: `Membership request: @${subject.login} (on their behalf)`,
      body: renderOnBehalfBody(record, env.signingKey),
      why: "a signer proposed a member on their behalf",
    },
  ]);
  const pull = result && "pull" in result ? (result.pull as number | undefined) : undefined;
  context.log.info({ actor: actor.id, subject: subject.id, pull }, "membership proposed on behalf");
  await reply(pull ? JOINING_REPLIES.proposed(actor.login, subject, pull) : JOINING_REPLIES.alreadyProposed(actor.login));
}

async function confirm(invocation: CommandInvocation): Promise<void> {
  const { context, gateway, issue, actor, env, match } = invocation;
  const reply = (text: string) => gateway.ensureComment(issue, commandReplyMarker(context.payload.comment.id, match.command), text);
  if (!context.payload.issue.pull_request) return;
  const pull = await gateway.getPull(issue);
  const onBehalf = pull.state === "open" ? await gatherOnBehalf(env, issue, pull) : null;
  // Nothing to confirm here (not a request opened on someone's behalf, or its record does not verify).
  if (onBehalf?.kind !== "ok") return void context.log.info({ actor: actor.id, pr: issue.issue_number }, "confirm ignored: no verified on-behalf request");
  if (actor.id !== onBehalf.subject.id) {
    context.log.info({ actor: actor.id, pr: issue.issue_number }, "confirm refused: not the subject");
    return void (await reply(JOINING_REPLIES.notTheSubject(actor.login)));
  }
  const target = targetKey(issue);
  if (!onBehalf.confirmed) {
    await applyEffects(gateway, [
      {
        kind: "ensure-comment",
        issue,
        marker: confirmationMarker(target),
        body: renderConfirmation({ v: 1, target, subject: actor.id, comment: context.payload.comment.id }, actor.login, env.signingKey),
        why: "record the subject's confirmation",
      },
    ]);
  }
  // Judged again: the check leaves pending, and a passed vote that waited for this merges now.
  await onRequestChanged({ gateway, now: env.now, signingKey: env.signingKey, log: context.log }, issue, onBehalf.subject, { createdAt: pull.created_at, authorPushed: true });
}
