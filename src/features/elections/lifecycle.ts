import type { ElectionRules, ElectionTally } from "../../core/governance/election.js";
import {
  ballotMarker,
  electionMarker,
  electionTarget,
  parseElectionRecord,
  renderElectionRecord,
  type ElectionRecord,
} from "../../core/governance/election-record.js";
import {
  closeRound,
  currentRound,
  electionBranch,
  freeze,
  isFinished,
  planElection,
  renderBallot,
  renderElectionComment,
  settleTie,
  tallyRound,
  type ElectionPlanInput,
} from "../../core/governance/election-plan.js";
import { transferRole } from "../../core/governance/election-roster.js";
import type { Roster } from "../../core/roster.js";
import type { Reaction } from "../../core/vote/vote-tally.js";
import { isoDay } from "../../core/dates.js";
import { resolveRepo } from "../../core/repositories.js";
import { GitHubError } from "../../errors.js";
import type { IssueComment, IssueRef, RepoRef } from "../../github/gateway.js";
import { applyPlan } from "../apply-effects.js";
import type { FeatureEnv } from "../env.js";
import { gatherRoster } from "../policy/gather.js";
import { reportUntrustedRecord } from "../reports/untrusted-records.js";
import { seeProposal } from "../terms/gather.js";
import { wasWritten, writesAreRecorded } from "../../github/recording-gateway.js";

/**
 * An election's life on its issue: the signed record in secwg's election comment is read and
 * verified on every step; the phase moves on when its time has come (nominations close → ballots;
 * a ballot's deadline → elected, run-off, tie or no result; the signers' decisions → the tie's
 * outcome); then the plan (tally, log entry, roster pull request and its merge) is applied. Every
 * write is an `ensure`, so a second run, a redelivery or a sweep after an interruption writes only
 * what is still missing.
 */

export function electionRules(env: FeatureEnv): ElectionRules {
  return { ...env.config.elections, timeZone: env.config.reports.timeZone };
}

export type LoadedElection =
  | { kind: "missing" }
  | { kind: "tampered"; reason: string; comment: IssueComment }
  | { kind: "ok"; record: ElectionRecord; comment: IssueComment };

/** secwg's election comment on the issue (by marker, written by secwg's bot), its record verified for this issue. */
export async function loadElection(env: FeatureEnv, issue: IssueRef): Promise<LoadedElection> {
  const comment = await env.gateway.findComment(issue, electionMarker(issue));
  if (!comment) return { kind: "missing" };
  const parsed = parseElectionRecord(comment.body, env.signingKey, electionTarget(issue));
  if (parsed.kind === "ok") return { kind: "ok", record: parsed.record, comment };
  return { kind: "tampered", reason: parsed.kind === "missing" ? "the election record was removed from the election comment" : parsed.reason, comment };
}

export function electionBody(env: FeatureEnv, issue: IssueRef, record: ElectionRecord): string {
  return renderElectionComment(record, renderElectionRecord(record, env.signingKey), electionMarker(issue));
}

/** Writes the record when it changed; returns the comment as it now is. */
export async function saveElection(env: FeatureEnv, issue: IssueRef, comment: IssueComment, record: ElectionRecord): Promise<IssueComment> {
  const body = electionBody(env, issue, record);
  if (body === comment.body) return comment;
  return env.gateway.updateComment(issue, comment.id, body);
}

/** Reports an election record that does not verify, once, to the signers in the private tracker. */
export async function reportTamperedElection(env: FeatureEnv, issue: IssueRef, reason: string, comment: IssueComment): Promise<void> {
  env.log.warn({ election: electionTarget(issue) }, "election record failed verification; not trusted");
  await reportUntrustedRecord(env, {
    commentId: comment.id,
    url: comment.html_url,
    what: `holds an election record for ${electionTarget(issue)} that does not verify (${reason})`,
    consequence: "secwg ignores it: the election does not move on, and nothing is counted or changed in the roster from it.",
  });
}

/** A ballot comment the record binds is gone (deleted by someone who can delete comments), and its votes with it. */
class BallotDeleted extends Error {
  constructor(readonly ballot: { candidate: number; comment: number }) {
    super(`ballot comment ${ballot.comment} is gone`);
  }
}

async function reactionsOf(env: FeatureEnv, issue: IssueRef, record: ElectionRecord): Promise<Map<number, Reaction[]>> {
  const map = new Map<number, Reaction[]>();
  for (const ballot of currentRound(record)?.ballots ?? []) {
    try {
      map.set(ballot.comment, (await env.gateway.listReactionsForIssueComment(issue, ballot.comment)).data);
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) throw new BallotDeleted(ballot);
      throw error;
    }
  }
  return map;
}

/**
 * A deleted ballot took its votes with it, so the round can never be counted as cast: the election
 * stops where it is (fail closed) and the signers are told once in the private tracker; they decide
 * what follows (a new election).
 */
async function reportDeletedBallot(env: FeatureEnv, issue: IssueRef, comment: IssueComment, ballot: { candidate: number; comment: number }): Promise<RefreshResult> {
  const reason = `the ballot comment of candidate id ${ballot.candidate} (comment ${ballot.comment}) was deleted, and its votes with it`;
  env.log.warn({ election: electionTarget(issue), ballot: ballot.comment }, "election ballot deleted; not counted");
  await reportUntrustedRecord(env, {
    commentId: comment.id,
    url: comment.html_url,
    what: `holds the election ${electionTarget(issue)}, whose ${reason}`,
    consequence: "secwg stops the election where it is: nothing is counted and the roster is not changed. The signers may open a new election.",
  });
  return { kind: "tampered", reason };
}

/** Posts the current round's missing ballots (one per candidate, found by marker first) and binds their ids in the record. */
async function postBallots(env: FeatureEnv, issue: IssueRef, record: ElectionRecord): Promise<ElectionRecord> {
  const index = record.rounds.length - 1;
  const round = currentRound(record);
  if (!round || record.state !== "ballot") return record;
  const ballots = [...round.ballots];
  for (const candidate of round.candidates) {
    if (ballots.some((b) => b.candidate === candidate.id)) continue;
    const marker = ballotMarker(record.target, index, candidate.id);
    const { comment } = await env.gateway.ensureComment(issue, marker, renderBallot(record, round, candidate, marker));
    // A dry run's ballot was not posted: no comment to bind, nor reactions to read on it.
    if (!wasWritten(comment)) continue;
    ballots.push({ candidate: candidate.id, comment: comment.id });
  }
  if (ballots.length === round.ballots.length) return record;
  return { ...record, rounds: [...record.rounds.slice(0, -1), { ...round, ballots }] };
}

export type RefreshResult = { kind: "missing" } | { kind: "tampered"; reason: string } | { kind: "ok"; record: ElectionRecord; actions: string[] };

/**
 * Moves the election on as far as the clock allows and applies its plan. `labels`: the issue's
 * labels when known. Cheap when nothing is due: the record, the ballots' reactions (conditional)
 * and, once elected, the roster pull request are read; nothing is written.
 */
export async function refreshElection(env: FeatureEnv, issue: IssueRef, labels: readonly string[]): Promise<RefreshResult> {
  const loaded = await loadElection(env, issue);
  if (loaded.kind === "missing") return loaded;
  if (loaded.kind === "tampered") {
    await reportTamperedElection(env, issue, loaded.reason, loaded.comment);
    return { kind: "tampered", reason: loaded.reason };
  }
  try {
    return await moveOn(env, issue, loaded.record, loaded.comment, labels);
  } catch (error) {
    if (error instanceof BallotDeleted) return reportDeletedBallot(env, issue, loaded.comment, error.ballot);
    throw error;
  }
}

async function moveOn(env: FeatureEnv, issue: IssueRef, loaded: ElectionRecord, loadedComment: IssueComment, labels: readonly string[]): Promise<RefreshResult> {
  const wasFinished = isFinished(loaded);
  const { record, comment } = await advanceElection(env, issue, loaded, loadedComment);
  // The tally is shown while the election is under way, and once more in the run that finishes it.
  const round = currentRound(record);
  const showTally = round !== undefined && round.ballots.length > 0 && !wasFinished;
  const tally = showTally ? tallyRound(record, await reactionsOf(env, issue, record)) : null;
  const actions = await applyElection(env, issue, { record, comment, labels, tally });
  return { kind: "ok", record, actions };
}

/** The roster on the group repository's default branch, read at most once per run; null when it does not read. */
function rosterOnce(env: FeatureEnv): () => Promise<Roster | null> {
  let roster: Roster | null = null;
  return async () => {
    if (roster) return roster;
    const read = await gatherRoster(env.gateway, env.config, env.owner);
    if (!read.ok) return null;
    roster = read.value;
    return roster;
  };
}

/** Takes each transition that is due, saving the record after each, until none is. */
async function advanceElection(env: FeatureEnv, issue: IssueRef, record: ElectionRecord, comment: IssueComment): Promise<{ record: ElectionRecord; comment: IssueComment }> {
  const readRoster = rosterOnce(env);
  // At most a few transitions per run: freeze, a round's close, a run-off's ballots.
  for (let step = 0; step < 6; step++) {
    const next = await nextTransition(env, issue, record, readRoster);
    if (next === record) break;
    record = next;
    comment = await saveElection(env, issue, comment, record);
  }
  return { record, comment };
}

/**
 * The record after the one transition now due (the same record when none is, or when what it needs
 * does not read): nominations close → frozen; a round without all its ballots → ballots posted; a
 * round past its deadline → closed; a tie → settled by the signers' decisions.
 */
async function nextTransition(env: FeatureEnv, issue: IssueRef, record: ElectionRecord, readRoster: () => Promise<Roster | null>): Promise<ElectionRecord> {
  const rules = electionRules(env);
  const round = currentRound(record);
  if (record.state === "nomination" && env.now >= new Date(record.nominationCloses)) {
    const roster = await readRoster();
    return roster ? freeze(record, roster, env.now, rules.quorum) : record;
  }
  if (record.state === "ballot" && (round?.ballots.length ?? 0) < (round?.candidates.length ?? 0)) return postBallots(env, issue, record);
  if (record.state === "ballot" && env.now >= new Date(round?.closes ?? 0)) {
    const tally = tallyRound(record, await reactionsOf(env, issue, record));
    return tally ? closeRound(record, tally, env.now, rules).record : record;
  }
  if (record.state === "tie") {
    const roster = await readRoster();
    return roster ? settleTie(record, roster.signers(isoDay(env.now)).map((m) => ({ id: m.id, login: m.login })), env.now, rules) : record;
  }
  return record;
}

/**
 * Applies the election's plan (tally, log entry, roster pull request and its merge). The roster
 * pull request is proposed, then verified and merged in the same run when allowed; a run that
 * finds the roster already changed closes the election.
 */
async function applyElection(
  env: FeatureEnv,
  issue: IssueRef,
  state: { record: ElectionRecord; comment: IssueComment; labels: readonly string[]; tally: ElectionTally | null },
): Promise<string[]> {
  const { record } = state;
  const group = resolveRepo(env.config.group.repo, env.owner);
  const actions: string[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const change = await gatherRosterChange(env, issue, record, group);
    const plan = planElection({
      issue,
      group,
      tracker: resolveRepo(env.config.group.tracker, env.owner),
      record,
      tally: pass === 0 ? state.tally : null,
      recordUrl: state.comment.html_url,
      labels: state.labels,
      rosterPath: env.config.group.roster,
      ...change,
      merge: env.config.elections.merge,
      mergeMethod: env.config.votes.merge_method,
    });
    actions.push(...(await applyPlan(plan, { gateway: env.gateway, log: env.log })));
    const again = plan.some((e) => (e.kind === "propose-file" && env.config.elections.merge) || e.kind === "merge-pull");
    // A dry run's proposal or merge was not made: the next pass would read the same roster and plan it again.
    if (!again || writesAreRecorded(env.gateway)) break;
  }
  return actions;
}

/** Once someone is elected: the roster as it is, and secwg's open pull request giving them the role, if any. */
async function gatherRosterChange(env: FeatureEnv, issue: IssueRef, record: ElectionRecord, group: RepoRef): Promise<Pick<ElectionPlanInput, "rosterText" | "proposal">> {
  if (record.state !== "elected" || !record.result?.winner) return { rosterText: null, proposal: null };
  const rosterText = await env.gateway.readFile(group, env.config.group.roster);
  const content = rosterText === null ? null : transferRole(rosterText, record.role, record.result.winner.id);
  if (content === null || content === "unchanged") return { rosterText, proposal: null };
  const proposal = await seeProposal(env.gateway, group, electionBranch(issue.issue_number, record.role), env.config.group.roster, content, await env.gateway.self());
  return { rosterText, proposal };
}
