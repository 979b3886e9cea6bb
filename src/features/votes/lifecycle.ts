import { isoDay } from "../../app/deps.js";
import { isTransientFailure } from "../../app/retry-policy.js";
import { loadPolicy } from "../policy/load.js";
import { resolveRepo } from "../../core/repositories.js";
import { loadRoster } from "../policy/load-roster.js";
import type { SecwgConfig } from "../../config/schema.js";
import { renderMarker, withMarker } from "../../core/marker.js";
import { escapeUntrusted } from "../../core/markdown-escape.js";
import { checkMembershipRequest, fillMemberDates, addDays, otherFilesThan } from "../../core/membership/membership-request.js";
import type { Roster } from "../../core/roster.js";
import { formatInstant, renderTamperedNotice, renderVoteComment } from "../../core/vote/vote-comment.js";
import { openVoteRecord, parseVoteRecord, voteMarker, voteTarget, VOTE_LOG_MARKER_KIND, VOTES_LOG_LABEL, type Person, type VoteRecord } from "../../core/vote/vote-record.js";
import { decideVote, isDue, tallyVote, yesNeeded, type Tally, type VoteDecision } from "../../core/vote/vote-tally.js";
import { GitHubError, isPolicyError } from "../../errors.js";
import { ensureMembershipCheck } from "../membership/check.js";
import { reportUntrustedRecord } from "../../handlers/untrusted-records.js";
import type { Gateway, IssueComment, IssueRef, PullState } from "../../github/gateway.js";
import type { Logger } from "../../logger.js";

/**
 * Opening, re-counting and closing votes: shared by the membership handler, the re-tally handler,
 * the `/vote` commands and the sweep. Every step finds its object by marker and writes only what
 * differs, so a step interrupted half-way is finished by the next event or sweep.
 */

/** Marks threads with an open vote: the sweep and the re-tally handler find votes by it for free. */
export const VOTE_OPEN_LABEL = "vote: open";
export const VOTE_CHECK_NAME = "secwg / vote";
const VOTE_CHECK_ID = "secwg:vote";

export interface VoteEnv {
  gateway: Gateway;
  now: Date;
  signingKey: string;
  log: Pick<Logger, "info" | "warn">;
  /** Decide and report, write nothing. */
  dryRun?: boolean;
}

export type RefreshResult =
  | { kind: "none" }
  | { kind: "tampered"; reason: string }
  | { kind: "reposted" }
  | { kind: "open"; record: VoteRecord; tally: Tally; comment: IssueComment; updated: boolean }
  | { kind: "closed"; record: VoteRecord; tally: Tally; comment: IssueComment; closedNow: boolean };

/** Opens the vote on a membership request unless the thread already has one. */
export async function openMembershipVote(
  env: VoteEnv,
  ref: IssueRef,
  input: { subject: Person; roster: Roster; config: SecwgConfig; headSha: string; notice?: string },
): Promise<"created" | "exists"> {
  const marker = voteMarker(ref);
  const existing = await env.gateway.findComment(ref, marker);
  if (existing && !input.notice) return "exists";
  // The electorate is asked to act, so it is mentioned: by the login each roster id has now (a
  // renamed member is reached, a stranger holding an old login is not). An id that no longer
  // resolves keeps its roster login as display text and is listed as not notified.
  const members: Person[] = [];
  const unresolved: number[] = [];
  for (const m of input.roster.activeOn(isoDay(env.now))) {
    if (m.id === input.subject.id) continue;
    const login = await env.gateway.getUserLogin(m.id);
    members.push({ id: m.id, login: login ?? m.login });
    if (!login) unresolved.push(m.id);
  }
  const opened = openVoteRecord({
    kind: "membership",
    target: voteTarget(ref),
    subject: input.subject,
    members,
    opened: env.now,
    durationDays: input.config.votes.duration,
    quorum: input.config.votes.quorum,
  });
  const record: VoteRecord = unresolved.length > 0 ? { ...opened, unresolved } : opened;
  const body = renderVoteComment({ record, tally: tallyVote(record.electorate, []), marker, signingKey: env.signingKey, ...(input.notice ? { notice: input.notice } : {}) });
  if (env.dryRun) return "created";
  await env.gateway.ensureComment(ref, marker, body);
  await env.gateway.ensureLabels(ref, { add: [VOTE_OPEN_LABEL] });
  await ensureVoteCheck(env, ref, input.headSha, record);
  env.log.info({ vote: record.target, electorate: record.electorate.length }, "vote opened");
  return "created";
}

/** The `secwg / vote` check run of a head commit: pending while open, then the result. */
export async function ensureVoteCheck(env: VoteEnv, ref: IssueRef, headSha: string, record: VoteRecord | null, tampered?: string): Promise<void> {
  if (env.dryRun) return;
  const n = record?.electorate.length ?? 0;
  const spec = tampered
    ? { status: "completed" as const, conclusion: "failure" as const, title: "Vote record edited", summary: renderTamperedNotice(tampered) }
    : record === null || record.state === "open"
      ? { status: "in_progress" as const, title: "Vote open", summary: record ? `Open until ${formatInstant(record.deadline)}; ${yesNeeded(n)} of ${n} 👍 needed.` : "Vote open." }
      : {
          status: "completed" as const,
          conclusion: record.state === "passed" ? ("success" as const) : ("failure" as const),
          title: `Vote ${record.state}`,
          summary: `The vote ${record.state}${record.closed ? ` on ${formatInstant(record.closed.at)}` : ""}; see the vote comment for the tally.`,
        };
  await env.gateway.ensureCheckRun(ref, { name: VOTE_CHECK_NAME, head_sha: headSha, external_id: VOTE_CHECK_ID, ...spec });
}

/**
 * Re-counts the vote of a thread and closes it when decided. Cheap when nothing changed: the
 * comment and its reactions are read with conditional requests and nothing is written.
 * `labels` (when known) lets a deleted vote comment be noticed and posted again.
 */
export async function refreshVote(env: VoteEnv, ref: IssueRef, options: { labels?: string[] } = {}): Promise<RefreshResult> {
  const marker = voteMarker(ref);
  const { data: comment } = await env.gateway.findCommentConditionally(ref, marker);
  if (!comment) {
    if (options.labels?.includes(VOTE_OPEN_LABEL)) return repostVote(env, ref);
    return { kind: "none" };
  }
  const parsed = parseVoteRecord(comment.body, env.signingKey, voteTarget(ref));
  if (parsed.kind !== "ok") {
    const reason = parsed.kind === "missing" ? "the vote record was removed from the vote comment" : parsed.reason;
    await reportTampered(env, ref, reason, comment);
    return { kind: "tampered", reason };
  }
  const { record } = parsed;
  if (record.state !== "open") {
    const tally = tallyVote(record.electorate, (await env.gateway.listReactionsForIssueComment(ref, comment.id)).data, record.deadline);
    // The record says closed but the thread still carries the open label: the steps after the close
    // were interrupted (a failed GitHub call). They are idempotent, so finish them now.
    if (options.labels?.includes(VOTE_OPEN_LABEL)) {
      env.log.info({ vote: record.target, result: record.state }, "finishing an interrupted vote close");
      await completeClose(env, ref, record, tally, { finishing: true });
    }
    return { kind: "closed", record, tally, comment, closedNow: false };
  }
  const { data: reactions } = await env.gateway.listReactionsForIssueComment(ref, comment.id);
  const tally = tallyVote(record.electorate, reactions, record.deadline);
  const decision = decideVote(tally, { quorum: record.quorum }, isDue(record, env.now));
  if (decision.status === "open") {
    const body = renderVoteComment({ record, tally, marker, signingKey: env.signingKey, notice: noticeOf(comment.body) });
    const updated = body !== comment.body;
    if (updated && !env.dryRun) await env.gateway.updateComment(ref, comment.id, body);
    return { kind: "open", record, tally, comment, updated };
  }
  const closed: VoteRecord = { ...record, state: decision.status, closed: { at: env.now.toISOString() } };
  if (!env.dryRun) {
    await env.gateway.updateComment(ref, comment.id, renderVoteComment({ record: closed, tally, marker, signingKey: env.signingKey, decision }));
  }
  env.log.info({ vote: record.target, result: decision.status, reason: decision.reason }, "vote closed");
  await completeClose(env, ref, closed, tally, { decision });
  return { kind: "closed", record: closed, tally, comment, closedNow: true };
}

const REPOSTED_NOTICE =
  "The previous vote comment was deleted, and its reactions with it, so secwg posted the vote again: the electorate is frozen anew and the deadline restarts. Please vote again below.";

/** Keeps secwg's own note ("posted again") across live updates; text anyone else put there is not carried over. */
function noticeOf(body: string): string | undefined {
  return /^> \[!NOTE\]\n> (.+)$/m.exec(body)?.[1] === REPOSTED_NOTICE ? REPOSTED_NOTICE : undefined;
}

/**
 * A vote record that does not verify (edited, removed, or copied from another thread) is never
 * acted on: the thread says so, its check fails, and the signers are told once in the tracker.
 */
async function reportTampered(env: VoteEnv, ref: IssueRef, reason: string, comment: IssueComment): Promise<void> {
  env.log.warn({ vote: voteTarget(ref) }, "vote record failed verification; not trusted");
  if (env.dryRun) return;
  const marker = renderMarker("vote-tampered", voteTarget(ref));
  const notice = renderTamperedNotice(reason);
  // Already said on the thread (the common case on every later re-count): the tracker was told before it.
  if ((await env.gateway.findComment(ref, marker))?.body === withMarker(marker, notice)) return;
  try {
    const config = await loadPolicy(env.gateway, ref.owner);
    await reportUntrustedRecord(
      { gateway: env.gateway, config, owner: ref.owner, now: env.now, log: env.log },
      {
        commentId: comment.id,
        url: comment.html_url,
        what: `holds a vote record for ${escapeUntrusted(voteTarget(ref))} that does not verify (${reason})`,
        consequence: "secwg ignores it: the vote is not counted, closed, merged or rejected until a signer ends it with `/vote cancel <reason>`.",
      },
    );
  } catch (error) {
    if (!isPolicyError(error)) throw error;
  }
  await env.gateway.ensureComment(ref, marker, notice);
  try {
    const pull = await env.gateway.getPullState(ref);
    await ensureVoteCheck(env, ref, pull.head.sha, null, reason);
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
  }
}

/** The vote comment was deleted while the vote was open: post a fresh one and say why. */
async function repostVote(env: VoteEnv, ref: IssueRef): Promise<RefreshResult> {
  const pull = await env.gateway.getPullState(ref);
  if (pull.state !== "open") return { kind: "none" };
  const config = await loadPolicy(env.gateway, ref.owner);
  const roster = await loadRoster(env.gateway, config, ref.owner);
  env.log.warn({ vote: voteTarget(ref) }, "vote comment missing; posting it again");
  await openMembershipVote(env, ref, {
    subject: { id: pull.author.id, login: pull.author.login },
    roster,
    config,
    headSha: pull.head.sha,
    notice: REPOSTED_NOTICE,
  });
  return { kind: "reposted" };
}

/**
 * Everything that follows a decided vote, each step idempotent: check run, tracker log, result
 * label, then merge and welcome (passed membership request) or result comment and close (failed),
 * and only then the removal of the `vote: open` label. The label is the record that the close is
 * unfinished: while it is on, the next event on the thread (the merge's own `closed` event, a
 * redelivery, a comment) or the sweep runs this again and finishes what a failed call left undone.
 * A `finishing` run (the record was closed earlier) does nothing once the label is gone.
 */
export async function completeClose(
  env: VoteEnv,
  ref: IssueRef,
  record: VoteRecord,
  tally: Tally,
  options: { decision?: VoteDecision; finishing?: boolean } = {},
): Promise<void> {
  const { decision } = options;
  if (env.dryRun) return;
  let config: SecwgConfig | null = null;
  try {
    config = await loadPolicy(env.gateway, ref.owner);
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    env.log.warn({ vote: record.target, code: error.code }, "configuration unusable; vote closed without merge or close");
  }
  const pull = await env.gateway.getPullState(ref);
  if (options.finishing && !pull.labels.includes(VOTE_OPEN_LABEL)) return;
  await ensureVoteCheck(env, ref, pull.head.sha, record);
  if (config) await appendVoteLog(env, ref, config, record, tally);
  const resultLabel = record.state === "passed" ? config?.votes.labels.passed ?? "vote: passed" : record.state === "failed" ? config?.votes.labels.failed ?? "vote: failed" : null;
  if (resultLabel) await env.gateway.ensureLabels(ref, { add: [resultLabel], current: pull.labels });
  if (config && record.kind === "membership") {
    if (record.state === "passed" && config.votes.merge) {
      // Merged already: by an earlier run of this close that failed after the merge, or by hand.
      if (pull.state === "open") await mergeMembership(env, ref, record, pull, config);
      else if (pull.merged && pull.author.id === record.subject.id) await welcomeMember(env, ref, record, pull.author.login, config);
    }
    if (record.state === "failed" && pull.state === "open") {
      const why = decision && decision.status === "failed" && decision.reason === "majority-impossible" ? "a majority of 👍 could no longer be reached" : "the vote did not reach a majority of 👍 by its deadline";
      await env.gateway.ensureComment(
        ref,
        renderMarker("vote-result", record.target),
        [
          `@${record.subject.login}, thank you for offering your time to the Security Working Group. The vote on your request did not pass: ${why} (${tally.yes.length} 👍, ${tally.no.length} 👎, ${tally.abstained.length} abstained, ${tally.notVoted.length} not voted; ${yesNeeded(record.electorate.length)} of ${record.electorate.length} needed).`,
          "",
          "This request is closed. You are welcome to talk with the members about it and to apply again later.",
        ].join("\n"),
      );
      await env.gateway.closePull(ref);
      env.log.info({ vote: record.target }, "membership request closed after failed vote");
    }
  }
  await env.gateway.ensureLabels(ref, { remove: [VOTE_OPEN_LABEL], current: pull.labels });
}

/**
 * Merges a passed membership request (after filling in its dates) and welcomes the new member.
 * Every step finds before it writes, so a run interrupted at any point is safe to repeat.
 */
export async function mergeMembership(env: VoteEnv, ref: IssueRef, record: VoteRecord, pull: PullState, config: SecwgConfig): Promise<void> {
  const say = (text: string) => env.gateway.ensureComment(ref, renderMarker("vote-result", record.target), text);
  if (pull.author.id !== record.subject.id) {
    await say("The vote passed, but this pull request's author is not the subject of the vote, so secwg did not merge it.");
    return;
  }
  const path = config.group.roster;
  const [baseText, head, listed] = await Promise.all([
    env.gateway.readFile(ref, path, pull.base.ref),
    env.gateway.readFileWithSha(ref, path, pull.head.sha),
    env.gateway.listPullFiles(ref),
  ]);
  const check = checkMembershipRequest({
    otherFiles: otherFilesThan(listed.files, path, listed.capped),
    author: pull.author,
    body: pull.body,
    baseText,
    headText: head?.text ?? null,
    file: path,
    openedOn: pull.created_at.slice(0, 10),
    termDays: config.terms.length,
  });
  if (check.kind !== "valid") {
    // Re-read before saying no: a concurrent run (another replica, a CronJob sweep) may have merged
    // the request since `pull` was read, and the merged base now holds the entry it adds.
    if (await mergedMeanwhile(env, ref, record, config)) return;
    const problems = check.kind === "invalid" ? check.problems.map((p) => `- ${p.problem}. ${p.fix}`) : [];
    await say(["The vote passed, but the request is no longer a valid membership request, so secwg did not merge it:", "", ...problems].join("\n"));
    return;
  }
  let mergeSha = pull.head.sha;
  if (check.needsDates) {
    const today = isoDay(env.now);
    const filled = head ? fillMemberDates(head.text, record.subject.id, today, config.terms.length) : null;
    const sameRepo = pull.head.repo?.toLowerCase() === `${ref.owner}/${ref.repo}`.toLowerCase();
    if (!filled || !head || !sameRepo) {
      await say(
        [
          `The vote passed. 🎉 @${record.subject.login}, secwg cannot edit this branch, so please add these two lines to your entry in \`${path}\` (under \`id: ${record.subject.id}\`); secwg merges the request once you push them:`,
          "",
          "```yaml",
          `    joined: ${today}`,
          `    term_ends: ${addDays(today, config.terms.length)}`,
          "```",
        ].join("\n"),
      );
      return;
    }
    mergeSha = await env.gateway.createOrUpdateFile(ref, {
      path,
      branch: pull.head.ref,
      message: `chore(roster): record joined and term_ends for @${record.subject.login}`,
      content: filled,
      sha: head.sha,
    });
  }
  // Always, not only after our own commit: a run that failed between the commit and the merge is
  // retried with that commit as the head, and required checks must be on the commit merged.
  // Immediately before the merge, against the exact commit merged: the pull request's files are
  // those of its head now, and the head must still be `mergeSha` (the merge names it too, so GitHub
  // refuses if the head moves after this look).
  if (!env.dryRun) {
    const [now, files] = await Promise.all([env.gateway.getPullState(ref), env.gateway.listPullFiles(ref)]);
    if (now.head.sha !== mergeSha || otherFilesThan(files.files, path, files.capped) > 0 || !files.files.some((f) => f.filename === path)) {
      env.log.warn({ vote: record.target }, "membership request not merged: its head moved or it changes more than the roster");
      await say("The vote passed, but this pull request changed after it was checked (a new commit, or files besides the roster), so secwg did not merge it. A membership request changes exactly the roster file.");
      return;
    }
  }
  await ensureVoteCheck(env, ref, mergeSha, record);
  if (!env.dryRun) await ensureMembershipCheck(env.gateway, ref, mergeSha, { kind: "valid", author: pull.author, path });
  try {
    await env.gateway.mergePull(ref, {
      sha: mergeSha,
      merge_method: config.votes.merge_method,
      commit_title: `Add @${record.subject.login} to the Security Working Group (#${ref.issue_number})`,
    });
  } catch (error) {
    // A transient failure fails the event; the open label still on makes the retry merge again.
    if (!(error instanceof GitHubError) || isTransientFailure(error)) throw error;
    if (await mergedMeanwhile(env, ref, record, config)) return;
    env.log.warn({ vote: record.target, status: error.status }, "merge of passed membership request refused");
    await say(`The vote passed, but GitHub refused to merge this pull request (${error.status}). A maintainer can merge it by hand; branch protection or a conflict is the usual cause.`);
    return;
  }
  env.log.info({ vote: record.target }, "membership request merged");
  await welcomeMember(env, ref, record, pull.author.login, config);
}

/**
 * Whether the request is no longer open now (read afresh): merged by a concurrent run, whose
 * welcome is then made sure of, or closed. Either way this run has nothing to say about a merge.
 */
async function mergedMeanwhile(env: VoteEnv, ref: IssueRef, record: VoteRecord, config: SecwgConfig): Promise<boolean> {
  const now = await env.gateway.getPullState(ref);
  if (now.state === "open") return false;
  env.log.info({ vote: record.target, merged: now.merged }, "membership request no longer open; another run finished it");
  if (now.merged && now.author.id === record.subject.id) await welcomeMember(env, ref, record, now.author.login, config);
  return true;
}

/**
 * A merged request whose vote closed earlier (a fork: secwg asked the author to push the dates,
 * then merged on that push). Finishes the welcome that the merge's run may not have finished;
 * when it did, this costs reads only.
 */
export async function welcomeAfterLateMerge(env: VoteEnv, ref: IssueRef, author: Person, labels: readonly string[]): Promise<void> {
  let config: SecwgConfig;
  try {
    config = await loadPolicy(env.gateway, ref.owner);
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    return;
  }
  if (!labels.includes(config.votes.labels.passed) || !config.votes.merge) return;
  const comment = await env.gateway.findComment(ref, voteMarker(ref));
  const parsed = comment ? parseVoteRecord(comment.body, env.signingKey, voteTarget(ref)) : null;
  if (parsed?.kind !== "ok") return;
  const { record } = parsed;
  if (record.kind !== "membership" || record.state !== "passed" || record.subject.id !== author.id) return;
  await welcomeMember(env, ref, record, author.login, config);
}

/**
 * After the merge: adds the new member to the group's teams (only where not a member yet, so a
 * repeated run writes nothing) and posts the welcome. Runs again after an interrupted close, when
 * the pull request is already merged.
 */
async function welcomeMember(env: VoteEnv, ref: IssueRef, record: VoteRecord, _login: string, config: SecwgConfig): Promise<void> {
  const teams: string[] = [];
  const failed: string[] = [];
  // Added and greeted by the login the subject's id has now, never a login remembered earlier.
  const current = await env.gateway.getUserLogin(record.subject.id);
  for (const team of current ? config.group.teams : []) {
    const [org, slug] = team.replace(/^@/, "").includes("/") ? (team.replace(/^@/, "").split("/") as [string, string]) : [ref.owner, team];
    try {
      const members = await env.gateway.listTeamMembers(org, slug);
      if (!members.some((m) => m.id === record.subject.id)) await env.gateway.addTeamMember(org, slug, current as string);
      teams.push(`${org}/${slug}`);
    } catch (error) {
      // Only a lasting refusal (missing team, no permission) is left to a maintainer; a transient
      // failure fails the event so the retry adds the member and welcomes them with the full list.
      if (!(error instanceof GitHubError) || isTransientFailure(error)) throw error;
      failed.push(`${org}/${slug} (${error.status})`);
      env.log.warn({ vote: record.target, team: `${org}/${slug}`, status: error.status }, "could not add new member to team");
    }
  }
  env.log.info({ vote: record.target, teams: teams.length }, "new member added to teams");
  // Teams are named, never mentioned.
  const greeted = current ? `@${current}` : `${escapeUntrusted(record.subject.login)} (secwg could not find this account by its id, so nobody was notified)`;
  await env.gateway.ensureComment(
    ref,
    renderMarker("vote-result", record.target),
    [
      `Welcome to the Security Working Group, ${greeted}! 🎉 The vote passed and this request is merged.`,
      teams.length > 0 ? `You were added to ${teams.map((t) => escapeUntrusted(t)).join(", ")}.` : "",
      failed.length > 0 ? `secwg could not add you to ${failed.join(", ")}; a maintainer will do it by hand.` : "",
      "Access to the private tracker is granted separately, after onboarding.",
    ]
      .filter(Boolean)
      .join("\n"),
  );
}

/**
 * One comment per vote on a single "Votes log" issue in the tracker (found by marker and label),
 * so the group's private log lists every decision. An unreachable tracker is logged, not fatal.
 */
async function appendVoteLog(env: VoteEnv, ref: IssueRef, config: SecwgConfig, record: VoteRecord, tally: Tally): Promise<void> {
  const tracker = resolveRepo(config.group.tracker, ref.owner);
  try {
    const issue = await env.gateway.ensureIssue(
      tracker,
      renderMarker("votes-log", "all"),
      { title: "Votes log", body: "Every vote of the group, one comment each, written by secwg when the vote closes.", labels: [VOTES_LOG_LABEL] },
      { findByLabel: VOTES_LOG_LABEL },
    );
    const by = record.closed?.by ? ` by ${escapeUntrusted(record.closed.by.login)}` : "";
    const reason = record.closed?.reason ? ` (${escapeUntrusted(record.closed.reason, 500)})` : "";
    await env.gateway.ensureComment(
      { ...tracker, issue_number: issue.number },
      renderMarker(VOTE_LOG_MARKER_KIND, record.target),
      [
        `**${record.kind} vote on ${record.target}** (subject ${escapeUntrusted(record.subject.login)}): **${record.state}**${by}${reason}`,
        `- opened ${formatInstant(record.opened)}, closed ${record.closed ? formatInstant(record.closed.at) : "—"}`,
        `- ${tally.yes.length} 👍, ${tally.no.length} 👎, ${tally.abstained.length} abstained, ${tally.notVoted.length} not voted; electorate ${record.electorate.length}, ${yesNeeded(record.electorate.length)} needed`,
      ].join("\n"),
    );
  } catch (error) {
    // A missing or forbidden tracker will not come back by retrying; a 5xx, a rate limit or a
    // dropped connection will: those fail the event, and the open label still on the thread makes
    // the redelivery or the sweep finish the close.
    if (!(error instanceof GitHubError) || isTransientFailure(error)) throw error;
    env.log.warn({ vote: record.target, status: error.status }, "vote log not written: tracker unreachable");
  }
}

/** `/vote cancel`: the record says who and why; the comment stays, frozen. */
export async function cancelVote(env: VoteEnv, ref: IssueRef, by: Person, reason: string): Promise<"cancelled" | "not-open" | "none"> {
  const marker = voteMarker(ref);
  const comment = await env.gateway.findComment(ref, marker);
  if (!comment) return "none";
  const parsed = parseVoteRecord(comment.body, env.signingKey, voteTarget(ref));
  const at = env.now.toISOString();
  if (parsed.kind !== "ok") {
    await env.gateway.updateComment(
      ref,
      comment.id,
      `${marker}\n**Cancelled** on ${formatInstant(at)} by ${escapeUntrusted(by.login)}: ${escapeUntrusted(reason, 500)}. The vote record had been edited, so no result was taken from it.`,
    );
    const pull = await env.gateway.getPullState(ref);
    await env.gateway.ensureLabels(ref, { remove: [VOTE_OPEN_LABEL], current: pull.labels });
    await ensureVoteCheck(env, ref, pull.head.sha, null, "the vote record was edited; the vote was cancelled");
    return "cancelled";
  }
  if (parsed.record.state !== "open") return "not-open";
  const record: VoteRecord = { ...parsed.record, state: "cancelled", closed: { at, by: { id: by.id, login: by.login }, reason } };
  const { data: reactions } = await env.gateway.listReactionsForIssueComment(ref, comment.id);
  const tally = tallyVote(record.electorate, reactions, record.deadline);
  await env.gateway.updateComment(ref, comment.id, renderVoteComment({ record, tally, marker, signingKey: env.signingKey }));
  env.log.info({ vote: record.target, by: by.id }, "vote cancelled");
  await completeClose(env, ref, record, tally);
  return "cancelled";
}

/** `/vote extend`: moves the deadline once. */
export async function extendVote(env: VoteEnv, ref: IssueRef, days: number): Promise<{ kind: "extended"; deadline: string } | { kind: "already-extended" | "not-open" | "none" | "tampered" }> {
  const marker = voteMarker(ref);
  const comment = await env.gateway.findComment(ref, marker);
  if (!comment) return { kind: "none" };
  const parsed = parseVoteRecord(comment.body, env.signingKey, voteTarget(ref));
  if (parsed.kind !== "ok") return { kind: "tampered" };
  if (parsed.record.state !== "open") return { kind: "not-open" };
  if (parsed.record.extended) return { kind: "already-extended" };
  const deadline = new Date(Date.parse(parsed.record.deadline) + days * 86_400_000).toISOString();
  const record: VoteRecord = { ...parsed.record, deadline, extended: true };
  const { data: reactions } = await env.gateway.listReactionsForIssueComment(ref, comment.id);
  const body = renderVoteComment({ record, tally: tallyVote(record.electorate, reactions, record.deadline), marker, signingKey: env.signingKey, notice: noticeOf(comment.body) });
  await env.gateway.updateComment(ref, comment.id, body);
  env.log.info({ vote: record.target, days }, "vote extended");
  return { kind: "extended", deadline };
}
