import type { SecwgConfig } from "../../config/schema.js";
import { dayIn } from "../../core/governance/calendar.js";
import { removalVerified } from "../../core/governance/removal-command.js";
import { isRemovalBranch, planRemoval, REMOVAL_LABEL, type RemovalPlan, type RemovalPlanInput } from "../../core/governance/removal-plan.js";
import { parseConsultationRecord, parseRemovalRecord, type RemovalRecord } from "../../core/governance/removal-record.js";
import type { Consultation, Review } from "../../core/governance/removal.js";
import { isOurs, type AppIdentity } from "../../core/identity.js";
import { isGroupRepo, resolveRepo } from "../../core/repositories.js";
import { voteTarget } from "../../core/vote/vote-record.js";
import { GitHubError } from "../../errors.js";
import { isTransientFailure } from "../../core/retry-policy.js";
import type { Gateway, IssueRef, PullState } from "../../github/gateway.js";
import { reconcileAccess } from "../access/reconcile.js";
import { applyEffects } from "../apply-effects.js";
import { loadRoster } from "../policy/load-roster.js";
import { gatherVote, loadPolicyOrNull } from "../votes/gather.js";
import type { BaseEnv } from "../env.js";

/**
 * A removal pull request, as secwg trusts it: opened by secwg itself, from a `secwg/removal-<id>`
 * branch of the group repository, its body carrying secwg's signed removal record bound to that
 * repository and branch. Anything else (a person's pull request on a look-alike branch, a copied or
 * edited record) is not a removal, whatever it says.
 */
export async function seeRemoval(gateway: Gateway, ref: IssueRef, signingKey: string, self?: AppIdentity): Promise<SeenRemoval | null> {
  const pull = await gateway.getPull(ref);
  const record = await removalRecordOf(gateway, pull, ref, signingKey, self);
  return record ? { pull, record } : null;
}

/** `seeRemoval` for a pull request already read: its removal record, or null when it is not secwg's removal. */
export async function removalRecordOf(gateway: Gateway, pull: PullState, ref: IssueRef, signingKey: string, self?: AppIdentity): Promise<RemovalRecord | null> {
  if (!isRemovalBranch(pull.head.ref)) return null;
  const repo = `${ref.owner}/${ref.repo}`;
  if (!isOurs(pull.author, self ?? (await gateway.self())) || pull.head.repo?.toLowerCase() !== repo.toLowerCase()) return null;
  return parseRemovalRecord(pull.body, signingKey, { repo, branch: pull.head.ref });
}

export interface SeenRemoval {
  pull: PullState;
  record: RemovalRecord;
}

export type RemovalOutcome = "not-a-removal" | "pending" | "merged" | "closed";

/**
 * Re-evaluates a removal pull request: the `secwg / removal` check on its head commit, and when a
 * path is satisfied, the merge at the commit it verified, the tracker's entry of how it was decided
 * and, in the same run, access made to follow the roster. Every step is an `ensure`, so a
 * redelivered event or a second sweep writes nothing. Run on `/remove`, `/consulted`, reviews,
 * pushes, a passed removal vote and in the sweep.
 */
export async function evaluateRemoval(env: BaseEnv, ref: IssueRef, options: { config?: SecwgConfig } = {}): Promise<RemovalOutcome> {
  const config = options.config ?? (await loadPolicyOrNull(env, ref.owner, { pr: ref.issue_number }));
  if (!config || !isGroupRepo(config, ref)) return "not-a-removal";
  const self = await env.gateway.self();
  const seen = await seeRemoval(env.gateway, ref, env.signingKey, self);
  if (!seen) return "not-a-removal";
  const { pull } = seen;
  if (pull.state !== "open") {
    if (!pull.merged) return "closed";
    // Merged (by secwg in an earlier run that failed after the merge, or by hand): access follows.
    await reconcileAccess(env.gateway, ref.owner, { now: env.now, log: env.log, config });
    return "merged";
  }
  const plan = planRemoval(await gatherRemoval(env, ref, seen, config, self));
  return applyRemoval(env, ref, seen, plan, config);
}

/** What the removal's check and merge are decided on, read at the pull request's head as just seen. */
async function gatherRemoval(env: BaseEnv, ref: IssueRef, seen: SeenRemoval, config: SecwgConfig, self: AppIdentity): Promise<RemovalPlanInput> {
  const { pull, record } = seen;
  const path = config.group.roster;
  const [roster, baseText, headText, listed, reviews, comments, vote] = await Promise.all([
    loadRoster(env.gateway, config, ref.owner),
    env.gateway.readFile(ref, path, pull.base.ref),
    env.gateway.readFile(ref, path, pull.head.sha),
    env.gateway.listPullFiles(ref),
    env.gateway.listReviews(ref),
    env.gateway.listAllComments(ref),
    gatherVote(env, ref, { conditional: false, reactions: "any" }),
  ]);
  const target = voteTarget(ref);
  // Only secwg's own comments carry consultations, each verified and bound to this pull request.
  const consultations: Consultation[] = comments
    .filter((c) => isOurs(c.user, self))
    .map((c) => parseConsultationRecord(c.body, env.signingKey, target))
    .filter((r) => r !== null)
    .map((r) => ({ by: r.by, headSha: r.headSha, at: r.at }));
  return {
    pr: ref,
    record,
    roster,
    today: dayIn(env.now, config.reports.timeZone),
    now: env.now,
    headSha: pull.head.sha,
    verified: removalVerified({ files: listed.files, capped: listed.capped, rosterPath: path, baseText, headText, subjectId: record.subject.id }),
    reviews: reviews.flatMap((r): Review[] =>
      r.user && r.commit_id && r.submitted_at ? [{ by: { id: r.user.id, login: r.user.login }, state: r.state, commitId: r.commit_id, submittedAt: r.submitted_at }] : [],
    ),
    consultations,
    vote: vote.kind === "ok" ? { record: vote.record, reactions: vote.reactions } : null,
    mergeMethod: config.votes.merge_method,
    tracker: resolveRepo(config.group.tracker, ref.owner),
  };
}

/** The label, the check and, when a path is satisfied, the merge and its log entry; then access follows the roster. */
async function applyRemoval(env: BaseEnv, ref: IssueRef, seen: SeenRemoval, plan: RemovalPlan, config: SecwgConfig): Promise<RemovalOutcome> {
  const { pull, record } = seen;
  const labels = pull.labels.includes(REMOVAL_LABEL) ? [] : [{ kind: "ensure-labels" as const, issue: ref, add: [REMOVAL_LABEL], current: pull.labels, why: "mark the removal pull request" }];
  try {
    await applyEffects(env.gateway, [...labels, ...plan.effects], { log: env.log });
  } catch (error) {
    // GitHub refused the merge for a lasting reason (the head moved since it was read: 409; branch
    // protection: 405): the next event or sweep decides again from the pull request as it is then.
    if (!(error instanceof GitHubError) || isTransientFailure(error) || !plan.merge) throw error;
    env.log.warn({ pr: ref.issue_number, status: error.status }, "removal not merged: GitHub refused the merge");
    return "pending";
  }
  if (!plan.merge) return "pending";
  env.log.info({ pr: ref.issue_number, subject: record.subject.id, by: plan.verdict.satisfiedBy }, "removal merged");
  await reconcileAccess(env.gateway, ref.owner, { now: env.now, log: env.log, config });
  return "merged";
}
