import type { SecwgConfig } from "../../config/schema.js";
import { voteCheckEffect } from "../../core/vote/close-plan.js";
import { voteKindRules } from "../../core/vote/kind-registry.js";
import { untrustedVoteRecord } from "../../core/vote/messages.js";
import { planOpen } from "../../core/vote/open-plan.js";
import type { VoteComment } from "../../core/vote/recount-plan.js";
import { renderTamperedNotice } from "../../core/vote/vote-comment.js";
import { voteMarker, voteTarget, type Person, type VoteKind } from "../../core/vote/vote-record.js";
import { renderMarker, withMarker } from "../../core/marker.js";
import type { Roster } from "../../core/roster.js";
import { isoDay } from "../../core/dates.js";
import { GitHubError } from "../../errors.js";
import type { IssueRef } from "../../github/gateway.js";
import { reportUntrustedRecord } from "../reports/untrusted-records.js";
import { loadPolicy } from "../policy/load.js";
import { loadRoster } from "../policy/load-roster.js";
import { applyEffects } from "../apply-effects.js";
import { loadPolicyOrNull } from "./gather.js";
import type { BaseEnv } from "../env.js";

/**
 * Opens the vote of a thread unless it already has one (`notice`: post it again regardless, and
 * say why). The kind chooses the electorate from the roster; each elector is named by the login
 * their id has now (a renamed member is reached, a stranger holding an old login is not), and an
 * id that no longer resolves keeps its roster login as display text and is listed as not notified.
 * `policy` when the caller already loaded it.
 */
export async function openVote(
  env: BaseEnv,
  ref: IssueRef,
  input: { kind: VoteKind; subject: Person; headSha: string; notice?: string; policy?: { config: SecwgConfig; roster: Roster } },
): Promise<"created" | "exists"> {
  if (!input.notice && (await env.gateway.findComment(ref, voteMarker(ref)))) return "exists";
  const rules = voteKindRules(input.kind);
  if (!rules) throw new Error(`no rules for votes of kind ${input.kind}`);
  const config = input.policy?.config ?? (await loadPolicy(env.gateway, ref.owner));
  const roster = input.policy?.roster ?? (await loadRoster(env.gateway, config, ref.owner));
  const electorate: Person[] = [];
  const unresolved: number[] = [];
  for (const member of rules.electorate(roster, { subject: input.subject, today: isoDay(env.now) })) {
    const login = await env.gateway.getUserLogin(member.id);
    electorate.push({ id: member.id, login: login ?? member.login });
    if (!login) unresolved.push(member.id);
  }
  const { record, effects } = planOpen({
    thread: ref,
    kind: input.kind,
    subject: input.subject,
    electorate,
    unresolved,
    now: env.now,
    settings: { duration: config.votes.duration, quorum: config.votes.quorum },
    headSha: input.headSha,
    signingKey: env.signingKey,
    ...(input.notice ? { notice: input.notice } : {}),
  });
  await applyEffects(env.gateway, effects, { log: env.log });
  env.log.info({ vote: record.target, electorate: record.electorate.length }, "vote opened");
  return "created";
}

/**
 * A vote record that does not verify (edited, removed, or copied from another thread) is never
 * acted on: the thread says so, its check fails, and the signers are told once in the tracker.
 */
export async function reportTampered(env: BaseEnv, ref: IssueRef, reason: string, comment: VoteComment): Promise<void> {
  env.log.warn({ vote: voteTarget(ref) }, "vote record failed verification; not trusted");
  const marker = renderMarker("vote-tampered", voteTarget(ref));
  const notice = renderTamperedNotice(reason);
  // Already said on the thread (the common case on every later re-count): the tracker was told before it.
  if ((await env.gateway.findComment(ref, marker))?.body === withMarker(marker, notice)) return;
  const config = await loadPolicyOrNull(env, ref.owner, { vote: voteTarget(ref) });
  const headSha = await env.gateway.getPull(ref).then(
    (pull) => pull.head.sha,
    (error: unknown) => {
      if (error instanceof GitHubError) return null;
      throw error;
    },
  );
  if (config) {
    await reportUntrustedRecord(
      { gateway: env.gateway, config, owner: ref.owner, now: env.now, log: env.log },
      { commentId: comment.id, url: comment.html_url, ...untrustedVoteRecord(voteTarget(ref), reason) },
    );
  }
  await applyEffects(env.gateway, [
    { kind: "ensure-comment", issue: ref, marker, body: notice, why: "the vote record does not verify" },
    ...(headSha ? [voteCheckEffect(ref, headSha, null, reason)] : []),
  ]);
}
