import type { Effect, IssueTarget, RepoTarget } from "../effects.js";
import { escapeUntrusted } from "../markdown-escape.js";
import { renderMarker } from "../marker.js";
import type { Roster } from "../roster.js";
import { tallyVote } from "../vote/vote-tally.js";
import type { VoteRecord } from "../vote/vote-record.js";
import type { Reaction } from "../vote/vote-tally.js";
import { decideRemoval, renderRemovalCheck, type Consultation, type RemovalVerdict, type Review } from "./removal.js";
import type { RemovalRecord } from "./removal-record.js";

/**
 * The removal's plan, from what was gathered on its pull request: the `secwg / removal` check on
 * the head commit, and the merge at that commit when a path is satisfied and the pull request
 * still only removes the subject's entry from the roster of its base. Pure: no GitHub here.
 */

export const REMOVAL_CHECK = "secwg / removal";
export const REMOVAL_LABEL = "secwg: removal";
/** The only title secwg gives a removal pull request and its merge commit: never a name, never a reason. */
export const REMOVAL_TITLE = "Removal of a member";
const BRANCH_PREFIX = "secwg/removal-";

export function removalBranch(subjectId: number): string {
  return `${BRANCH_PREFIX}${subjectId}`;
}

export function isRemovalBranch(ref: string | null | undefined): boolean {
  return !!ref && /^secwg\/removal-[1-9][0-9]{0,11}$/.test(ref);
}

/** The tracker's log of removals: the reasons are written here and nowhere else. */
export const REMOVALS_LOG_ISSUE = {
  marker: renderMarker("removals-log", "all"),
  title: "Removals log",
  body: "secwg records here each removal started with `/remove`: who started it, the reason they gave, and how it was decided. This issue is in the private tracker; the reason is written nowhere else.",
  label: "secwg: removals log",
};

/** The tracker entry of one `/remove` (keyed by its comment): the only place the reason is written. */
export function reasonLogEffect(tracker: RepoTarget, input: { key: string; subject: { id: number; login: string }; by: { id: number; login: string }; where: string; reason: string }): Effect {
  return {
    kind: "ensure-log-entry",
    repo: tracker,
    issue: REMOVALS_LOG_ISSUE,
    marker: renderMarker("removal-reason", input.key),
    body: [
      `**Removal started** of member ${input.subject.id} (${escapeUntrusted(input.subject.login, 39)}) by member ${input.by.id} (${escapeUntrusted(input.by.login, 39)}) in ${escapeUntrusted(input.where)}.`,
      "",
      `Reason: ${escapeUntrusted(input.reason, 1000)}`,
    ].join("\n"),
    why: "record the reason of a removal in the private tracker",
  };
}

/** The tracker entry of a merged removal: how it was decided (no reason: it is in the start entry). */
export function mergedLogEffect(tracker: RepoTarget, pr: IssueTarget, record: RemovalRecord, by: "vote" | "chairs", sha: string): Effect {
  const how = by === "vote" ? "by a vote of the group" : "by the Chair and the Co-Chair in consultation with the Board Liaison";
  return {
    kind: "ensure-log-entry",
    repo: tracker,
    issue: REMOVALS_LOG_ISSUE,
    marker: renderMarker("removal-merged", `${pr.owner}/${pr.repo}#${pr.issue_number}`),
    body: `**Removal decided** ${how}: member ${record.subject.id} removed from the roster by ${pr.owner}/${pr.repo}#${pr.issue_number} at ${sha}.`,
    why: "record how the removal was decided",
  };
}

export interface RemovalPlanInput {
  pr: IssueTarget;
  record: RemovalRecord;
  roster: Roster;
  today: string;
  now: Date;
  headSha: string;
  /** The head changes only the roster, and its roster is the base's without the subject's entry. */
  verified: boolean;
  reviews: readonly Review[];
  consultations: readonly Consultation[];
  /** The verified vote record of the pull request and the reactions to its comment, if a vote was opened. */
  vote: { record: VoteRecord; reactions: readonly Reaction[] } | null;
  mergeMethod: "merge" | "squash" | "rebase";
  tracker: RepoTarget;
}

export interface RemovalPlan {
  verdict: RemovalVerdict;
  /** The check on the head commit, then (when decided) the merge bound to it and its log entry. */
  effects: Effect[];
  merge: boolean;
}

export function planRemoval(input: RemovalPlanInput): RemovalPlan {
  const { pr, record, headSha } = input;
  const vote = input.vote && input.vote.record.kind === "removal" && input.vote.record.subject.id === record.subject.id && input.vote.record.state !== "cancelled" ? input.vote.record : null;
  const verdict = decideRemoval({
    subject: record.subject,
    roster: input.roster,
    today: input.today,
    headSha,
    reviews: input.reviews,
    consultations: input.consultations,
    ...(vote
      ? {
          vote: {
            tally: tallyVote(vote.electorate, input.vote?.reactions ?? [], vote.deadline),
            electorate: vote.electorate,
            quorum: vote.quorum,
            atDeadline: vote.state !== "open" || input.now.getTime() >= Date.parse(vote.deadline),
          },
        }
      : {}),
  });
  // A closed vote's result is its signed record: reactions changed after the close change nothing.
  if (vote && vote.state !== "open" && !vote.electorate.some((p) => p.id === record.subject.id)) {
    const passed = vote.state === "passed";
    verdict.paths[0] = passed ? { path: "vote", satisfied: true, missing: [] } : { ...verdict.paths[0], satisfied: false, closed: verdict.paths[0].closed ?? "the removal vote failed" };
    verdict.satisfiedBy = passed ? "vote" : verdict.paths[1].satisfied ? "chairs" : null;
  }
  const text = renderRemovalCheck(verdict);
  const unverified = "### The pull request\n- it no longer only removes the member's entry from the roster of its base branch; secwg does not merge it";
  const merge = input.verified && verdict.satisfiedBy !== null;
  const effects: Effect[] = [
    {
      kind: "ensure-check-run",
      repo: { owner: pr.owner, repo: pr.repo },
      check: {
        name: REMOVAL_CHECK,
        head_sha: headSha,
        external_id: `removal:${pr.owner}/${pr.repo}#${pr.issue_number}`,
        status: "completed",
        conclusion: input.verified ? text.conclusion : "failure",
        title: input.verified ? text.title : "Removal pull request changed",
        summary: input.verified ? text.summary : `${unverified}\n\n${text.summary}`,
      },
      why: "show which path of the removal is satisfied and what is missing",
    },
  ];
  if (merge && verdict.satisfiedBy) {
    effects.push(
      { kind: "merge-pull", issue: pr, sha: headSha, method: input.mergeMethod, commitTitle: `${REMOVAL_TITLE} (#${pr.issue_number})`, why: `the removal passed (${verdict.satisfiedBy})` },
      mergedLogEffect(input.tracker, pr, record, verdict.satisfiedBy, headSha),
    );
  }
  return { verdict, effects, merge };
}
