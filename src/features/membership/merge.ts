import type { SecwgConfig } from "../../config/schema.js";
import { renderMarker } from "../../core/marker.js";
import { membershipCheckEffect, mergeStillBound, planMerge, teamTarget } from "../../core/membership/merge-plan.js";
import { MERGE_REFUSALS, mergeCommitTitle, renderWelcome } from "../../core/membership/messages.js";
import { voteCheckEffect } from "../../core/vote/close-plan.js";
import type { Person, VoteRecord } from "../../core/vote/vote-record.js";
import { isoDay } from "../../core/dates.js";
import { isTransientFailure } from "../../core/retry-policy.js";
import { GitHubError } from "../../errors.js";
import type { IssueRef, PullState } from "../../github/gateway.js";
import { applyEffects } from "../apply-effects.js";
import type { BaseEnv } from "../env.js";
import { gatherOnBehalf } from "./on-behalf-gather.js";

/** secwg's one result comment on a request after its vote (refusal, request for dates, welcome). */
function say(env: BaseEnv, ref: IssueRef, record: VoteRecord, body: string, why: string): Promise<unknown> {
  return applyEffects(env.gateway, [{ kind: "ensure-comment", issue: ref, marker: renderMarker("vote-result", record.target), body, why }]);
}

/**
 * Merges a passed membership request (after filling in its dates) and welcomes the new member.
 * Gathers the roster at base and head and the request's files, plans with `planMerge`, and checks
 * the binding again right before the merge. Every step finds before it writes, so a run
 * interrupted at any point is safe to repeat.
 */
export async function mergeMembership(env: BaseEnv, ref: IssueRef, record: VoteRecord, pull: PullState, config: SecwgConfig): Promise<void> {
  const path = config.group.roster;
  const [baseText, head, listed] = await Promise.all([
    env.gateway.readFile(ref, path, pull.base.ref),
    env.gateway.readFileWithSha(ref, path, pull.head.sha),
    env.gateway.listPullFiles(ref),
  ]);
  // A request secwg opened on the subject's behalf adds its subject, and merges only once they confirmed.
  const onBehalf = await gatherOnBehalf(env, ref, pull);
  if (onBehalf?.kind === "untrusted") return void env.log.warn({ vote: record.target }, "membership request not merged: its on-behalf record does not verify");
  const subject = onBehalf ? onBehalf.subject : pull.author;
  const plan = planMerge({ record, thread: ref, pull, path, termDays: config.terms.length, today: isoDay(env.now), baseText, head, files: listed.files, capped: listed.capped, onBehalf });
  if (plan.kind === "not-subject") return void (await say(env, ref, record, MERGE_REFUSALS.notSubject, "the author is not the subject of the vote"));
  if (plan.kind === "await-confirmation") return void (await say(env, ref, record, MERGE_REFUSALS.awaitConfirmation(subject.login), "the subject has not confirmed the request"));
  if (plan.kind === "invalid") {
    // Re-read before saying no: a concurrent run (another replica, a CronJob sweep) may have merged
    // the request since `pull` was read, and the merged base now holds the entry it adds.
    if (await mergedMeanwhile(env, ref, record, config)) return;
    return void (await say(env, ref, record, MERGE_REFUSALS.invalid(plan.problems), "the request is no longer valid"));
  }
  if (plan.kind === "ask-dates") return void (await say(env, ref, record, plan.body, "secwg cannot push the dates to this branch"));
  // Always bound, not only after our own commit: a run that failed between the commit and the
  // merge is retried with that commit as the head, and required checks must be on the commit merged.
  const mergeSha = plan.commit ? await env.gateway.createOrUpdateFile(ref, plan.commit) : plan.sha;
  const [now, files] = await Promise.all([env.gateway.getPull(ref), env.gateway.listPullFiles(ref)]);
  if (!mergeStillBound({ headSha: now.head.sha, files: files.files, capped: files.capped }, mergeSha, path)) {
    env.log.warn({ vote: record.target }, "membership request not merged: its head moved or it changes more than the roster");
    return void (await say(env, ref, record, MERGE_REFUSALS.changed, "the request changed after it was checked"));
  }
  await applyEffects(env.gateway, [voteCheckEffect(ref, mergeSha, record), membershipCheckEffect(ref, mergeSha, { kind: "valid", author: subject, path })]);
  try {
    await env.gateway.mergePull(ref, { sha: mergeSha, merge_method: config.votes.merge_method, commit_title: mergeCommitTitle(record.subject.login, ref.issue_number) });
  } catch (error) {
    // A transient failure fails the event; the open label still on makes the retry merge again.
    if (!(error instanceof GitHubError) || isTransientFailure(error)) throw error;
    if (await mergedMeanwhile(env, ref, record, config)) return;
    env.log.warn({ vote: record.target, status: error.status }, "merge of passed membership request refused");
    return void (await say(env, ref, record, MERGE_REFUSALS.refused(error.status), "GitHub refused the merge"));
  }
  env.log.info({ vote: record.target }, "membership request merged");
  await welcomeMember(env, ref, record, config);
}

/**
 * Whether the request is no longer open now (read afresh): merged by a concurrent run, whose
 * welcome is then made sure of, or closed. Either way this run has nothing to say about a merge.
 */
async function mergedMeanwhile(env: BaseEnv, ref: IssueRef, record: VoteRecord, config: SecwgConfig): Promise<boolean> {
  const now = await env.gateway.getPull(ref);
  if (now.state === "open") return false;
  env.log.info({ vote: record.target, merged: now.merged }, "membership request no longer open; another run finished it");
  if (now.merged && now.author.id === record.subject.id) await welcomeMember(env, ref, record, config);
  return true;
}

/**
 * After the merge: adds the new member to the group's teams (only where not a member yet, so a
 * repeated run writes nothing) and posts the welcome, which names the teams it could add. Runs
 * again after an interrupted close, when the pull request is already merged.
 */
export async function welcomeMember(env: BaseEnv, ref: IssueRef, record: VoteRecord, config: SecwgConfig): Promise<void> {
  const teams: string[] = [];
  const failed: string[] = [];
  // Added and greeted by the login the subject's id has now, never a login remembered earlier.
  const current = await env.gateway.getUserLogin(record.subject.id);
  for (const { org, slug } of current ? config.group.teams.map((t) => teamTarget(t, ref.owner)) : []) {
    try {
      const members = await env.gateway.listTeamMembers(org, slug);
      if (!members.some((m) => m.id === record.subject.id)) await env.gateway.addTeamMember(org, slug, current as string);
      teams.push(`${org}/${slug}`);
    } catch (error) {
      // Only a lasting refusal (missing team, no permission) is left to a maintainer; a transient
      // failure fails the event so the retry adds the member and welcomes them with the full list.
      if (!(error instanceof GitHubError) || isTransientFailure(error)) throw error;
      failed.push(`${org}/${slug} (${error.status})`);
      env.log.warn({ vote: record.target, team: `${org}/${slug}`, status: error.status }, "could not add new member to team");
    }
  }
  env.log.info({ vote: record.target, teams: teams.length }, "new member added to teams");
  await say(env, ref, record, renderWelcome(current, record.subject, teams, failed), "welcome the new member");
}

/**
 * A merged request whose vote closed earlier (a fork: secwg asked the author to push the dates,
 * then merged on that push). Finishes the welcome that the merge's run may not have finished;
 * when it did, this costs reads only. Only for a passed membership record whose subject (by id)
 * is the request's author.
 */
export async function welcomeAfterLateMerge(env: BaseEnv, ref: IssueRef, author: Person, config: SecwgConfig, record: VoteRecord | null): Promise<void> {
  if (record?.kind !== "membership" || record.state !== "passed" || record.subject.id !== author.id) return;
  await welcomeMember(env, ref, record, config);
}
