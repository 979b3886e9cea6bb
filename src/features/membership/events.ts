import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { isGroupRepo } from "../../core/repositories.js";
import { isBotUser } from "../../core/commands.js";
import { checkMembershipRequest, otherFilesThan } from "../../core/membership/membership-request.js";
import { planInvalidRequest, planValidRequest, problemsMarker, type ValidRequestInput } from "../../core/membership/request-plan.js";
import { VOTE_OPEN_LABEL } from "../../core/vote/close-plan.js";
import { voteTarget } from "../../core/vote/vote-record.js";
import type { Roster } from "../../core/roster.js";
import type { ConfigError, RosterError } from "../../errors.js";
import type { IssueRef } from "../../github/gateway.js";
import { applyEffects } from "../apply-effects.js";
import { gatherRoster } from "../policy/gather.js";
import { gatherVote, loadPolicyOrNull } from "../votes/gather.js";
import { baseEnv, type BaseEnv } from "../env.js";
import { cancelVote, refreshVote } from "../votes/lifecycle.js";
import { openVote } from "../votes/open.js";
import { mergeMembership, welcomeAfterLateMerge } from "./merge.js";
import { gatherOnBehalf } from "./on-behalf-gather.js";

type MembershipEvent = Context<
  "pull_request.opened" | "pull_request.edited" | "pull_request.synchronize" | "pull_request.reopened" | "pull_request.closed"
>;

/**
 * Membership requests: a pull request to the group repository that adds its author to the roster.
 * It is checked against the roster on the base branch; a valid request opens a vote, an invalid
 * one gets a failing `secwg / membership` check and one comment listing each problem and its fix.
 * Pull requests that do not touch the roster cost one read and no write.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
 */
export async function onMembershipPullRequest(context: MembershipEvent, deps: AppDeps): Promise<void> {
  const { pull_request: pr, repository, sender } = context.payload;
  if (!pr.user || !sender) return;
  const author = { id: pr.user.id, login: pr.user.login };
  const ref: IssueRef = { owner: repository.owner.login, repo: repository.name, issue_number: pr.number };
  const env = baseEnv(context, deps);
  if (context.payload.action === "closed") {
    await onClosed(env, ref, author, sender, { merged: pr.merged ?? false, labels: pr.labels.map((l) => l.name) });
    return;
  }
  await onRequestChanged(env, ref, author, { createdAt: pr.created_at, authorPushed: context.payload.action === "synchronize" && !isBotUser(sender) });
}

async function onClosed(env: BaseEnv, ref: IssueRef, author: { id: number; login: string }, sender: { id: number; login: string }, pr: { merged: boolean; labels: string[] }): Promise<void> {
  // Only a thread with an open vote has anything to do; the label tells without a request.
  if (!pr.labels.includes(VOTE_OPEN_LABEL)) {
    // A fork's request is merged after its vote closed (its author pushed the dates): the welcome
    // of that merge may have failed, and this event is the last one the thread gets.
    if (!pr.merged || pr.labels.length === 0) return;
    const config = await loadPolicyOrNull(env, ref.owner, { pr: ref.issue_number });
    if (!config || !pr.labels.includes(config.votes.labels.passed) || !config.votes.merge) return;
    const vote = await gatherVote(env, ref, { conditional: false, reactions: "none" });
    await welcomeAfterLateMerge(env, ref, author, config, vote.kind === "ok" ? vote.record : null);
    return;
  }
  const reason = pr.merged ? "the pull request was merged before the vote ended" : "the pull request was closed before the vote ended";
  const outcome = await cancelVote(env, ref, { id: sender.id, login: sender.login }, reason);
  // Already closed: the merge that followed a passed vote, or a redelivery after a failed call.
  // The label still on says the steps after the close did not all run (it is removed last), and
  // closed threads are not swept, so finish them here; a finished close costs reads only.
  if (outcome === "not-open") await refreshVote(env, ref, { labels: pr.labels });
  env.log.info({ vote: voteTarget(ref), outcome }, "pull request closed during its vote");
}

/**
 * Judges a membership request as it is now and acts on the verdict (check, problems comment, vote,
 * merge). `pr.authorPushed`: the request changed by its subject's hand (a push, or the `/confirm`
 * of a request opened on their behalf), so a passed vote whose merge waited for it is carried out.
 */
export async function onRequestChanged(env: BaseEnv, ref: IssueRef, author: { id: number; login: string }, pr: { createdAt: string; authorPushed: boolean }): Promise<void> {
  const { gateway } = env;
  const config = await loadPolicyOrNull(env, ref.owner, { pr: ref.issue_number });
  if (!config || !isGroupRepo(config, ref)) return; // the `secwg / config` check explains an unusable configuration
  const path = config.group.roster;
  const { files, capped } = await gateway.listPullFiles(ref);
  const rosterFile = files.find((f) => f.filename === path || f.previous_filename === path);
  if (!rosterFile) return;
  // The payload is the pull request as it was when the event happened; by the time it is handled
  // (queued, redelivered) the request may be merged or closed — e.g. secwg's own commit of the new
  // member's dates is delivered after the merge that followed it. A merged request's base already
  // holds the entry, so judging it would fail a finished request: judge the pull request as it is now.
  const current = await gateway.getPull(ref);
  if (current.state !== "open") return void env.log.info({ pr: ref.issue_number, merged: current.merged }, "membership request no longer open; left alone");
  // A request secwg opened on someone's behalf adds its subject (by the id in its signed record),
  // not its author; one whose record does not verify is left alone.
  const onBehalf = await gatherOnBehalf(env, ref, current);
  if (onBehalf?.kind === "untrusted") return void env.log.warn({ pr: ref.issue_number }, "membership request with an on-behalf record that does not verify; left alone");
  if (onBehalf) author = onBehalf.subject;
  const [baseText, headText] = await Promise.all([
    gateway.readFile(ref, path, current.base.ref),
    rosterFile.status === "removed" || rosterFile.filename !== path ? Promise.resolve(null) : gateway.readFile(ref, path, current.head.sha),
  ]);
  const request = checkMembershipRequest({ author, body: current.body, baseText, headText, file: path, openedOn: pr.createdAt.slice(0, 10), termDays: config.terms.length, otherFiles: otherFilesThan(files, path, capped) });
  if (request.kind === "not-a-request") return;
  if (request.kind === "invalid") {
    // Re-read before saying no: a concurrent run (the vote's close) may have merged the request since
    // it was read as open, and the merged base now holds the entry the request adds.
    const now = await gateway.getPull(ref);
    if (now.state !== "open") return void env.log.info({ pr: ref.issue_number, merged: now.merged }, "membership request closed while it was judged; left alone");
    env.log.info({ pr: ref.issue_number, problems: request.problems.length }, "membership request invalid");
    await applyEffects(gateway, planInvalidRequest(ref, current.head.sha, author, request.problems, path));
    return;
  }
  const hadProblems = (await gateway.findComment(ref, problemsMarker(ref))) !== null;
  const gathered = await gatherVote(env, ref, { conditional: false, reactions: "none" });
  const vote: ValidRequestInput["vote"] = gathered.kind === "ok" ? { kind: "ok", record: gathered.record } : { kind: gathered.kind };
  let roster: Roster | null = null;
  let rosterProblem: ConfigError | RosterError | null = null;
  if (vote.kind === "missing") {
    const read = await gatherRoster(gateway, config, ref.owner);
    if (read.ok) roster = read.value;
    else {
      env.log.warn({ pr: ref.issue_number, code: read.problem.code }, "vote not opened: roster unusable");
      rosterProblem = read.problem;
    }
  }
  const plan = planValidRequest({
    thread: ref,
    headSha: current.head.sha,
    author,
    path,
    idFix: request.idFix,
    awaitingConfirmation: onBehalf !== null && !onBehalf.confirmed,
    labels: current.labels,
    hadProblems,
    vote,
    roster: rosterProblem ? { kind: "unusable", message: rosterProblem.toUserMessage() } : roster ? { kind: "ok" } : { kind: "not-needed" },
    authorPushedAndMayMerge: pr.authorPushed && config.votes.merge,
  });
  await applyEffects(gateway, plan.effects);
  if (plan.then === "merge" && vote.kind === "ok") await mergeMembership(env, ref, vote.record, current, config);
  if (plan.then === "open-vote" && roster) await openVote(env, ref, { kind: "membership", subject: author, headSha: current.head.sha, policy: { config, roster } });
}
