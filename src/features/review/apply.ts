import { escapeUntrusted } from "../../core/markdown-escape.js";
import { untrustedRecordText } from "../../core/review/messages.js";
import { planConfigInvalid, planDisabled, planReview, planRosterInvalid, type ReviewOutcome, type ReviewPlan } from "../../core/review/plan.js";
import { GitHubError } from "../../errors.js";
import { reportUntrustedRecord } from "../reports/untrusted-records.js";
import { applyEffects } from "../apply-effects.js";
import { gatherReview, type Gathered, type ReviewEnv } from "./gather.js";

export type { ReviewOutcome } from "../../core/review/plan.js";

/**
 * Security review of one pull request: gather (configuration from the default branch, files,
 * roster, reviews, secwg's own record) → plan (`core/review/plan.ts`: label, review request,
 * checklist comment, check run on the head) → apply through the one executor, each write only
 * when something differs. A redelivery of the same event makes the reads and no write.
 */
export async function reviewPullRequest(run: ReviewEnv): Promise<ReviewOutcome> {
  const gathered = await gatherReview(run);
  const where = { repo: `${run.repo.owner}/${run.repo.repo}`, pull: run.pull.number };
  switch (gathered.kind) {
    case "disabled": {
      const plan = planDisabled(run.repo, run.pull);
      await applyEffects(run.gateway, plan.effects);
      return plan.outcome;
    }
    case "config-invalid":
      run.log.warn({ ...where, code: gathered.error.code }, "security review: configuration unusable");
      await applyEffects(run.gateway, planConfigInvalid(run.repo, run.pull, gathered.error.toUserMessage()));
      return "config-invalid";
    case "roster-invalid":
      await reportUntrusted(run, gathered);
      run.log.warn({ ...where, code: gathered.error.code }, "security review: roster unusable");
      await applyEffects(run.gateway, planRosterInvalid(gathered.facts, gathered.error.toUserMessage()));
      return "roster-invalid";
    case "ready": {
      await reportUntrusted(run, gathered);
      const plan = await applyReviewPlan(run, gathered);
      run.log.info({ ...where, outcome: plan.outcome, fired: gathered.facts.detection.fired.map((r) => r.id) }, "security review evaluated");
      return plan.outcome;
    }
  }
}

/**
 * Someone with write access edited secwg's comment: what was decided cannot be known, so the
 * record fails closed (review needed, no waiver) and the signers are told once. The next write
 * re-signs the record.
 */
async function reportUntrusted(run: ReviewEnv, gathered: Extract<Gathered, { untrusted: unknown }>): Promise<void> {
  const { untrusted } = gathered;
  if (!untrusted) return;
  run.log.warn({ repo: `${run.repo.owner}/${run.repo.repo}`, pull: run.pull.number, reason: untrusted.reason }, "security review: checklist record failed verification; review required again");
  await reportUntrustedRecord(
    { gateway: run.gateway, config: gathered.config, owner: run.repo.owner, now: run.now, log: run.log },
    { commentId: untrusted.comment.id, url: untrusted.comment.html_url, ...untrustedRecordText(escapeUntrusted(gathered.facts.target), untrusted.reason) },
  );
}

/**
 * Applies the plan in order. GitHub refuses a review request (422) for people who cannot be asked
 * (not collaborators): the rest of the plan is then made again with them recorded as unreachable,
 * so they are not tried again.
 */
async function applyReviewPlan(run: ReviewEnv, gathered: Extract<Gathered, { kind: "ready" }>): Promise<ReviewPlan> {
  const plan = planReview(gathered.facts);
  const where = { repo: `${run.repo.owner}/${run.repo.repo}`, pull: run.pull.number };
  for (const effect of plan.effects) {
    try {
      await applyEffects(run.gateway, [effect]);
    } catch (error) {
      if (effect.kind !== "request-reviewers" || !(error instanceof GitHubError) || error.status !== 422) throw error;
      run.log.warn({ ...where, reviewers: effect.ids }, "security review: GitHub refused the review request");
      const again = planReview(gathered.facts, { refused: true });
      await applyEffects(run.gateway, again.effects.filter((e) => e.kind === "ensure-comment" || e.kind === "ensure-check-run"));
      return again;
    }
    if (effect.kind === "request-reviewers") run.log.info({ ...where, reviewers: effect.ids }, "security review requested");
  }
  return plan;
}

