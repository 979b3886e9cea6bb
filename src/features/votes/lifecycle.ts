import type { Effect } from "../../core/effects.js";
import { planClose } from "../../core/vote/close-plan.js";
import { REPOSTED_NOTICE } from "../../core/vote/messages.js";
import { planCancel, planExtend, planRecount, type RecountPlan, type VoteComment } from "../../core/vote/recount-plan.js";
import type { Person, VoteRecord } from "../../core/vote/vote-record.js";
import type { Tally, VoteDecision } from "../../core/vote/vote-tally.js";
import type { IssueRef } from "../../github/gateway.js";
import { applyEffects } from "../apply-effects.js";
import { FOLLOW_UPS } from "./follow-ups.js";
import { closePolicy, gatherVote, loadPolicyOrNull, threadFacts } from "./gather.js";
import type { BaseEnv } from "../env.js";
import { removalRecordOf } from "../removals/evaluate.js";
import { openVote, reportTampered } from "./open.js";


/**
 * Re-counting, closing, cancelling and extending votes: shared by the membership handler, the
 * re-tally handler, the `/vote` commands and the sweep. Each step gathers what it acts on, plans
 * with `src/core/vote/` and applies the plan; every effect is an `ensure`, so a step interrupted
 * half-way is finished by the next event or sweep.
 */

export type RefreshResult =
  | { kind: "none" }
  | { kind: "tampered"; reason: string }
  | { kind: "reposted" }
  | { kind: "open"; record: VoteRecord; tally: Tally; comment: VoteComment; updated: boolean }
  | { kind: "closed"; record: VoteRecord; tally: Tally; comment: VoteComment; closedNow: boolean };

/** Applies a plan's effects (none: no request). */
export async function applyVoteEffects(env: BaseEnv, effects: readonly Effect[]): Promise<void> {
  if (effects.length === 0) return;
  await applyEffects(env.gateway, effects, { log: env.log });
}

/**
 * Re-counts the vote of a thread and closes it when decided. Cheap when nothing changed: the
 * comment and its reactions are read with conditional requests and nothing is written.
 * `labels` (when known) lets a deleted vote comment be noticed and posted again.
 */
export async function refreshVote(env: BaseEnv, ref: IssueRef, options: { labels?: string[] } = {}): Promise<RefreshResult> {
  const vote = await gatherVote(env, ref, { conditional: true, reactions: "any" });
  const plan: RecountPlan = planRecount(vote, { thread: ref, now: env.now, signingKey: env.signingKey }, options.labels);
  switch (plan.kind) {
    case "none":
      return { kind: "none" };
    case "repost":
      return (await repostVote(env, ref)) ? { kind: "reposted" } : { kind: "none" };
    case "tampered":
      await reportTampered(env, ref, plan.reason, plan.comment);
      return { kind: "tampered", reason: plan.reason };
    case "closed":
      // The record says closed but the thread still carries the open label: the steps after the close
      // were interrupted (a failed GitHub call). They are idempotent, so finish them now.
      if (plan.finish) {
        env.log.info({ vote: plan.record.target, result: plan.record.state }, "finishing an interrupted vote close");
        await closeVote(env, ref, { record: plan.record, tally: plan.tally, finishing: true });
      }
      return { kind: "closed", record: plan.record, tally: plan.tally, comment: plan.comment, closedNow: false };
    case "open":
      await applyVoteEffects(env, plan.effects);
      return { kind: "open", record: plan.record, tally: plan.tally, comment: plan.comment, updated: plan.effects.length > 0 };
    case "close":
      env.log.info({ vote: plan.record.target, result: plan.record.state, reason: plan.decision.reason }, "vote closed");
      await closeVote(env, ref, { record: plan.record, tally: plan.tally, decision: plan.decision, first: plan.effects });
      return { kind: "closed", record: plan.record, tally: plan.tally, comment: plan.comment, closedNow: true };
  }
}

/**
 * The vote comment was deleted while the vote was open: post a fresh one and say why. The record
 * went with the comment, so the kind and subject are taken again from what secwg trusts about the
 * thread: a removal pull request (secwg's own, with its signed removal record) gets a removal vote
 * about the member in that record, whose electorate leaves them out; any other pull request a
 * membership vote about its author, as the membership request opened it.
 */
async function repostVote(env: BaseEnv, ref: IssueRef): Promise<boolean> {
  const pull = await env.gateway.getPull(ref);
  if (pull.state !== "open") return false;
  const removal = await removalRecordOf(env.gateway, pull, ref, env.signingKey);
  env.log.warn({ vote: `${ref.owner}/${ref.repo}#${ref.issue_number}`, kind: removal ? "removal" : "membership" }, "vote comment missing; posting it again");
  const vote = removal
    ? { kind: "removal" as const, subject: removal.subject }
    : { kind: "membership" as const, subject: { id: pull.author.id, login: pull.author.login } };
  await openVote(env, ref, { ...vote, headSha: pull.head.sha, notice: REPOSTED_NOTICE });
  return true;
}

/**
 * Everything that follows a decided vote (`planClose`): gathers the policy and the thread, then
 * applies `first` (the vote comment's final text), the plan's effects, the kind's follow-up (merge
 * and welcome) and last the removal of the `vote: open` label, which marks the close unfinished
 * until then. A `finishing` run (the record was closed earlier) does nothing once the label is gone.
 */
export async function closeVote(
  env: BaseEnv,
  ref: IssueRef,
  input: { record: VoteRecord; tally: Tally; decision?: VoteDecision; finishing?: boolean; first?: Effect[] },
): Promise<void> {
  const { record } = input;
  const config = await loadPolicyOrNull(env, ref.owner, { vote: record.target });
  const pull = await env.gateway.getPull(ref);
  const plan = planClose({
    thread: ref,
    record,
    tally: input.tally,
    pull: threadFacts(pull),
    policy: closePolicy(config, ref.owner),
    ...(input.decision ? { decision: input.decision } : {}),
    ...(input.finishing ? { finishing: true } : {}),
  });
  await applyVoteEffects(env, [...(input.first ?? []), ...(plan?.effects ?? [])]);
  if (!plan) return;
  if (config && plan.followUp) await FOLLOW_UPS[plan.followUp.kind](env, ref, { record, pull, config });
  await applyVoteEffects(env, plan.last);
}

/** `/vote cancel`, or the thread closed during its vote: the record says who and why; the comment stays, frozen. */
export async function cancelVote(env: BaseEnv, ref: IssueRef, by: Person, reason: string): Promise<"cancelled" | "not-open" | "none"> {
  const vote = await gatherVote(env, ref, { conditional: false, reactions: "open" });
  const pull = vote.kind === "untrusted" ? await env.gateway.getPull(ref) : null;
  const plan = planCancel(vote, { thread: ref, now: env.now, signingKey: env.signingKey }, by, reason, pull && { labels: pull.labels, headSha: pull.head.sha });
  if (plan.kind === "none" || plan.kind === "not-open") return plan.kind;
  if (plan.kind === "cancel-untrusted") {
    await applyVoteEffects(env, plan.effects);
    return "cancelled";
  }
  env.log.info({ vote: plan.record.target, by: by.id }, "vote cancelled");
  await closeVote(env, ref, { record: plan.record, tally: plan.tally, first: plan.effects });
  return "cancelled";
}

/** `/vote extend`: moves the deadline once. */
export async function extendVote(env: BaseEnv, ref: IssueRef, days: number): Promise<{ kind: "extended"; deadline: string } | { kind: "already-extended" | "not-open" | "none" | "tampered" }> {
  const vote = await gatherVote(env, ref, { conditional: false, reactions: "open" });
  const plan = planExtend(vote, { thread: ref, now: env.now, signingKey: env.signingKey }, days);
  if (plan.kind !== "extended") return { kind: plan.kind };
  await applyVoteEffects(env, plan.effects);
  env.log.info({ vote: plan.record.target, days }, "vote extended");
  return { kind: "extended", deadline: plan.deadline };
}
