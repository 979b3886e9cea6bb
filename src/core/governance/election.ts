import type { ElectionsConfig } from "../../config/sections/elections.js";
import type { Roster } from "../roster.js";
import type { Person } from "../vote/vote-record.js";
import { NO, YES, yesNeeded, type Reaction } from "../vote/vote-tally.js";
import { dayIn, plusDays, startOfDayIn } from "./calendar.js";

/**
 * Elections of the Chair and the Co-Chair, as pure rules. Identity is the numeric id everywhere;
 * logins are for display. The caller gathers the roster (default branch), the nominations and
 * answers (commands by their authors' ids), and the reactions on secwg's own ballot comments.
 *
 * Phases: the nomination window opens with the election and closes at the start of the day
 * `elections.nominationDays` later (calendar days in `reports.timeZone`); the close freezes the
 * candidates (nominees who accepted and are still active members) and the electorate (members
 * active that day). The ballot then stays open `elections.votingDays` days, as does a run-off's.
 *
 * Counting: one ballot comment per candidate. An elector's single 👍 is a valid ballot for that
 * candidate; 👍 on more than one candidate spoils the ballot (listed, never counted); reactions by
 * people outside the frozen electorate, and reactions made after the deadline, are ignored and
 * listed. A candidate wins with more than half of the valid ballots, provided the valid ballots
 * reach the quorum (`elections.quorum` percent of the electorate, and at least one).
 *
 * No majority: a run-off between the two leading candidates, with the same electorate. A tie the
 * ballots cannot settle (for a place in the run-off, or in the run-off itself) goes to the signers:
 * each signer not in contention may `/decide`, and the choice a majority of them name stands
 * (`resolveTie`); the decisions are recorded with the election. An unopposed candidate is elected
 * only with more 👍 than 👎 on their one ballot (a yes/no majority of the valid ballots).
 */

export const ELECTION_ROLES = ["chair", "co-chair"] as const;
export type ElectionRole = (typeof ELECTION_ROLES)[number];

export type ElectionRules = Pick<ElectionsConfig, "nominationDays" | "votingDays" | "quorum"> & { timeZone: string };

export interface ElectionSchedule {
  /** When nominations close: the start of that day in the group's time zone. */
  nominationCloses: Date;
  /** The day the electorate is frozen on (the first day after nominations). */
  freezeDay: string;
  /** When the first ballot closes. */
  ballotCloses: Date;
}

export function electionSchedule(opened: Date, rules: ElectionRules): ElectionSchedule {
  const freezeDay = plusDays(dayIn(opened, rules.timeZone), rules.nominationDays);
  return {
    nominationCloses: startOfDayIn(freezeDay, rules.timeZone),
    freezeDay,
    ballotCloses: startOfDayIn(plusDays(freezeDay, rules.votingDays), rules.timeZone),
  };
}

/** When a run-off opened at `opened` closes. */
export function runoffCloses(opened: Date, rules: ElectionRules): Date {
  return startOfDayIn(plusDays(dayIn(opened, rules.timeZone), rules.votingDays), rules.timeZone);
}

export type ElectionPhase = "nomination" | "ballot" | "counting";

export function electionPhase(schedule: ElectionSchedule, now: Date): ElectionPhase {
  if (now < schedule.nominationCloses) return "nomination";
  if (now < schedule.ballotCloses) return "ballot";
  return "counting";
}

export interface Nomination {
  nominee: Person;
  by: Person;
  /** ISO instant of the nominating command. */
  at: string;
  /** The nominee's latest answer before the close; none yet when absent. */
  answer?: { accepted: boolean; at: string };
}

export type Refusal = { ok: false; reason: string; message: string };
export type Check = { ok: true } | Refusal;

function refuse(reason: string, message: string): Refusal {
  return { ok: false, reason, message };
}

/**
 * Whether `by` may nominate `nominee` now: both active members on today's date (by id; the caller
 * resolves the named login through the roster and passes undefined when it names no member),
 * before nominations close, and not already nominated. Self-nomination is allowed.
 */
export function checkNomination(input: {
  by: Person;
  nominee: Person | undefined;
  roster: Roster;
  now: Date;
  schedule: ElectionSchedule;
  timeZone: string;
  nominations: readonly Nomination[];
}): Check {
  const today = dayIn(input.now, input.timeZone);
  if (input.now >= input.schedule.nominationCloses) return refuse("closed", "nominations for this election are closed.");
  if (!input.roster.activeOn(today).some((m) => m.id === input.by.id)) return refuse("not-member", "only an active member of the group can nominate.");
  if (!input.nominee || !input.roster.activeOn(today).some((m) => m.id === input.nominee?.id)) {
    return refuse("nominee-not-member", "only an active member of the group can be nominated.");
  }
  if (input.nominations.some((n) => n.nominee.id === input.nominee?.id)) return refuse("already-nominated", "this member is already nominated.");
  return { ok: true };
}

/** Whether `by` may accept or decline now: only the nominee themself (by id), before the close. */
export function checkAnswer(input: { by: Person; nominations: readonly Nomination[]; now: Date; schedule: ElectionSchedule }): Check {
  if (input.now >= input.schedule.nominationCloses) return refuse("closed", "nominations for this election are closed.");
  if (!input.nominations.some((n) => n.nominee.id === input.by.id)) return refuse("not-nominated", "only a nominee can accept or decline their own nomination.");
  return { ok: true };
}

export interface FrozenElection {
  /** Nominees who accepted before the close and are active on the freeze day, in nomination order. */
  candidates: Person[];
  declined: Person[];
  /** Nominees who had not answered by the close: not candidates. */
  unanswered: Person[];
  /** Nominees who accepted but are no longer active members on the freeze day: not candidates. */
  inactive: Person[];
  /** Members active on the freeze day. */
  electorate: Person[];
}

/** The candidate list and the electorate, frozen at the close of nominations. */
export function freezeElection(nominations: readonly Nomination[], roster: Roster, schedule: ElectionSchedule): FrozenElection {
  const closes = schedule.nominationCloses.getTime();
  const active = roster.activeOn(schedule.freezeDay);
  const frozen: FrozenElection = {
    candidates: [],
    declined: [],
    unanswered: [],
    inactive: [],
    electorate: active.map((m) => ({ id: m.id, login: m.login })),
  };
  const ordered = [...nominations].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.nominee.id - b.nominee.id);
  for (const n of ordered) {
    const answer = n.answer && Date.parse(n.answer.at) < closes ? n.answer : undefined;
    if (!answer) frozen.unanswered.push(n.nominee);
    else if (!answer.accepted) frozen.declined.push(n.nominee);
    else if (!active.some((m) => m.id === n.nominee.id)) frozen.inactive.push(n.nominee);
    else frozen.candidates.push(n.nominee);
  }
  return frozen;
}

/** The reactions on one candidate's ballot comment. */
export interface CandidateBallot {
  candidate: Person;
  reactions: readonly Reaction[];
}

export interface CandidateCount {
  candidate: Person;
  /** Electors whose valid ballot is for this candidate. */
  votes: Person[];
}

export interface ElectionTally {
  electorateSize: number;
  /** In ballot order. */
  counts: CandidateCount[];
  /** Unopposed ballot only: electors whose valid ballot is 👎. */
  against: Person[];
  /** Number of valid ballots cast. */
  valid: number;
  /** Electors who 👍 more than one candidate (or, unopposed, both 👍 and 👎): listed, not counted. */
  spoiled: Person[];
  /** People outside the electorate who reacted 👍 or 👎: listed, never counted. */
  ignored: Person[];
  /** Electors with a 👍 or 👎 made after the deadline: that reaction is listed, never counted. */
  late: Person[];
  /** Electors without a valid or spoiled ballot. */
  notVoted: Person[];
}

/**
 * Counts the ballots. `deadline` (ISO instant): a reaction GitHub dates after it is late. With one
 * candidate the ballot is yes/no (👍 for, 👎 against); with several, 👎 carries no meaning and is
 * not counted.
 */
export function tallyElection(electorate: readonly Person[], ballots: readonly CandidateBallot[], deadline?: string): ElectionTally {
  const electors = new Map(electorate.map((p) => [p.id, p]));
  const closesAt = deadline === undefined ? Number.NaN : Date.parse(deadline);
  const unopposed = ballots.length === 1;
  const choices = new Map<number, Set<string>>();
  const ignored = new Map<number, Person>();
  const lateIds = new Set<number>();
  ballots.forEach((ballot, index) => {
    for (const reaction of ballot.reactions) {
      if (!reaction.user || (reaction.content !== YES && reaction.content !== NO)) continue;
      const { id, login } = reaction.user;
      if (!electors.has(id)) {
        if (!ignored.has(id)) ignored.set(id, { id, login });
        continue;
      }
      if (!Number.isNaN(closesAt) && reaction.created_at !== undefined && !(Date.parse(reaction.created_at) <= closesAt)) {
        lateIds.add(id);
        continue;
      }
      if (reaction.content === NO && !unopposed) continue;
      const set = choices.get(id) ?? new Set<string>();
      set.add(reaction.content === NO ? "against" : String(index));
      choices.set(id, set);
    }
  });
  const tally: ElectionTally = {
    electorateSize: electors.size,
    counts: ballots.map((b) => ({ candidate: b.candidate, votes: [] })),
    against: [],
    valid: 0,
    spoiled: [],
    ignored: [...ignored.values()].sort((a, b) => a.id - b.id),
    late: [],
    notVoted: [],
  };
  for (const person of electors.values()) {
    const chosen = choices.get(person.id);
    if (lateIds.has(person.id)) tally.late.push(person);
    if (!chosen) tally.notVoted.push(person);
    else if (chosen.size > 1) tally.spoiled.push(person);
    else {
      tally.valid++;
      const [choice] = [...chosen];
      if (choice === "against") tally.against.push(person);
      else tally.counts[Number(choice)]?.votes.push(person);
    }
  }
  return tally;
}

/** Valid ballots needed for the result to stand: `quorum` percent of the electorate, at least one. */
export function quorumNeeded(electorateSize: number, quorumPercent: number): number {
  return Math.max(1, Math.ceil((electorateSize * quorumPercent) / 100));
}

export type ElectionRound = "first" | "runoff";

export type ElectionOutcome =
  | { result: "no-candidates" }
  | { result: "no-quorum"; round: ElectionRound; quorum: number; tally: ElectionTally }
  | { result: "elected"; round: ElectionRound; winner: Person; votes: number; needed: number; tally: ElectionTally }
  /** Unopposed and without a yes/no majority (ties included). */
  | { result: "rejected"; candidate: Person; yes: number; no: number; needed: number; tally: ElectionTally }
  | { result: "runoff"; candidates: [Person, Person]; tally: ElectionTally }
  | {
      result: "tie-needs-decision";
      /** `runoff-place`: who goes to the run-off; `runoff`: who wins the run-off. */
      stage: "runoff-place" | "runoff";
      /** The candidates tied, of whom the signers choose `places`. */
      tied: Person[];
      places: number;
      /** Candidates already in the run-off (the clear leader when the tie is for second place). */
      settled: Person[];
      tally: ElectionTally;
    };

/**
 * Decides a closed ballot. `round` is `runoff` for a run-off's ballot, which never leads to another
 * run-off: its tie goes to the signers.
 */
export function decideElection(tally: ElectionTally, rules: Pick<ElectionRules, "quorum">, round: ElectionRound = "first"): ElectionOutcome {
  if (tally.counts.length === 0) return { result: "no-candidates" };
  const quorum = quorumNeeded(tally.electorateSize, rules.quorum);
  if (tally.valid < quorum) return { result: "no-quorum", round, quorum, tally };
  const needed = yesNeeded(tally.valid);
  if (tally.counts.length === 1) {
    const only = tally.counts[0] as CandidateCount;
    const yes = only.votes.length;
    if (yes >= needed) return { result: "elected", round, winner: only.candidate, votes: yes, needed, tally };
    return { result: "rejected", candidate: only.candidate, yes, no: tally.against.length, needed, tally };
  }
  const ranked = [...tally.counts].sort((a, b) => b.votes.length - a.votes.length);
  const leader = ranked[0] as CandidateCount;
  if (leader.votes.length >= needed) return { result: "elected", round, winner: leader.candidate, votes: leader.votes.length, needed, tally };
  const top = ranked.filter((c) => c.votes.length === leader.votes.length).map((c) => c.candidate);
  if (round === "runoff") return { result: "tie-needs-decision", stage: "runoff", tied: top, places: 1, settled: [], tally };
  if (top.length === 2) return { result: "runoff", candidates: [top[0] as Person, top[1] as Person], tally };
  if (top.length > 2) return { result: "tie-needs-decision", stage: "runoff-place", tied: top, places: 2, settled: [], tally };
  const secondCount = (ranked[1] as CandidateCount).votes.length;
  const second = ranked.filter((c) => c.votes.length === secondCount).map((c) => c.candidate);
  if (second.length === 1) return { result: "runoff", candidates: [leader.candidate, second[0] as Person], tally };
  return { result: "tie-needs-decision", stage: "runoff-place", tied: second, places: 1, settled: [leader.candidate], tally };
}

/** A signer's `/decide @login…` on a tie: `choice` are the named candidates, resolved to ids by the caller. */
export interface TieDecision {
  by: Person;
  choice: readonly Person[];
  /** ISO instant; a signer's latest decision replaces their earlier one. */
  at: string;
}

export type TieResolution =
  | { status: "decided"; chosen: Person[]; deciders: Person[] }
  | { status: "waiting"; needed: number; deciders: Person[] }
  | { status: "no-decider" };

type Tie = Extract<ElectionOutcome, { result: "tie-needs-decision" }>;

/** Signers who may decide a tie: active signers not in contention (neither tied nor already in the run-off). */
export function tieDeciders(tie: Pick<Tie, "tied" | "settled">, signers: readonly Person[]): Person[] {
  const contending = new Set([...tie.tied, ...tie.settled].map((p) => p.id));
  return signers.filter((s) => !contending.has(s.id));
}

/** Whether `by` may `/decide` this tie naming `choice` (ids resolved by the caller; undefined for a login naming no candidate). */
export function checkDecide(tie: Pick<Tie, "tied" | "settled" | "places">, by: Person, choice: readonly (Person | undefined)[], signers: readonly Person[]): Check {
  if (!signers.some((s) => s.id === by.id)) return refuse("not-signer", "only the Chair, the Co-Chair or the Board Liaison can decide a tie.");
  if (!tieDeciders(tie, signers).some((s) => s.id === by.id)) return refuse("in-contention", "a signer who is a candidate in the tie cannot decide it.");
  const ids = new Set(choice.map((p) => p?.id));
  if (choice.length !== tie.places || ids.size !== tie.places) {
    return refuse("wrong-count", `name exactly ${tie.places} of the tied candidates.`);
  }
  if (choice.some((p) => !p || !tie.tied.some((t) => t.id === p.id))) return refuse("not-tied", "name only candidates who are in the tie.");
  return { ok: true };
}

/**
 * The signers' decision on a tie: the choice named by a majority (50%+1) of the eligible deciders,
 * each counted by their latest valid `/decide`. With no eligible decider (every signer is in
 * contention, or the roles are vacant) the tie cannot be decided and the election is run again.
 */
export function resolveTie(tie: Pick<Tie, "tied" | "settled" | "places">, decisions: readonly TieDecision[], signers: readonly Person[]): TieResolution {
  const deciders = tieDeciders(tie, signers);
  if (deciders.length === 0) return { status: "no-decider" };
  const latest = new Map<number, TieDecision>();
  for (const d of [...decisions].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    if (checkDecide(tie, d.by, d.choice, signers).ok) latest.set(d.by.id, d);
  }
  const needed = yesNeeded(deciders.length);
  const groups = new Map<string, { chosen: Person[]; deciders: Person[] }>();
  for (const [id, d] of latest) {
    const chosen = [...d.choice].sort((a, b) => a.id - b.id);
    const key = chosen.map((p) => p.id).join(",");
    const group = groups.get(key) ?? { chosen, deciders: [] };
    group.deciders.push(deciders.find((s) => s.id === id) as Person);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    if (group.deciders.length >= needed) return { status: "decided", chosen: group.chosen, deciders: group.deciders };
  }
  return { status: "waiting", needed, deciders };
}
