import type { AppDeps } from "../../app/deps.js";
import { REVIEW_CHECK_EXTERNAL_ID, REVIEW_CHECK_NAME } from "../../core/review/review-gate.js";
import { SecwgError } from "../../errors.js";
import { reviewPullRequest } from "../../handlers/security-review.js";
import type { StepReport, SweepContext, SweepStep } from "../types.js";

/** The most recently updated open pull requests looked at per repository; older ones wait for activity. */
const MAX_PULLS_PER_REPO = 50;
/** Pull requests reviewed per installation and run: a review may request reviewers (notifying writes). */
const MAX_REVIEWS_PER_RUN = 20;

/**
 * Security review for pull requests whose event was lost: secwg replies to GitHub before it works,
 * so a crash in between leaves a 200 that GitHub never redelivers. Every review ends by writing the
 * `secwg / security review` check run on the head commit, so a head commit without it is one whose
 * event was never handled; such pull requests get the same review the webhook handler runs. Both
 * reads are conditional, so an unchanged repository costs no rate limit.
 */
export const reviewStep: SweepStep = {
  name: "review",
  async run(ctx: SweepContext): Promise<StepReport> {
    const report: StepReport = { actions: [], errors: [] };
    const deps: AppDeps = { now: () => ctx.now, gatewayFor: () => ctx.gateway, signingKey: ctx.signingKey };
    let budget = MAX_REVIEWS_PER_RUN;
    for (const repo of await ctx.gateway.listInstallationRepos()) {
      if (ctx.signal?.aborted || budget <= 0) break;
      const name = `${repo.owner}/${repo.repo}`;
      try {
        const { data: pulls } = await ctx.gateway.listOpenPulls(repo, MAX_PULLS_PER_REPO);
        for (const open of pulls) {
          if (ctx.signal?.aborted || budget <= 0) break;
          if (await ctx.gateway.hasCheckRun(repo, open.headSha, REVIEW_CHECK_NAME, REVIEW_CHECK_EXTERNAL_ID)) continue;
          budget--;
          if (ctx.dryRun) {
            report.actions.push(`would review ${name}#${open.number} (no security review check on ${open.headSha.slice(0, 7)})`);
            continue;
          }
          // Fresh state: the list may be a cached 304 body, and the review needs labels and reviewers.
          const pull = await ctx.gateway.getPull({ ...repo, issue_number: open.number });
          if (pull.state !== "open") continue;
          const outcome = await reviewPullRequest({
            gateway: ctx.gateway,
            deps,
            log: ctx.log,
            repo: { ...repo, url: open.repoUrl, ownerIsOrg: open.ownerIsOrg },
            pull,
          });
          report.actions.push(`reviewed ${name}#${pull.number} (${outcome})`);
        }
      } catch (error) {
        if (!(error instanceof SecwgError)) throw error;
        report.errors.push(`${name}: ${error.code}`);
      }
    }
    return report;
  },
};
