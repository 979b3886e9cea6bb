import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { isRemovalBranch } from "../../core/governance/removal-plan.js";
import { baseEnv } from "../env.js";
import { evaluateRemoval } from "./evaluate.js";

type RemovalEvent = Context<
  "pull_request.opened" | "pull_request.reopened" | "pull_request.synchronize" | "pull_request.closed" | "pull_request_review.submitted" | "pull_request_review.dismissed"
>;

/**
 * Re-evaluates a removal pull request when something its check depends on changes: a review
 * (submitted or dismissed), a push (approvals and `/consulted` of the old head become stale), a
 * reopen, or a merge by hand (access follows the roster). The payload's branch name only filters
 * out other pull requests cheaply; the pull request is then read and verified as GitHub has it now.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request_review
 */
export async function onRemovalPullEvent(context: RemovalEvent, deps: AppDeps): Promise<void> {
  const { pull_request: pr, repository } = context.payload;
  if (!isRemovalBranch(pr.head.ref)) return;
  if (context.payload.action === "closed" && !("merged" in pr && pr.merged)) return;
  const env = baseEnv(context, deps);
  await evaluateRemoval(env, { owner: repository.owner.login, repo: repository.name, issue_number: pr.number });
}
