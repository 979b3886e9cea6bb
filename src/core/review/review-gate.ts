/**
 * The merge gate: what the `secwg / security review` check run says about the head commit. Pure.
 * Branch protection can require the check; it passes when no rule fires (neutral), when an eligible
 * reviewer approved exactly the head commit, or when a signer skipped review for that commit.
 */
import { escapeUntrusted } from "../markdown-escape.js";
import type { Candidate } from "./reviewer-pool.js";

export const REVIEW_CHECK_NAME = "secwg / security review";
export const REVIEW_CHECK_EXTERNAL_ID = "secwg:security-review";

/** A pull request review as `pulls.listReviews` returns it, reduced to what the gate needs. */
export interface ReviewSummary {
  userId: number;
  state: string;
  /** The commit the review was submitted on. */
  commitId: string | null;
  submittedAt: string | null;
}

/**
 * `/security-review skip [<commit>] <reason>` by a signer. Bound to the head commit the signer saw: a later
 * push may add exactly the code that needed review, so it needs a new approval or a new skip.
 */
export interface SkipRecord {
  sha: string;
  by: number;
  login: string;
  reason: string;
  /** When the command was written (the comment's creation time, so redeliveries agree). */
  at: string;
  /** The command's comment: a redelivery of it never moves the skip to a newer head. */
  commentId?: number;
}

export interface GateInput {
  enabled: boolean;
  needsReview: boolean;
  /** Rules that fired, in detection order. */
  fired: readonly { id: string; message: string }[];
  /** Why review is needed although no rule may fire: a person asked for it. */
  requestedBy: string | null;
  headSha: string;
  authorId: number;
  /**
   * Besides the author, everyone who authored, committed or pushed commits in the pull request
   * (`selfServiceIds`): they can neither approve it nor waive its review.
   */
  excluded?: readonly number[];
  draft: boolean;
  /** Everyone whose approval counts (roster members or team members; `away` people included). */
  approvers: readonly Candidate[];
  reviews: readonly ReviewSummary[];
  skip: SkipRecord | null;
}

export type GateState = "disabled" | "not-needed" | "waiting" | "approved" | "skipped";

export interface GateVerdict {
  state: GateState;
  status: "in_progress" | "completed";
  conclusion?: "success" | "neutral" | "action_required";
  title: string;
  summary: string;
  /** Eligible reviewers whose approval is on the head commit. */
  approvedBy: Candidate[];
}

/** GitHub's review states that change a reviewer's verdict; `COMMENTED` and `PENDING` do not. */
const DECISIVE = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);
const MAX_NAMES = 15;

/**
 * Eligible reviewers (approvers other than the author and the `excluded` contributors) whose latest
 * decisive review approves the head commit. An approval of an older commit does not count, and a
 * later request for changes or a dismissal by the same person supersedes their approval.
 */
export function approvalsOfHead(
  reviews: readonly ReviewSummary[],
  headSha: string,
  approvers: readonly Candidate[],
  authorId: number,
  excluded: readonly number[] = [],
): Candidate[] {
  const latest = latestDecisiveReviews(reviews);
  const seen = new Set<number>(excluded);
  return approvers
    .filter((person) => {
      if (person.id === authorId || seen.has(person.id)) return false;
      seen.add(person.id);
      const review = latest.get(person.id);
      return review !== undefined && review.state.toUpperCase() === "APPROVED" && review.commitId === headSha;
    })
    .sort((a, b) => a.id - b.id);
}

/** Each reviewer's latest review that approves, requests changes or was dismissed, by user id. */
export function latestDecisiveReviews(reviews: readonly ReviewSummary[]): Map<number, ReviewSummary> {
  const latest = new Map<number, ReviewSummary>();
  const ordered = reviews
    .map((review, index) => ({ review, index }))
    .sort((a, b) => (a.review.submittedAt ?? "").localeCompare(b.review.submittedAt ?? "") || a.index - b.index);
  for (const { review } of ordered) {
    if (DECISIVE.has(review.state.toUpperCase())) latest.set(review.userId, review);
  }
  return latest;
}

export function decideGate(input: GateInput): GateVerdict {
  if (!input.enabled) {
    return completed("disabled", "neutral", "Security review is switched off", "`review.enabled` is false in `.github/secwg.yml`, so secwg does not review pull requests in this repository.");
  }
  if (!input.needsReview) {
    return completed("not-needed", "neutral", "No security review needed", "No security review rule fires on this pull request, and nobody asked for a review.");
  }
  const why = renderWhy(input);
  const short = input.headSha.slice(0, 7);
  const excluded = input.excluded ?? [];
  const approvedBy = approvalsOfHead(input.reviews, input.headSha, input.approvers, input.authorId, excluded);
  if (approvedBy.length > 0) {
    return {
      ...completed("approved", "success", `Approved by ${names(approvedBy)}`, [`${names(approvedBy)} approved commit \`${short}\`.`, "", why].join("\n")),
      approvedBy,
    };
  }
  if (input.skip && input.skip.sha === input.headSha && input.skip.by !== input.authorId && !excluded.includes(input.skip.by)) {
    return completed(
      "skipped",
      "success",
      `Review skipped by ${escapeUntrusted(input.skip.login)}`,
      [`${escapeUntrusted(input.skip.login)} skipped security review of commit \`${short}\`: ${escapeUntrusted(oneLine(input.skip.reason), 500)}`, "", why].join("\n"),
    );
  }
  const waitingNote = input.draft
    ? "This pull request is a draft: reviewers are asked once it is marked ready for review."
    : `Waiting for an approving review of commit \`${short}\`; approvals of earlier commits do not count.`;
  return {
    state: "waiting",
    status: "in_progress",
    title: input.draft ? "Security review needed (draft)" : "Waiting for security review",
    summary: [waitingNote, "", why, "", renderWhoCanApprove(input)].join("\n"),
    approvedBy: [],
  };
}

function completed(state: GateState, conclusion: "success" | "neutral", title: string, summary: string): GateVerdict {
  return { state, status: "completed", conclusion, title, summary, approvedBy: [] };
}

function renderWhy(input: GateInput): string {
  const lines: string[] = [];
  if (input.fired.length > 0) {
    lines.push(`**Why:** ${input.fired.length === 1 ? "1 rule fired" : `${input.fired.length} rules fired`} (details in the checklist comment):`);
    for (const rule of input.fired) lines.push(`- \`${rule.id}\`: ${rule.message}`);
  }
  if (input.requestedBy) lines.push(`${lines.length > 0 ? "\n" : ""}**Requested by:** ${input.requestedBy}.`);
  return lines.join("\n");
}

function renderWhoCanApprove(input: GateInput): string {
  const excluded = new Set(input.excluded ?? []);
  const eligible = uniqueById(input.approvers.filter((p) => p.id !== input.authorId && !excluded.has(p.id)));
  if (eligible.length === 0) {
    return "**Who can approve:** nobody is eligible (nobody who authored, committed or pushed commits in a pull request can approve it). Ask the group's Chair to add reviewers, or a signer who did not work on it can run `/security-review skip <commit> <reason>`.";
  }
  return `**Who can approve:** ${names(eligible)}, with an approving review of the latest commit (nobody who authored, committed or pushed commits in it). A signer (Chair, Co-Chair or Board Liaison) who did not work on it can instead run \`/security-review skip <commit> <reason>\`.`;
}

function uniqueById(people: readonly Candidate[]): Candidate[] {
  return [...new Map(people.map((p) => [p.id, p])).values()].sort((a, b) => a.login.localeCompare(b.login) || a.id - b.id);
}

function names(people: readonly Candidate[]): string {
  // Roster and team logins are display text: named, never mentioned (GitHub notifies requested reviewers itself).
  const shown = people.slice(0, MAX_NAMES).map((p) => escapeUntrusted(p.login));
  const more = people.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** User text shown in a check run: one line, bounded. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
