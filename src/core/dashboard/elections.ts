import type { ElectionTally } from "../governance/election.js";
import { currentRound, isFinished } from "../governance/election-plan.js";
import type { ElectionRecord } from "../governance/election-record.js";

/**
 * An open election as the dashboard shows it, built only from secwg's signed election record
 * (verified by the caller) and, while a ballot is open, the tally the election lifecycle itself
 * computes (`tallyRound`): the seat, the phase, the candidates with their 👍 so far, the frozen
 * electorate's size and the next deadline. Logins come from the record (GitHub's own logins at
 * the time of the command), never from comment text.
 */
export type DashboardElectionPhase = "nominations" | "ballot" | "run-off" | "tie";

export interface DashboardElection {
  /** `owner/repo#n` of the election issue. */
  target: string;
  url: string;
  seat: ElectionRecord["role"];
  phase: DashboardElectionPhase;
  /**
   * Nominations: the nominees who accepted so far (`votes` null). Ballot and run-off: the round's
   * candidates with their valid 👍 so far. Tie: the tied candidates (`votes` null).
   */
  candidates: Array<{ login: string; votes: number | null }>;
  /** An unopposed candidate's valid 👎 so far; null otherwise. */
  against: number | null;
  /** The electorate frozen at the close of nominations; null while nominations are open. */
  electorate: number | null;
  /** When the phase ends: nominations close, the ballot closes; null for a tie (the signers decide). */
  deadline: string | null;
}

/**
 * The dashboard row of a verified election record, or null when the election is over (elected,
 * no result): an over election is not open, even while its roster pull request waits.
 * `tally`: the current round's tally when a ballot is open (ignored otherwise).
 */
export function dashboardElection(record: ElectionRecord, url: string, tally: ElectionTally | null): DashboardElection | null {
  if (isFinished(record)) return null;
  const base = { target: record.target, url, seat: record.role, electorate: record.frozen?.electorate.length ?? null };
  if (record.state === "nomination") {
    const accepted = record.nominations.filter((n) => n.answer?.accepted).map((n) => ({ login: n.nominee.login, votes: null }));
    return { ...base, phase: "nominations", candidates: accepted, against: null, deadline: record.nominationCloses };
  }
  if (record.state === "tie") {
    return { ...base, phase: "tie", candidates: (record.tie?.tied ?? []).map((p) => ({ login: p.login, votes: null })), against: null, deadline: null };
  }
  const round = currentRound(record);
  const counts = tally?.counts ?? [];
  const candidates = (round?.candidates ?? []).map((c) => ({ login: c.login, votes: counts.find((k) => k.candidate.id === c.id)?.votes.length ?? 0 }));
  return {
    ...base,
    phase: round?.round === "runoff" ? "run-off" : "ballot",
    candidates,
    against: candidates.length === 1 ? (tally?.against.length ?? 0) : null,
    deadline: round?.closes ?? record.ballotCloses,
  };
}

/** A login as code: only the characters a GitHub login may hold (a roster's login is written by people). */
const login = (name: string) => `\`${name.replace(/[^A-Za-z0-9-]/g, "") || "?"}\``;

const when = (at: string | null) => (at ? at.slice(0, 16).replace("T", " ") + " UTC" : "—");

/** One table row: election, seat, phase, candidates, electorate, deadline. */
export function renderElectionRow(e: DashboardElection): string[] {
  const phase = e.phase === "tie" ? "tie: awaiting `/decide`" : e.phase;
  const candidates =
    e.candidates.length === 0
      ? "none yet"
      : e.candidates.map((c) => `${login(c.login)}${c.votes === null ? "" : ` ${c.votes} 👍`}`).join(", ") + (e.against === null ? "" : `; ${e.against} 👎`);
  return [`[${e.target}](${e.url})`, e.seat, phase, candidates, e.electorate === null ? "not frozen yet" : String(e.electorate), when(e.deadline)];
}
