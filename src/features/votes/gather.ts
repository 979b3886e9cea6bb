import type { SecwgConfig } from "../../config/schema.js";
import type { ClosePolicy } from "../../core/vote/close-plan.js";
import type { ThreadFacts } from "../../core/vote/kinds.js";
import type { GatheredVote } from "../../core/vote/recount-plan.js";
import { parseVoteRecord, voteMarker, voteTarget } from "../../core/vote/vote-record.js";
import { resolveRepo } from "../../core/repositories.js";
import type { IssueRef, PullState } from "../../github/gateway.js";
import type { BaseEnv } from "../env.js";
import { gatherConfig } from "../policy/gather.js";


/**
 * The vote comment of a thread (found by marker, written by secwg), its record verified for this
 * thread, and the reactions to it. `conditional`: read with ETags, so an unchanged thread costs no
 * rate limit. `reactions: "open"` reads them only for an open vote (a cancel or an extension),
 * `"none"` never (the record alone is wanted).
 */
export async function gatherVote(env: BaseEnv, ref: IssueRef, options: { conditional: boolean; reactions: "none" | "open" | "any" }): Promise<GatheredVote> {
  const marker = voteMarker(ref);
  const comment = await env.gateway.findComment(ref, marker, { conditional: options.conditional });
  if (!comment) return { kind: "missing" };
  const found = { id: comment.id, body: comment.body, html_url: comment.html_url };
  const parsed = parseVoteRecord(comment.body, env.signingKey, voteTarget(ref));
  if (parsed.kind !== "ok") {
    const reason = parsed.kind === "missing" ? "the vote record was removed from the vote comment" : parsed.reason;
    return { kind: "untrusted", reason, comment: found };
  }
  const wanted = options.reactions === "any" || (options.reactions === "open" && parsed.record.state === "open");
  const reactions = wanted ? (await env.gateway.listReactionsForIssueComment(ref, comment.id)).data : [];
  return { kind: "ok", comment: found, record: parsed.record, reactions };
}

export function threadFacts(pull: PullState): ThreadFacts {
  return { state: pull.state, merged: pull.merged, authorId: pull.author.id, labels: pull.labels, headSha: pull.head.sha };
}

/**
 * The organisation's policy, or `null` when a person's file makes it unusable (explained by the
 * `secwg / config` check); a GitHub failure while reading it propagates.
 */
export async function loadPolicyOrNull(env: BaseEnv, owner: string, context: Record<string, unknown>): Promise<SecwgConfig | null> {
  const policy = await gatherConfig(env.gateway, { owner });
  if (policy.ok) return policy.value;
  env.log.warn({ ...context, code: policy.problem.code }, "configuration unusable");
  return null;
}

export function closePolicy(config: SecwgConfig | null, owner: string): ClosePolicy | null {
  if (!config) return null;
  return { tracker: resolveRepo(config.group.tracker, owner), labels: config.votes.labels, carryOut: config.votes.merge };
}
