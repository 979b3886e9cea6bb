import { isoDay } from "../../core/dates.js";
import type { SecwgConfig } from "../../config/schema.js";
import { ACCESS_SPECS } from "../../core/governance/access-commands.js";
import { decideGrant, parseAccessRecord, renderAccessRecord, type AccessRecord } from "../../core/governance/access-record.js";
import { accessOutcome, accessRecordFor, checkAccessCommand, type AccessAction } from "../../core/governance/access-command-plan.js";
import { setTrackerAccess } from "../../core/governance/tracker-access-edit.js";
import { isOurs } from "../../core/identity.js";
import { renderMarker } from "../../core/marker.js";
import { isGroupRepo, resolveRepo } from "../../core/repositories.js";
import type { Member } from "../../core/roster.js";
import { voteTarget } from "../../core/vote/vote-record.js";
import { GitHubError, RosterError } from "../../errors.js";
import { isTransientFailure } from "../../core/retry-policy.js";
import type { Gateway, IssueRef } from "../../github/gateway.js";
import type { CommandFeature, CommandInvocation, CommentContext } from "../commands/dispatcher.js";
import type { EffectLog } from "../apply-effects.js";
import { reconcileAccess } from "./reconcile.js";

/**
 * `/grant-access @member` and `/revoke-access @member` in an issue of the group repository. The
 * dispatcher has checked that the actor is the Chair or the Co-Chair on the roster of the default
 * branch. A grant is a signed record in secwg's reply, bound to the member's id and to the issue;
 * access is granted when the Chair and the Co-Chair (as the roster names them now) have both
 * granted in the same issue since the last revoke, and only once the member's onboarding has
 * ended. A revoke by either takes effect at once. Either way the change is made readable on
 * GitHub (a roster pull request, merged by secwg) and applied in the same run.
 */
export const accessCommands: CommandFeature = {
  name: "access",
  specs: ACCESS_SPECS,
  appliesTo(context: CommentContext, config: SecwgConfig): boolean {
    const { repository, issue } = context.payload;
    return !issue.pull_request && isGroupRepo(config, { owner: repository.owner.login, repo: repository.name });
  },
  async execute(invocation: CommandInvocation): Promise<void> {
    const { context, deps, gateway, config, roster, issue, actor, match } = invocation;
    const comment = context.payload.comment;
    const key = `${comment.id}-${match.command.line}`;
    const replyMarker = renderMarker("access-reply", key);
    const reply = (text: string) => gateway.ensureComment(issue, replyMarker, text);
    const action: AccessAction = match.spec.name === "grant-access" ? "grant" : "revoke";

    // A redelivery: the command was answered. A refusal stays as it was; a recorded grant or revoke
    // is carried out again from its own record (each step finds before it writes), never decided
    // again on the roster as it is now, which the first delivery may already have changed.
    const answered = await gateway.findComment(issue, replyMarker);
    if (answered) {
      const handled = parseAccessRecord(answered.body, deps.signingKey, voteTarget(issue));
      if (handled?.comment === comment.id) await carryOut(invocation, handled, key);
      return;
    }

    const today = isoDay(deps.now());
    const check = checkAccessCommand({ action, login: match.value as string, roster, actor, today, onboardingMonths: config.onboarding.months });
    if (check.kind === "refuse") {
      await reply(check.reply);
      return;
    }
    const record = accessRecordFor(action, voteTarget(issue), check.subject, actor, check.role, comment);
    // A grant counts with the others already recorded in this issue; a revoke needs none.
    const decision = action === "grant" ? decideGrant([...(await readRecords(gateway, issue, deps.signingKey, comment.id)), record], roster, check.subject.id, today) : null;
    const outcome = accessOutcome(record, decision);
    await reply(`${renderAccessRecord(record, deps.signingKey)}\n${outcome.reply}`);
    if (outcome.apply) await applyTrackerAccess(gateway, invocation, check.subject, action === "grant", key);
  },
};

/** How long after its comment a recorded command is still carried out again on a redelivery. */
const CARRY_OUT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A recorded grant or revoke, carried out again (a redelivery after a crash between the reply and the change). */
async function carryOut(invocation: CommandInvocation, record: AccessRecord, key: string): Promise<void> {
  const { gateway, roster, issue, deps } = invocation;
  const subject = roster.byId(record.subject.id);
  // Only a recent command is carried out again: a delivery replayed days later must not undo what
  // was decided since (a revoke or a grant in another issue).
  if (!subject || deps.now().getTime() - Date.parse(record.at) > CARRY_OUT_WINDOW_MS) return;
  // Every record in the issue in comment order, this one included: a later one still stands.
  const records = await readRecords(gateway, issue, deps.signingKey, 0);
  if (record.action === "revoke") {
    const overtaken = records.some((r) => r.subject.id === subject.id && r.comment > record.comment);
    if (!overtaken) await applyTrackerAccess(gateway, invocation, subject, false, key);
    return;
  }
  if (decideGrant(records, roster, subject.id, isoDay(deps.now())).kind !== "waiting") await applyTrackerAccess(gateway, invocation, subject, true, key);
}

/** secwg's verified access records in this issue (other than the one for `exceptComment`), oldest first. */
async function readRecords(gateway: Gateway, issue: IssueRef, signingKey: string, exceptComment: number): Promise<AccessRecord[]> {
  const [self, comments] = await Promise.all([gateway.self(), gateway.listAllComments(issue)]);
  return comments
    .filter((c) => isOurs(c.user, self))
    .map((c) => parseAccessRecord(c.body, signingKey, voteTarget(issue)))
    .filter((r): r is AccessRecord => r !== null && r.comment !== exceptComment)
    .sort((a, b) => a.comment - b.comment);
}

/**
 * Sets `tracker_access` on the roster by a pull request secwg opens and merges, then makes GitHub
 * match the roster. Each step finds before it writes: a redelivery finds the roster already changed
 * and only re-checks access.
 */
async function applyTrackerAccess(gateway: Gateway, invocation: CommandInvocation, subject: Member, value: boolean, key: string): Promise<void> {
  const { config, issue, deps, context } = invocation;
  const owner = issue.owner;
  const groupRepo = resolveRepo(config.group.repo, owner);
  const path = config.group.roster;
  // The first outcome written stands: a redelivery finds the roster already changed and would
  // otherwise reword an answer people have read.
  const resultMarker = renderMarker("access-result", key);
  const say = async (text: string) => {
    if (!(await gateway.findComment(issue, resultMarker))) await gateway.ensureComment(issue, resultMarker, text);
  };
  const { default_branch: base } = await gateway.getRepository(groupRepo);
  const current = await gateway.readFileWithSha(groupRepo, path, base);
  if (current === null) throw new RosterError(`${groupRepo.owner}/${groupRepo.repo}:${path}`, [{ path: "", message: "not found on the default branch of the group repository" }]);
  const text = setTrackerAccess(current.text, subject.id, value);
  if (text === null) {
    await say(`secwg could not change \`tracker_access\` for @${subject.login} in \`${path}\` without touching other lines. Please change it by pull request.`);
    return;
  }
  let pullNumber: number | null = null;
  if (text !== current.text) {
    const verb = value ? "Grant" : "Revoke";
    const proposal = await gateway.proposeFile(groupRepo, {
      branch: `secwg/access-${subject.id}-${key}`,
      path,
      content: text,
      commitMessage: `chore(roster): ${value ? "grant" : "revoke"} tracker access for ${subject.login}`,
      title: `${verb} tracker access for ${subject.login}`,
      body: `${value ? "Granted by the Chair and the Co-Chair" : "Revoked"} in ${voteTarget(issue)} (signed records there). Sets \`tracker_access: ${value}\` for the member with id ${subject.id}; secwg merges this and makes access on GitHub follow.`,
    });
    pullNumber = proposal.pull;
    if (pullNumber !== null) {
      const ref = { ...groupRepo, issue_number: pullNumber };
      const pull = await gateway.getPull(ref);
      const [headText, files] = await Promise.all([gateway.readFile(groupRepo, path, pull.head.sha), gateway.listPullFiles(ref)]);
      // Merge exactly what secwg wrote: the roster and nothing else, at the head just read.
      if (pull.state !== "open" || headText !== text || files.capped || files.files.some((f) => f.filename !== path)) {
        await say(`The roster pull request #${pullNumber} changed after secwg opened it, so secwg did not merge it.`);
        return;
      }
      try {
        await gateway.mergePull(ref, { sha: pull.head.sha, merge_method: config.votes.merge_method, commit_title: `${verb} tracker access for ${subject.login} (#${pullNumber})` });
      } catch (error) {
        // A transient failure fails the event and is retried; a refusal (required checks or reviews
        // pending) leaves the merge to a person: merging it applies the access then.
        if (!(error instanceof GitHubError) || isTransientFailure(error)) throw error;
        await say(`secwg could not merge the roster pull request #${pullNumber} (GitHub answered ${error.status}). Once it is merged, access follows the roster.`);
        return;
      }
    }
  }
  const log: EffectLog = context.log;
  const run = await reconcileAccess(gateway, owner, { now: deps.now(), log, config });
  context.log.info({ subject: subject.id, tracker_access: value, pull: pullNumber, changes: run.plan.length }, "tracker access applied");
  await say(
    `${pullNumber !== null ? `The roster now says \`tracker_access: ${value}\` for @${subject.login} (#${pullNumber}, merged)` : `The roster already says \`tracker_access: ${value}\` for @${subject.login}`}; access on GitHub follows it (${run.plan.length === 0 ? "nothing needed changing" : "see the tracker's access log"}).`,
  );
}
