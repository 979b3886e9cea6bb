import { readRecord } from "../review/checklist.js";
import { REVIEW_CHECK_EXTERNAL_ID } from "../review/review-gate.js";
import type { ReviewItem } from "./inputs.js";

/**
 * A flagged pull request's review, for the board report, from what secwg itself wrote: its checklist
 * comment (found by marker among its own comments only) with the signed review record bound to that
 * pull request, and its `secwg / security review` check run on the head commit.
 *
 * - flagged: the record verifies and says secwg put the review label on (or someone ran
 *   `/security-review`); when: the checklist comment's creation (secwg posts it when it flags).
 * - skipped: the record's signed skip (its command's time).
 * - reviewed: the completion time of secwg's own check run (created by secwg's app, with secwg's
 *   `external_id`) concluding `success` with an approval title.
 *
 * Only counts and times come out of this: no title, login or path of the pull request.
 */
export interface ReviewEvidence {
  /** `owner/repo#number`: the review record must be signed for this pull request. */
  target: string;
  /** secwg's own checklist comment, or null when it has none. */
  checklist: { body: string; createdAt: string } | null;
  /** Check runs named `secwg / security review` on the head, with the app that created each. */
  checkRuns: ReadonlyArray<{ externalId: string | null; appSlug: string | null; conclusion: string | null; title: string | null; completedAt: string | null }>;
}

export type ReviewReading = { kind: "item"; item: ReviewItem } | { kind: "not-flagged" } | { kind: "unverified" };

/** `appSlug`: secwg's own app (its bot login without `[bot]`). */
export function reviewItem(evidence: ReviewEvidence, signingKey: string, appSlug: string): ReviewReading {
  if (!evidence.checklist) return { kind: "not-flagged" };
  const read = readRecord(evidence.checklist.body, signingKey, evidence.target);
  if (read.kind !== "ok") return { kind: "unverified" };
  const record = read.record;
  if (!record.labelAdded && !record.forced) return { kind: "not-flagged" };
  const approval = evidence.checkRuns
    .filter(
      (r) =>
        r.appSlug !== null &&
        r.appSlug.toLowerCase() === appSlug.toLowerCase() &&
        r.externalId === REVIEW_CHECK_EXTERNAL_ID &&
        r.conclusion === "success" &&
        (r.title ?? "").startsWith("Approved by") &&
        r.completedAt !== null,
    )
    .map((r) => r.completedAt as string)
    .sort()[0];
  return {
    kind: "item",
    item: {
      flaggedAt: evidence.checklist.createdAt,
      reviewedAt: record.skip ? null : (approval ?? null),
      skippedAt: record.skip?.at ?? null,
    },
  };
}
