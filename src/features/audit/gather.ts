import { loadPolicy } from "../policy/load.js";
import { resolveRepo } from "../../core/repositories.js";
import { carriesRecord, recordsPublication, type AdvisoryEvidence, type AuditInput, type LogEvidence, type VoteEvidence } from "../../core/audit/audit.js";
import { isOurs, type AppIdentity } from "../../core/identity.js";
import { parseMarkers } from "../../core/marker.js";
import { parseTrackerIssue } from "../../core/reports/tracker-issue.js";
import { VOTE_LOG_MARKER_KIND, VOTES_LOG_LABEL } from "../../core/vote/vote-record.js";
import { GitHubError } from "../../errors.js";
import type { Gateway, IssueComment, IssueRef, RepoRef } from "../../github/gateway.js";
import type { ElectionEvidence } from "../../core/audit/elections.js";
import { ELECTION_LOG_MARKER_KIND } from "../../core/governance/election-plan.js";
import { ELECTION_RECORD_KIND } from "../../core/governance/election-record.js";
import type { Reaction } from "../../core/vote/vote-tally.js";
import { PublicTrackerError } from "../board-report/gather.js";
import { carriesAccessRecord, type AccessAuditInput, type GrantThreadEvidence } from "../../core/audit/access.js";
import { isoDay } from "../../core/dates.js";
import { gatherRoster } from "../policy/gather.js";

/** At most this many issues with access commands are read per audit. */
export const MAX_ACCESS_THREADS = 200;

/**
 * The group repository's issues where `/grant-access` or `/revoke-access` was run, found by two
 * searches in comments (`repo:OWNER/GROUP "grant-access" in:comments`, the same for revoke), each
 * with secwg's comments and strangers' comments carrying an access record. Search only finds the
 * issues; the records are read from the issues themselves. Cost: two searches, then one comments
 * read per issue (at most 200).
 */
export async function gatherGrantThreads(gateway: Gateway, groupRepo: RepoRef, self: AppIdentity): Promise<{ threads: GrantThreadEvidence[]; incomplete: boolean }> {
  const seen = new Map<number, RepoRef & { issue_number: number }>();
  let incomplete = false;
  for (const command of ["grant-access", "revoke-access"]) {
    const found = await gateway.searchIssues(`repo:${groupRepo.owner}/${groupRepo.repo} "${command}" in:comments`, MAX_ACCESS_THREADS);
    if (found.incomplete) incomplete = true;
    for (const item of found.items) {
      if (item.owner.toLowerCase() === groupRepo.owner.toLowerCase() && item.repo.toLowerCase() === groupRepo.repo.toLowerCase()) seen.set(item.number, { ...groupRepo, issue_number: item.number });
    }
  }
  const threads: GrantThreadEvidence[] = [];
  for (const ref of [...seen.values()].sort((a, b) => a.issue_number - b.issue_number).slice(0, MAX_ACCESS_THREADS)) {
    const comments = await gateway.listAllComments(ref);
    threads.push({
      target: `${ref.owner}/${ref.repo}#${ref.issue_number}`,
      ours: comments.filter((c) => isOurs(c.user, self)).map((c) => ({ id: c.id, body: c.body })),
      foreign: comments.filter((c) => !isOurs(c.user, self) && carriesAccessRecord(c.body)).map((c) => ({ id: c.id, authorId: c.user?.id ?? null })),
    });
  }
  if (seen.size > MAX_ACCESS_THREADS) incomplete = true;
  return { threads, incomplete };
}

/**
 * Reads, through the gateway only, what the audit recomputes: secwg's votes log and each closed
 * vote's thread and reactions; every report's tracker issue and its comments; and, for a log that
 * records a publication, the advisory as GitHub shows it now. Comments are split into secwg's own
 * (its bot id, `isOurs`) and strangers' comments carrying a record marker; nothing else is kept.
 */

export interface AuditScope {
  owner: string;
  signingKey: string;
  since: string | null;
}

function split(comments: readonly IssueComment[], self: AppIdentity, kind: "log" | "vote") {
  const ours = comments.filter((c) => isOurs(c.user, self)).map((c) => ({ id: c.id, body: c.body }));
  const foreign = comments.filter((c) => !isOurs(c.user, self) && carriesRecord(c.body, kind)).map((c) => ({ id: c.id, authorId: c.user?.id ?? null }));
  return { ours, foreign };
}

const LOGGED_STATE = /: \*\*(passed|failed|cancelled)\*\*/;
const LOGGED_ELECTION_STATE = /\*\*: \*\*([a-z-]+)\*\*/;

/** `owner/repo#n` back into a reference, or null when it is not one. */
function parseTarget(target: string): { owner: string; repo: string; issue_number: number } | null {
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)#(\d+)$/.exec(target);
  return match ? { owner: match[1] as string, repo: match[2] as string, issue_number: Number(match[3]) } : null;
}

/**
 * secwg's votes log in the tracker, read once: the closed votes (`vote-log:TARGET`) and the
 * closed elections (`election-log:TARGET`) it names, each with the state its entry states.
 */
async function readVotesLog(gateway: Gateway, tracker: RepoRef, self: AppIdentity): Promise<{ votes: Map<string, string | null>; elections: Map<string, string | null> }> {
  const votes = new Map<string, string | null>();
  const elections = new Map<string, string | null>();
  for (const issue of await gateway.listReportIssues(tracker, VOTES_LOG_LABEL, "all")) {
    for (const comment of await gateway.listAllComments({ ...tracker, issue_number: issue.number })) {
      if (!isOurs(comment.user, self)) continue;
      for (const marker of parseMarkers(comment.body)) {
        if (marker.kind === VOTE_LOG_MARKER_KIND && !votes.has(marker.key)) votes.set(marker.key, LOGGED_STATE.exec(comment.body)?.[1] ?? null);
        if (marker.kind === ELECTION_LOG_MARKER_KIND && !elections.has(marker.key)) elections.set(marker.key, LOGGED_ELECTION_STATE.exec(comment.body)?.[1] ?? null);
      }
    }
  }
  return { votes, elections };
}

/** A thread's comments, or none when the issue is gone (404, 410). */
async function commentsOf(gateway: Gateway, ref: IssueRef): Promise<IssueComment[]> {
  try {
    return await gateway.listAllComments(ref);
  } catch (error) {
    if (!(error instanceof GitHubError) || (error.status !== 404 && error.status !== 410)) throw error;
    return [];
  }
}

/** Every closed vote secwg's votes log names, with its thread's comments and the vote comment's reactions. */
export async function gatherVotes(gateway: Gateway, tracker: RepoRef, self: AppIdentity): Promise<VoteEvidence[]> {
  return votesFromLog(gateway, (await readVotesLog(gateway, tracker, self)).votes, self);
}

async function votesFromLog(gateway: Gateway, logged: ReadonlyMap<string, string | null>, self: AppIdentity): Promise<VoteEvidence[]> {
  const votes: VoteEvidence[] = [];
  for (const [target, loggedState] of logged) {
    const ref = parseTarget(target);
    if (!ref) continue;
    const { ours, foreign } = split(await commentsOf(gateway, ref), self, "vote");
    const voteComment = ours.find((c) => parseMarkers(c.body).some((m) => m.kind === "vote" && m.key === target));
    const reactions = voteComment ? (await gateway.listReactionsForIssueComment(ref, voteComment.id)).data : [];
    votes.push({ target, loggedState, ours, foreign, reactions });
  }
  return votes;
}

/**
 * Every closed election secwg's votes log names, with the election issue's comments (secwg's, and
 * strangers' carrying an election record) and the reactions on each of secwg's ballot comments
 * for that election (found by their marker; the audit keeps only those the signed record binds).
 */
export async function gatherElections(gateway: Gateway, logged: ReadonlyMap<string, string | null>, self: AppIdentity): Promise<ElectionEvidence[]> {
  const elections: ElectionEvidence[] = [];
  for (const [target, loggedState] of logged) {
    const ref = parseTarget(target);
    if (!ref) continue;
    const comments = await commentsOf(gateway, ref);
    const ours = comments.filter((c) => isOurs(c.user, self)).map((c) => ({ id: c.id, body: c.body }));
    const foreign = comments.filter((c) => !isOurs(c.user, self) && parseMarkers(c.body).some((m) => m.kind === ELECTION_RECORD_KIND)).map((c) => ({ id: c.id, authorId: c.user?.id ?? null }));
    const reactions = new Map<number, Reaction[]>();
    for (const ballot of ours.filter((c) => parseMarkers(c.body).some((m) => m.kind === "election-ballot" && m.key.startsWith(`${target}:`)))) {
      reactions.set(ballot.id, (await gateway.listReactionsForIssueComment(ref, ballot.id)).data);
    }
    elections.push({ target, loggedState, ours, foreign, reactions });
  }
  return elections;
}

async function readAdvisory(gateway: Gateway, repo: RepoRef, ghsa: string): Promise<AdvisoryEvidence> {
  try {
    const advisory = await gateway.getAdvisory(repo, ghsa);
    return { kind: "ok", state: advisory.state, content: advisory };
  } catch (error) {
    if (error instanceof GitHubError && (error.status === 403 || error.status === 404)) return { kind: "unreadable", status: error.status };
    throw error;
  }
}

/** Every report's tracker issue (open and closed) with secwg's comments; advisories when asked. */
export async function gatherLogs(gateway: Gateway, input: { tracker: RepoRef; label: string; self: AppIdentity; signingKey?: string }): Promise<LogEvidence[]> {
  const logs: LogEvidence[] = [];
  const trackerName = `${input.tracker.owner}/${input.tracker.repo}`;
  for (const issue of await gateway.listReportIssues(input.tracker, input.label, "all")) {
    const tracked = parseTrackerIssue(issue.body);
    if (!tracked) continue;
    const { ours, foreign } = split(await gateway.listAllComments({ ...input.tracker, issue_number: issue.number }), input.self, "log");
    const log: LogEvidence = { tracker: trackerName, issue: issue.number, ghsa: tracked.ghsa, ours, foreign };
    if (input.signingKey !== undefined && recordsPublication(log, input.signingKey)) {
      log.advisory = await readAdvisory(gateway, { owner: tracked.owner, repo: tracked.repo }, tracked.ghsa);
    }
    logs.push(log);
  }
  return logs;
}

/** The organisation's private tracker, refusing a public one (logs are read only from a private tracker). */
export async function privateTracker(gateway: Gateway, owner: string) {
  const config = await loadPolicy(gateway, owner);
  const tracker = resolveRepo(config.group.tracker, owner);
  if (!(await gateway.getRepository(tracker)).private) throw new PublicTrackerError(tracker);
  return { config, tracker };
}

export async function gatherAudit(gateway: Gateway, scope: AuditScope & { now?: Date }): Promise<AuditInput & { tracker: RepoRef }> {
  const { config, tracker } = await privateTracker(gateway, scope.owner);
  const self = await gateway.self();
  const votesLog = await readVotesLog(gateway, tracker, self);
  const votes = await votesFromLog(gateway, votesLog.votes, self);
  const elections = { quorum: config.elections.quorum, items: await gatherElections(gateway, votesLog.elections, self) };
  const logs = await gatherLogs(gateway, { tracker, label: config.reports.label, self, signingKey: scope.signingKey });
  const roster = await gatherRoster(gateway, config, scope.owner);
  const members: AccessAuditInput["members"] = roster.ok ? roster.value.members : [];
  const rosterProblem = roster.ok ? undefined : roster.problem.code;
  const grants = await gatherGrantThreads(gateway, resolveRepo(config.group.repo, scope.owner), self);
  const access = { members, onboardingMonths: config.onboarding.months, today: isoDay(scope.now ?? new Date()), threads: grants.threads, incomplete: grants.incomplete, ...(rosterProblem ? { rosterProblem } : {}) };
  return { tracker, signingKey: scope.signingKey, requiredApprovals: config.reports.requiredApprovals, since: scope.since, votes, elections, logs, access };
}
