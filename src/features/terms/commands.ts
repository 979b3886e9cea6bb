import { isoDay } from "../../core/dates.js";
import type { SecwgConfig } from "../../config/schema.js";
import { ANYONE } from "../../core/authorisation.js";
import type { CommandSpec } from "../../core/commands.js";
import { dayIn } from "../../core/governance/calendar.js";
import { setTermEnds } from "../../core/governance/roster-edit.js";
import { lapseBranch, noticeKeyOf, renewBranch } from "../../core/governance/terms-plan.js";
import { planRenew, type RenewPlan } from "../../core/governance/renew-command.js";
import { isOurs, type AppIdentity } from "../../core/identity.js";
import { renderMarker } from "../../core/marker.js";
import { isGroupRepo, resolveRepo } from "../../core/repositories.js";
import type { CommandFeature, CommandInvocation, CommentContext } from "../commands/dispatcher.js";
import { seeProposal } from "./gather.js";

const RENEW: CommandSpec<null> = {
  name: "renew",
  usage: "/renew",
  summary: "renew your own membership term (on your renewal notice)",
  // Who may renew is decided below: the member the notice is about, by numeric id. A member in
  // the grace period is no longer active, so the dispatcher's role check would refuse them.
  permission: ANYONE,
  parseArgs: (args) => (args.length === 0 ? { ok: true, value: null } : { ok: false, error: "`/renew` takes no arguments: it renews your own term" }),
};

/**
 * `/renew` on a renewal notice (an issue secwg wrote in the group repository, its key on the first
 * line): only the member the notice is about, identified by numeric id, renews; secwg proposes the
 * roster change extending `term_ends` by the term length from the old `term_ends`, merges it at the
 * head it verified, closes the notice and withdraws a pending "term ended" removal. Replies are
 * keyed by the comment, so a redelivery writes nothing.
 */
export const termsCommands: CommandFeature = {
  name: "terms",
  specs: [RENEW],
  appliesTo(context: CommentContext, config: SecwgConfig): boolean {
    const { repository, issue } = context.payload;
    return isGroupRepo(config, { owner: repository.owner.login, repo: repository.name }) && !issue.pull_request && noticeKeyOf(issue.body) !== null;
  },
  async execute(invocation: CommandInvocation): Promise<void> {
    const { context, gateway, issue, actor, roster, config, deps } = invocation;
    const reply = (text: string) => gateway.ensureComment(issue, renderMarker("reply", `${context.payload.comment.id}-renew`), text);
    const self = await gateway.self();
    // Only a notice secwg wrote names a member, and only that member (by id) may renew on it.
    const notice = noticeKeyOf(context.payload.issue.body);
    if (!notice || !isOurs(context.payload.issue.user, self)) return;
    if (actor.id !== notice.memberId) {
      context.log.info({ actor: actor.id, issue: issue.issue_number }, "renew refused: not the member");
      await reply(`@${actor.login}, this renewal notice is about another member's term; \`/renew\` renews only your own term, on your own notice.`);
      return;
    }
    const plan = planRenew({ actor, member: roster.byId(actor.id), notice, today: dayIn(deps.now(), config.reports.timeZone), rules: config.terms });
    if (plan.kind === "reply") {
      if (plan.refused) context.log.info({ actor: actor.id, reason: plan.refused }, "renew refused");
      await reply(plan.reply);
      return;
    }
    const problem = await renewByPullRequest(invocation, actor.id, plan, self);
    if (problem) {
      await reply(`@${actor.login}, ${problem}`);
      return;
    }
    context.log.info({ actor: actor.id, day: isoDay(deps.now()) }, "term renewed");
    await reply(plan.done);
    await gateway.ensureIssueClosed(issue, "completed");
  },
};

/**
 * Proposes the roster change extending the member's `term_ends`, merges it at the head verified to
 * be exactly that change, and withdraws secwg's pending "term ended" removal of the same term.
 * Returns what to tell the member when it cannot be done now, or null once merged.
 */
async function renewByPullRequest(invocation: CommandInvocation, memberId: number, plan: Extract<RenewPlan, { kind: "renew" }>, self: AppIdentity): Promise<string | null> {
  const { context, gateway, issue, config } = invocation;
  const group = resolveRepo(config.group.repo, issue.owner);
  const text = await gateway.readFile(group, config.group.roster);
  const content = text === null ? null : setTermEnds(text, memberId, plan.termEnds, plan.newTermEnds);
  if (content === null) return `secwg could not change your entry in \`${config.group.roster}\` automatically; a signer can extend \`term_ends\` to ${plan.newTermEnds} by pull request.`;
  const branch = renewBranch(memberId, plan.termEnds);
  await gateway.proposeFile(group, {
    branch,
    path: config.group.roster,
    content,
    commitMessage: `Renew the term of member ${memberId} until ${plan.newTermEnds}`,
    title: `Term renewal of member ${memberId}`,
    body: `Member ${memberId} renewed their term with \`/renew\` (${context.payload.comment.html_url}). \`term_ends\`: ${plan.termEnds} → ${plan.newTermEnds} (the term length from the old end).`,
  });
  const seen = await seeProposal(gateway, group, branch, config.group.roster, content, self);
  if (!seen?.verified) return "your renewal is proposed but could not be merged as proposed; the next sweep tries again.";
  await gateway.mergePull({ ...group, issue_number: seen.number }, { sha: seen.headSha, merge_method: config.votes.merge_method, commit_title: `Renew the term of member ${memberId}` });
  const lapse = await seeProposal(gateway, group, lapseBranch(memberId, plan.termEnds), config.group.roster, null, self);
  if (lapse?.ours) await gateway.closePull({ ...group, issue_number: lapse.number });
  return null;
}
