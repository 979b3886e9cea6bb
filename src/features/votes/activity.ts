import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { isBotUser, parseCommands } from "../../core/commands.js";
import { voteMarker } from "../../core/vote/vote-record.js";
import { VOTE_OPEN_LABEL } from "../../core/vote/close-plan.js";
import { refreshVote } from "./lifecycle.js";

type ActivityEvent = Context<
  | "issue_comment.created"
  | "issue_comment.edited"
  | "issue_comment.deleted"
  | "pull_request_review.submitted"
  | "pull_request_review.edited"
  | "pull_request_review.dismissed"
>;

/**
 * GitHub sends no webhook for reactions, so any comment or review on a thread with an open vote is
 * taken as a hint to re-count it (the sweep covers quiet threads). Threads without the
 * `vote: open` label cost nothing; a re-count that finds no change costs no write.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request_review
 */
export async function onVoteActivity(context: ActivityEvent, deps: AppDeps): Promise<void> {
  const payload = context.payload;
  const thread = "issue" in payload ? payload.issue : payload.pull_request;
  if ("issue" in payload && !payload.issue.pull_request) return; // votes live on pull requests
  const labels = (thread.labels ?? []).map((l) => l.name);
  if (!labels.includes(VOTE_OPEN_LABEL)) return;
  const ref = { owner: payload.repository.owner.login, repo: payload.repository.name, issue_number: thread.number };

  if (payload.action === "deleted" && "comment" in payload) {
    // The vote comment itself was deleted: post it again (the re-count notices it is missing).
    if (!payload.comment.body.includes(voteMarker(ref))) return;
  } else {
    // Our own edits come back as events; ignoring bots stops the loop.
    if (isBotUser(payload.sender)) return;
    // `/vote …` commands re-count through the command dispatcher; doing it twice would race.
    if ("comment" in payload && parseCommands(payload.comment.body).some((c) => c.name === "vote")) return;
  }
  const gateway = deps.gatewayFor(context);
  const result = await refreshVote({ gateway, now: deps.now(), signingKey: deps.signingKey, log: context.log }, ref, { labels });
  context.log.info({ pr: ref.issue_number, outcome: result.kind }, "vote re-counted");
}
