import type { Effect, IssueTarget, RepoTarget } from "../effects.js";
import { escapeUntrusted } from "../markdown-escape.js";
import { renderMarker } from "../marker.js";
import type { Roster } from "../roster.js";
import { VOTES_LOG_ISSUE } from "../vote/messages.js";
import { formatInstant } from "../vote/vote-comment.js";
import { VOTES_LOG_LABEL, type Person } from "../vote/vote-record.js";
import {
  decideElection,
  electionSchedule,
  freezeElection,
  resolveTie,
  runoffCloses,
  tallyElection,
  type CandidateBallot,
  type ElectionOutcome,
  type ElectionRole,
  type ElectionRules,
  type ElectionTally,
} from "./election.js";
import { ELECTION_OPEN_LABEL, tallyMarker, type ElectionRecord, type ElectionRoundRecord } from "./election-record.js";
import { transferRole } from "./election-roster.js";

/**
 * The election feature's decisions, pure: how the signed record moves from one phase to the next
 * (`openElection`, `freeze`, `closeRound`, `settleTie`) and what secwg makes true on GitHub for a
 * record (`planElection`). The caller gathers the record (verified), the reactions on the ballot
 * comments the record binds, the roster and secwg's roster pull request.
 */

/** An election's entry in the tracker's votes log: `<!-- secwg:election-log:TARGET -->`. */
export const ELECTION_LOG_MARKER_KIND = "election-log";

export const ROLE_NAMES: Record<ElectionRole, string> = { chair: "Chair", "co-chair": "Co-Chair" };

const TERMINAL = new Set<ElectionRecord["state"]>(["elected", "no-candidates", "no-quorum", "rejected", "no-decider"]);

export function isFinished(record: ElectionRecord): boolean {
  return TERMINAL.has(record.state);
}

export function openElection(input: { target: string; role: ElectionRole; by: Person; now: Date; rules: ElectionRules }): ElectionRecord {
  const schedule = electionSchedule(input.now, input.rules);
  return {
    v: 1,
    target: input.target,
    role: input.role,
    openedBy: { id: input.by.id, login: input.by.login },
    opened: input.now.toISOString(),
    nominationCloses: schedule.nominationCloses.toISOString(),
    freezeDay: schedule.freezeDay,
    ballotCloses: schedule.ballotCloses.toISOString(),
    nominations: [],
    rounds: [],
    state: "nomination",
  };
}

export function scheduleOf(record: ElectionRecord): { nominationCloses: Date; freezeDay: string; ballotCloses: Date } {
  return { nominationCloses: new Date(record.nominationCloses), freezeDay: record.freezeDay, ballotCloses: new Date(record.ballotCloses) };
}

/** The round being voted on (or last voted on). */
export function currentRound(record: ElectionRecord): ElectionRoundRecord | undefined {
  return record.rounds.at(-1);
}

/** Closes nominations: candidates and electorate frozen; a first round opens, or the election ends without candidates. */
/** Closes nominations: the candidates and the electorate are frozen, and with them `quorum` (the policy's percent) when given. */
export function freeze(record: ElectionRecord, roster: Roster, now: Date, quorum?: number): ElectionRecord {
  const frozen = freezeElection(record.nominations, roster, scheduleOf(record));
  const kept = quorum === undefined ? {} : { quorum };
  if (frozen.candidates.length === 0) {
    return { ...record, frozen, ...kept, state: "no-candidates", result: { at: now.toISOString(), text: "No nominee accepted before nominations closed: nobody was elected." } };
  }
  const round: ElectionRoundRecord = { round: "first", candidates: frozen.candidates, opened: record.nominationCloses, closes: record.ballotCloses, ballots: [] };
  return { ...record, frozen, ...kept, rounds: [round], state: "ballot" };
}

/** The ballots of the current round as `tallyElection` wants them, from the reactions on each bound ballot comment. */
export function roundBallots(round: ElectionRoundRecord, reactionsByComment: ReadonlyMap<number, CandidateBallot["reactions"]>): CandidateBallot[] {
  return round.candidates.map((candidate) => {
    const bound = round.ballots.find((b) => b.candidate === candidate.id);
    return { candidate, reactions: bound ? (reactionsByComment.get(bound.comment) ?? []) : [] };
  });
}

export function tallyRound(record: ElectionRecord, reactionsByComment: ReadonlyMap<number, CandidateBallot["reactions"]>): ElectionTally | null {
  const round = currentRound(record);
  if (!round || !record.frozen) return null;
  return tallyElection(record.frozen.electorate, roundBallots(round, reactionsByComment), round.closes);
}

function names(people: readonly Person[]): string {
  return people.length === 0 ? "nobody" : people.map((p) => `@${escapeUntrusted(p.login)}`).join(", ");
}

function withRunoff(record: ElectionRecord, candidates: readonly Person[], now: Date, rules: ElectionRules): ElectionRecord {
  const round: ElectionRoundRecord = { round: "runoff", candidates: [...candidates], opened: now.toISOString(), closes: runoffCloses(now, rules).toISOString(), ballots: [] };
  return { ...record, rounds: [...record.rounds, round], state: "ballot" };
}

function elected(record: ElectionRecord, winner: Person, now: Date, text: string): ElectionRecord {
  return { ...record, state: "elected", result: { at: now.toISOString(), winner, text } };
}

/** The record after the current round's deadline: elected, a run-off, a tie for the signers, or no result. */
export function closeRound(record: ElectionRecord, tally: ElectionTally, now: Date, rules: ElectionRules): { record: ElectionRecord; outcome: ElectionOutcome } {
  const round = currentRound(record);
  // The quorum frozen with the electorate, when the record keeps one.
  const outcome = decideElection(tally, { quorum: record.quorum ?? rules.quorum }, round?.round ?? "first");
  const at = now.toISOString();
  const role = ROLE_NAMES[record.role];
  switch (outcome.result) {
    case "elected":
      return { outcome, record: elected(record, outcome.winner, now, `${names([outcome.winner])} is elected ${role} with ${outcome.votes} of ${tally.valid} valid ballots (${outcome.needed} needed).`) };
    case "runoff":
      return { outcome, record: withRunoff(record, outcome.candidates, now, rules) };
    case "tie-needs-decision":
      return { outcome, record: { ...record, state: "tie", tie: { stage: outcome.stage, tied: outcome.tied, places: outcome.places, settled: outcome.settled, decisions: [] } } };
    case "no-quorum":
      return { outcome, record: { ...record, state: "no-quorum", result: { at, text: `Only ${tally.valid} valid ballots were cast; ${outcome.quorum} were needed for the result to stand. Nobody was elected.` } } };
    case "rejected":
      return { outcome, record: { ...record, state: "rejected", result: { at, text: `${names([outcome.candidate])}, the only candidate, had ${outcome.yes} 👍 and ${outcome.no} 👎 of ${tally.valid} valid ballots (${outcome.needed} 👍 needed): not elected.` } } };
    case "no-candidates":
      return { outcome, record: { ...record, state: "no-candidates", result: { at, text: "There was no candidate: nobody was elected." } } };
  }
}

/** The record after the signers' `/decide`s on a tie: still waiting, the run-off, the winner, or no decider. */
export function settleTie(record: ElectionRecord, signers: readonly Person[], now: Date, rules: ElectionRules): ElectionRecord {
  const tie = record.tie;
  if (record.state !== "tie" || !tie) return record;
  const resolution = resolveTie(tie, tie.decisions, signers);
  const role = ROLE_NAMES[record.role];
  if (resolution.status === "waiting") return record;
  if (resolution.status === "no-decider") {
    return { ...record, state: "no-decider", result: { at: now.toISOString(), text: "The tie could not be decided: every signer is in contention. Nobody was elected; open a new election." } };
  }
  if (tie.stage === "runoff") {
    const winner = resolution.chosen[0] as Person;
    return elected(record, winner, now, `The run-off was tied; ${names(resolution.deciders)} decided for ${names([winner])}, who is elected ${role}.`);
  }
  return withRunoff(record, [...tie.settled, ...resolution.chosen], now, rules);
}

export function renderElectionComment(record: ElectionRecord, signedRecord: string, marker: string): string {
  const role = ROLE_NAMES[record.role];
  const lines = [marker, signedRecord, `### Election of the ${role}`, ""];
  lines.push(`Opened ${formatInstant(record.opened)} by @${escapeUntrusted(record.openedBy.login)}. Nominations close ${formatInstant(record.nominationCloses)}; voting closes ${formatInstant(currentRound(record)?.closes ?? record.ballotCloses)}.`);
  lines.push("");
  if (record.state === "nomination") {
    lines.push("Any active member may nominate an active member (themself included) with `/nominate @login`; the nominee answers with `/accept` or `/decline`.");
  }
  if (record.nominations.length > 0) {
    lines.push("", "| Nominee | Nominated by | Answer |", "|---|---|---|");
    for (const n of record.nominations) {
      const answer = n.answer ? (n.answer.accepted ? "accepted" : "declined") : "not yet";
      lines.push(`| @${escapeUntrusted(n.nominee.login)} | @${escapeUntrusted(n.by.login)} | ${answer} |`);
    }
  }
  if (record.frozen) {
    lines.push("", `Candidates: ${names(record.frozen.candidates)}. Electorate (${record.frozen.electorate.length}, frozen on ${record.freezeDay}): ${names(record.frozen.electorate)}.`);
  }
  if (record.state === "tie" && record.tie) {
    lines.push("", `**Tie** between ${names(record.tie.tied)}. The signers not in contention decide with \`/decide @login\` (${record.tie.places} name${record.tie.places > 1 ? "s" : ""}); a majority of them settles it.`);
  }
  if (record.result) lines.push("", `**Result** (${formatInstant(record.result.at)}): ${record.result.text}`);
  return lines.join("\n");
}

export function renderBallot(record: ElectionRecord, round: ElectionRoundRecord, candidate: Person, marker: string): string {
  const role = ROLE_NAMES[record.role];
  const title = round.round === "runoff" ? "Run-off ballot" : "Ballot";
  const how =
    round.candidates.length === 1
      ? `React 👍 to elect @${escapeUntrusted(candidate.login)} ${role}, 👎 against (the only candidate needs a majority of the valid ballots).`
      : `React 👍 here to vote for @${escapeUntrusted(candidate.login)}. One 👍 in total: 👍 on more than one candidate spoils your ballot.`;
  return [marker, `**${title}: @${escapeUntrusted(candidate.login)} for ${role}**`, "", how, `Only the frozen electorate counts; reactions after ${formatInstant(round.closes)} do not.`].join("\n");
}

export function renderTally(record: ElectionRecord, tally: ElectionTally): string {
  const round = currentRound(record);
  const lines = [tallyMarker(record.target), `**Tally${round?.round === "runoff" ? " (run-off)" : ""}** — ${tally.valid} valid ballots of an electorate of ${tally.electorateSize}.`, ""];
  for (const c of tally.counts) lines.push(`- @${escapeUntrusted(c.candidate.login)}: ${c.votes.length} 👍`);
  if (tally.counts.length === 1) lines.push(`- against: ${tally.against.length} 👎`);
  lines.push(`- spoiled (not counted): ${names(tally.spoiled)}`);
  lines.push(`- late (not counted): ${names(tally.late)}`);
  lines.push(`- not in the electorate (ignored): ${names(tally.ignored)}`);
  return lines.join("\n");
}

export function electionBranch(issueNumber: number, role: ElectionRole): string {
  return `secwg/election/${issueNumber}-${role}`;
}

/** An open roster pull request secwg found on its election branch. */
export interface RosterProposal {
  number: number;
  headSha: string;
  ours: boolean;
  verified: boolean;
}

export interface ElectionPlanInput {
  issue: IssueTarget;
  group: RepoTarget;
  tracker: RepoTarget;
  record: ElectionRecord;
  /** The current round's tally, when a round exists. */
  tally: ElectionTally | null;
  /** The election comment's address, linked from the pull request. */
  recordUrl: string;
  labels: readonly string[];
  rosterPath: string;
  rosterText: string | null;
  proposal: RosterProposal | null;
  merge: boolean;
  mergeMethod: "merge" | "squash" | "rebase";
}

export function renderElectionLogEntry(record: ElectionRecord): string {
  const role = ROLE_NAMES[record.role];
  return [
    `**election of the ${role} on ${record.target}**: **${record.state}**`,
    `- opened ${formatInstant(record.opened)}, ${record.rounds.length} round${record.rounds.length === 1 ? "" : "s"}, electorate ${record.frozen?.electorate.length ?? 0}`,
    `- ${record.result?.text ?? ""}`,
  ].join("\n");
}

/**
 * What GitHub should show for an election: the tally comment, and once it ended the votes-log
 * entry; on `elected` the roster pull request transferring the role (the outgoing holder keeps it
 * until the merge), merged at the sha secwg verified when `merge` is on. The issue is closed and
 * unlabelled once the roster on the default branch carries the result (or nobody was elected).
 */
export function planElection(input: ElectionPlanInput): Effect[] {
  const { record, issue } = input;
  const effects: Effect[] = [];
  if (input.tally) effects.push({ kind: "ensure-comment", issue, marker: tallyMarker(record.target), body: renderTally(record, input.tally), why: "election tally" });
  if (!isFinished(record)) return effects;
  effects.push({
    kind: "ensure-log-entry",
    repo: input.tracker,
    issue: { marker: renderMarker("votes-log", "all"), ...VOTES_LOG_ISSUE, label: VOTES_LOG_LABEL },
    // Its own marker kind: the audit recomputes `vote-log` entries from a vote record at their target.
    marker: renderMarker(ELECTION_LOG_MARKER_KIND, record.target),
    body: renderElectionLogEntry(record),
    why: `record the ${record.state} election in the votes log`,
  });
  let done = true;
  const winner = record.result?.winner;
  if (record.state === "elected" && winner) {
    const content = input.rosterText === null ? null : transferRole(input.rosterText, record.role, winner.id);
    if (content === "unchanged") {
      done = true;
    } else if (content === null) {
      done = false;
      effects.push({ kind: "log", level: "warn", repo: input.group, message: `elections: the roster cannot be changed automatically to make member ${winner.id} ${record.role}`, why: "roster not editable" });
    } else {
      done = false;
      const branch = electionBranch(issue.issue_number, record.role);
      if (input.proposal?.verified && input.merge) {
        effects.push({ kind: "merge-pull", issue: { ...input.group, issue_number: input.proposal.number }, sha: input.proposal.headSha, method: input.mergeMethod, commitTitle: `Elected ${ROLE_NAMES[record.role]}: member ${winner.id}`, why: `election ${record.target}` });
      } else if (!input.proposal?.verified) {
        effects.push({
          kind: "propose-file",
          repo: input.group,
          branch,
          path: input.rosterPath,
          content,
          commitMessage: `Elected ${ROLE_NAMES[record.role]}: member ${winner.id}`,
          title: `Election result: member ${winner.id} becomes ${ROLE_NAMES[record.role]}`,
          body: `${renderMarker("election-result", record.target)}\nThe election ${input.recordUrl} elected member ${winner.id} ${ROLE_NAMES[record.role]}. This change gives them the role; the outgoing holder keeps it until this is merged.${input.merge ? "" : " A signer merges it."}`,
          why: `election ${record.target} elected member ${winner.id}`,
        });
      }
    }
  }
  if (done) {
    if (input.labels.includes(ELECTION_OPEN_LABEL)) effects.push({ kind: "ensure-labels", issue, remove: [ELECTION_OPEN_LABEL], current: [...input.labels], why: "the election is over" });
    effects.push({ kind: "close-issue", repo: { owner: issue.owner, repo: issue.repo }, number: issue.issue_number, reason: record.state === "elected" ? "completed" : "not_planned", why: "the election is over" });
  }
  return effects;
}
