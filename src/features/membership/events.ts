import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { loadPolicy } from "../policy/load.js";
import { isGroupRepo } from "../../core/repositories.js";
import { loadRoster } from "../policy/load-roster.js";
import type { SecwgConfig } from "../../config/schema.js";
import { isBotUser } from "../../core/commands.js";
import { renderMarker } from "../../core/marker.js";
import { checkMembershipRequest, otherFilesThan } from "../../core/membership/membership-request.js";
import { parseVoteRecord, voteMarker, voteTarget } from "../../core/vote/vote-record.js";
import { isPolicyError } from "../../errors.js";
import type { IssueRef } from "../../github/gateway.js";
import { ensureMembershipCheck, renderProblems } from "../membership/check.js";
import {
  cancelVote,
  ensureVoteCheck,
  mergeMembership,
  openMembershipVote,
  refreshVote,
  VOTE_OPEN_LABEL,
  welcomeAfterLateMerge,
  type VoteEnv,
} from "../votes/lifecycle.js";


type MembershipEvent = Context<
  "pull_request.opened" | "pull_request.edited" | "pull_request.synchronize" | "pull_request.reopened" | "pull_request.closed"
>;

/**
 * Membership requests: a pull request to the group repository that adds its author to the roster.
 * It is checked against the roster on the base branch; a valid request opens a vote, an invalid
 * one gets a failing `secwg / membership` check and one comment listing each problem and its fix.
 * Pull requests that do not touch the roster cost one read and no write.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
 */
export async function onMembershipPullRequest(context: MembershipEvent, deps: AppDeps): Promise<void> {
  const { pull_request: pr, repository, sender } = context.payload;
  if (!pr.user || !sender) return;
  const author = { id: pr.user.id, login: pr.user.login };
  const ref: IssueRef = { owner: repository.owner.login, repo: repository.name, issue_number: pr.number };
  const gateway = deps.gatewayFor(context);
  const env: VoteEnv = { gateway, now: deps.now(), signingKey: deps.signingKey, log: context.log };

  if (context.payload.action === "closed") {
    // Only a thread with an open vote has anything to do; the label tells without a request.
    if (!pr.labels.some((l) => l.name === VOTE_OPEN_LABEL)) {
      // A fork's request is merged after its vote closed (its author pushed the dates): the welcome
      // of that merge may have failed, and this event is the last one the thread gets.
      if (pr.merged && pr.labels.length > 0) await welcomeAfterLateMerge(env, ref, author, pr.labels.map((l) => l.name));
      return;
    }
    const reason = pr.merged ? "the pull request was merged before the vote ended" : "the pull request was closed before the vote ended";
    const outcome = await cancelVote(env, ref, { id: sender.id, login: sender.login }, reason);
    // Already closed: the merge that followed a passed vote, or a redelivery after a failed call.
    // The label still on says the steps after the close did not all run (it is removed last), and
    // closed threads are not swept, so finish them here; a finished close costs reads only.
    if (outcome === "not-open") await refreshVote(env, ref, { labels: pr.labels.map((l) => l.name) });
    context.log.info({ vote: voteTarget(ref), outcome }, "pull request closed during its vote");
    return;
  }

  let config: SecwgConfig;
  try {
    config = await loadPolicy(gateway, ref.owner);
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    return; // the `secwg / config` check explains an unusable configuration
  }
  if (!isGroupRepo(config, ref)) return;

  const path = config.group.roster;
  const { files, capped } = await gateway.listPullFiles(ref);
  const rosterFile = files.find((f) => f.filename === path || f.previous_filename === path);
  if (!rosterFile) return;
  const otherFiles = otherFilesThan(files, path, capped);

  // The payload is the pull request as it was when the event happened; by the time it is handled
  // (queued, redelivered) the request may be merged or closed — e.g. secwg's own commit of the new
  // member's dates is delivered after the merge that followed it. A merged request's base already
  // holds the entry, so judging it would fail a finished request: judge the pull request as it is now.
  const current = await gateway.getPullState(ref);
  if (current.state !== "open") {
    context.log.info({ pr: pr.number, merged: current.merged }, "membership request no longer open; left alone");
    return;
  }

  const [baseText, headText] = await Promise.all([
    gateway.readFile(ref, path, current.base.ref),
    rosterFile.status === "removed" || rosterFile.filename !== path ? Promise.resolve(null) : gateway.readFile(ref, path, current.head.sha),
  ]);
  const request = checkMembershipRequest({
    author,
    body: current.body,
    baseText,
    headText,
    file: path,
    openedOn: pr.created_at.slice(0, 10),
    termDays: config.terms.length,
    otherFiles,
  });
  if (request.kind === "not-a-request") return;

  const problemsMarker = renderMarker("membership", voteTarget(ref));
  if (request.kind === "invalid") {
    // Re-read before saying no: a concurrent run (the vote's close) may have merged the request since
    // it was read as open, and the merged base now holds the entry the request adds.
    const now = await gateway.getPullState(ref);
    if (now.state !== "open") {
      context.log.info({ pr: pr.number, merged: now.merged }, "membership request closed while it was judged; left alone");
      return;
    }
    context.log.info({ pr: pr.number, problems: request.problems.length }, "membership request invalid");
    await ensureMembershipCheck(gateway, ref, current.head.sha, { kind: "invalid", problems: request.problems, path });
    await gateway.ensureComment(ref, problemsMarker, `@${author.login}, thank you for your request. ${renderProblems(request.problems, path)}`);
    return;
  }

  await ensureMembershipCheck(gateway, ref, current.head.sha, { kind: "valid", author, path });
  const previous = await gateway.findComment(ref, problemsMarker);
  if (previous) {
    await gateway.ensureComment(ref, problemsMarker, `@${author.login}, all problems with this membership request are fixed. The vote is below.`);
  }

  const existing = await gateway.findComment(ref, voteMarker(ref));
  if (existing) {
    const parsed = parseVoteRecord(existing.body, deps.signingKey, voteTarget(ref));
    if (parsed.kind !== "ok") return; // reported by the re-tally; never acted on
    // The label is added after the vote comment; a failure in between left an open vote nothing
    // would ever re-count (reactions send no webhook, and the sweep finds votes by the label).
    if (parsed.record.state === "open") await gateway.ensureLabels(ref, { add: [VOTE_OPEN_LABEL], current: current.labels });
    await ensureVoteCheck(env, ref, current.head.sha, parsed.record);
    // A fork's author pushed the dates secwg asked for after a passed vote: merge now. Our own
    // commit (sender is the app) is merged by the step that pushed it.
    if (parsed.record.state === "passed" && context.payload.action === "synchronize" && !isBotUser(sender) && config.votes.merge) {
      await mergeMembership(env, ref, parsed.record, current, config);
    }
    return;
  }

  let roster;
  try {
    roster = await loadRoster(gateway, config, ref.owner);
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    context.log.warn({ pr: pr.number, code: error.code }, "vote not opened: roster unusable");
    await gateway.ensureComment(ref, problemsMarker, `secwg cannot open the vote on this request yet:\n\n${error.toUserMessage()}`);
    return;
  }
  await openMembershipVote(env, ref, { subject: author, roster, config, headSha: current.head.sha });
}

