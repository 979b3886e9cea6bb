import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { isBotUser } from "../../core/commands.js";
import type { Gateway, PullSnapshot, RepoRef } from "../../github/gateway.js";
import { gatherConfig } from "../policy/gather.js";
import { reviewPullRequest } from "./apply.js";
import { baseEnv } from "../env.js";
import type { ReviewRepo, ReviewEnv } from "./gather.js";

type PullRequestEvent =
  | "pull_request.opened"
  | "pull_request.reopened"
  | "pull_request.synchronize"
  | "pull_request.ready_for_review"
  | "pull_request.edited"
  | "pull_request.labeled";

export function reviewRepoFromPayload(repository: { name: string; html_url: string; owner: { login: string; type?: string } }): ReviewRepo {
  return { owner: repository.owner.login, repo: repository.name, url: repository.html_url, ownerIsOrg: repository.owner.type === "Organization" };
}

/**
 * The pull request as GitHub has it now. A payload describes the pull request as it was when the
 * event happened: redelivered or late, its head, title, description and labels may be stale, so
 * the payload only says which pull request to look at.
 * @see https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request
 */
export function currentPull(gateway: Gateway, repo: RepoRef, number: number): Promise<PullSnapshot> {
  return gateway.getPull({ owner: repo.owner, repo: repo.repo, issue_number: number });
}

/**
 * `pull_request`: opened, reopened, synchronize (new head), ready_for_review (drafts get their
 * reviewers now), edited (title/body keywords, base branch) and labeled (a person putting the
 * review label on forces review).
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
 */
export async function onPullRequestSecurityReview(context: Context<PullRequestEvent>, deps: AppDeps): Promise<void> {
  const { payload } = context;
  if (payload.pull_request.state !== "open") return;
  if (payload.action === "edited") {
    const changes = (payload as { changes?: Record<string, unknown> }).changes ?? {};
    if (!("title" in changes) && !("body" in changes) && !("base" in changes)) return;
  }
  if (payload.action === "labeled") {
    // secwg's own labelling comes back as an event from the bot: nothing to do.
    if (isBotUser(payload.sender)) return;
    const labelName = (payload as { label?: { name: string } }).label?.name;
    if (!labelName) return;
    const gateway = deps.gatewayFor(context);
    const repo = reviewRepoFromPayload(payload.repository);
    const settings = await gatherConfig(gateway, { repo: { owner: repo.owner, repo: repo.repo } });
    const config = settings.ok ? settings.value : undefined;
    if (config && labelName !== config.review.label) return;
    const run = await runForEvent(context, deps);
    // A person put the label on: from now on it is theirs, and secwg never takes it off.
    await reviewPullRequest({ ...run, amend: (record) => ({ ...record, labelAdded: false }), ...(config ? { config } : {}) });
    return;
  }
  const run = await runForEvent(context, deps);
  await reviewPullRequest(payload.action === "synchronize" ? { ...run, pusherId: payload.sender.id } : run);
}

/**
 * A review run for a webhook event, on the pull request as GitHub has it now. An event about an
 * open pull request is still reviewed when it has been closed meanwhile (its head keeps the check,
 * and nobody is asked to review a closed pull request).
 */
async function runForEvent(
  context: Context<PullRequestEvent | "pull_request_review.submitted" | "pull_request_review.dismissed">,
  deps: AppDeps,
): Promise<ReviewEnv> {
  const env = baseEnv(context, deps);
  const repo = reviewRepoFromPayload(context.payload.repository);
  const pull = await currentPull(env.gateway, repo, context.payload.pull_request.number);
  return { ...env, repo, pull, eventHeadSha: context.payload.pull_request.head.sha };
}

/**
 * `pull_request_review`: an approval may pass the gate; a dismissal or request for changes may
 * take it back.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request_review
 */
export async function onPullRequestReviewSecurityReview(
  context: Context<"pull_request_review.submitted" | "pull_request_review.dismissed">,
  deps: AppDeps,
): Promise<void> {
  if (context.payload.pull_request.state !== "open") return;
  await reviewPullRequest(await runForEvent(context, deps));
}
