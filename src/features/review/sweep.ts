import { REVIEW_CHECK_EXTERNAL_ID, REVIEW_CHECK_NAME } from "../../core/review/review-gate.js";
import { metadataKey, parseInputsMarker, reviewsKey } from "../../core/review/review-inputs.js";
import { SecwgError } from "../../errors.js";
import type { CheckRunSeen, IssueRef, OpenPull } from "../../github/gateway.js";
import { toReviewSummaries } from "../../github/pull-snapshot.js";
import { issueWorkKey } from "../../core/work-key.js";
import { onObject, type StepReport, type SweepContext, type SweepStep } from "../../sweep/types.js";
import { reviewPullRequest } from "./apply.js";

/** The most recently updated open pull requests looked at per repository; older ones wait for activity. */
const MAX_PULLS_PER_REPO = 50;
/** Pull requests reviewed per installation and run: a review may request reviewers (notifying writes). */
const MAX_REVIEWS_PER_RUN = 20;

/**
 * Security review for pull requests whose event was lost: secwg replies to GitHub before it works,
 * so a crash in between leaves a 200 that GitHub never redelivers. Every review ends by writing the
 * `secwg / security review` check run on the head commit, remembering (hidden) the title, body,
 * labels and reviews it was decided on. A head commit without the check is one whose push was never
 * handled; a check whose inputs differ from the pull request's now is one whose `edited`,
 * `labeled` or review event was lost. Either gets the same review the webhook handler runs. Every
 * read is conditional, so an unchanged repository costs no rate limit.
 */
export const reviewStep: SweepStep = {
  name: "review",
  async run(ctx: SweepContext): Promise<StepReport> {
    const report: StepReport = { actions: [], errors: [] };
    let budget = MAX_REVIEWS_PER_RUN;
    for (const repo of await ctx.gateway.listInstallationRepos()) {
      if (ctx.signal?.aborted || budget <= 0) break;
      const name = `${repo.owner}/${repo.repo}`;
      try {
        const { data: pulls } = await ctx.gateway.listOpenPulls(repo, MAX_PULLS_PER_REPO);
        for (const open of pulls) {
          if (ctx.signal?.aborted || budget <= 0) break;
          const check = await ctx.gateway.findCheckRun(repo, open.headSha, REVIEW_CHECK_NAME, REVIEW_CHECK_EXTERNAL_ID);
          const why = await whyReviewAgain(ctx, { ...repo, issue_number: open.number }, open, check);
          if (!why) continue;
          budget--;
          // In the pull request's order, after any event work queued on it (which may have done
          // this review already: reviewing again then writes nothing).
          const line = await onObject(ctx, issueWorkKey(repo.owner, repo.repo, open.number), async () => {
            // Fresh state: the list may be a cached 304 body, and the review needs labels and reviewers.
            const pull = await ctx.gateway.getPull({ ...repo, issue_number: open.number });
            if (pull.state !== "open") return null;
            const outcome = await reviewPullRequest({
              gateway: ctx.gateway,
              log: ctx.log,
              now: ctx.now,
              signingKey: ctx.signingKey,
              repo: { ...repo, url: open.repoUrl, ownerIsOrg: open.ownerIsOrg },
              pull,
            });
            return `reviewed ${name}#${pull.number} (${why}: ${outcome})`;
          });
          if (line) report.actions.push(line);
        }
      } catch (error) {
        if (!(error instanceof SecwgError)) throw error;
        report.errors.push(`${name}: ${error.code}`);
      }
    }
    return report;
  },
};

/**
 * Why a pull request needs reviewing again, or null. Reviews are read only where the check used
 * them (review was needed), and with a conditional request.
 */
export async function whyReviewAgain(ctx: SweepContext, ref: IssueRef, open: OpenPull, check: CheckRunSeen | null): Promise<string | null> {
  const short = open.headSha.slice(0, 7);
  if (!check) return `no security review check on ${short}`;
  const seen = parseInputsMarker(check.summary);
  if (!seen) return `the check on ${short} does not say what it was decided on`;
  if (seen.meta !== metadataKey(open)) return "title, description, labels or draft state changed since the check";
  if (seen.reviews === null) return null;
  const reviews = await ctx.gateway.listReviews(ref);
  const now = reviewsKey(toReviewSummaries(reviews));
  return now === seen.reviews ? null : "a review was submitted or dismissed since the check";
}
