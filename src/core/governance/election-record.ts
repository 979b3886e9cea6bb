import { checkSignedMarker, renderSignedMarker, signedMarkerProblems } from "../signed-marker.js";
import { z } from "zod";
import { renderMarker } from "../marker.js";
import { ELECTION_ROLES } from "./election.js";

/**
 * The record of a Chair or Co-Chair election, kept in a hidden marker inside secwg's election
 * comment on the election issue. Like a vote record it is signed (HMAC-SHA256 with a key derived
 * from the app's secret, distinct from the vote records' key) and bound to its issue: an edited
 * record, one signed with another key or one copied to another issue fails closed.
 *
 * Several ballots belong to one election (one per candidate, and a run-off's), so the record
 * binds each ballot comment by its id: a person who edits secwg's ballot comments (a maintainer
 * can) cannot move reactions from one candidate to another.
 */

const Person = z.strictObject({ id: z.int().positive(), login: z.string().min(1) });

const Nomination = z.strictObject({
  nominee: Person,
  by: Person,
  at: z.iso.datetime(),
  answer: z.strictObject({ accepted: z.boolean(), at: z.iso.datetime() }).optional(),
});

const Round = z.strictObject({
  round: z.enum(["first", "runoff"]),
  candidates: z.array(Person).min(1),
  opened: z.iso.datetime(),
  closes: z.iso.datetime(),
  /** Ballot comment ids by candidate id, bound once posted. */
  ballots: z.array(z.strictObject({ candidate: z.int().positive(), comment: z.int().positive() })),
});

const TieDecision = z.strictObject({ by: Person, choice: z.array(Person), at: z.iso.datetime() });

export const ELECTION_STATES = ["nomination", "ballot", "tie", "elected", "no-candidates", "no-quorum", "rejected", "no-decider"] as const;
export type ElectionState = (typeof ELECTION_STATES)[number];

export const ElectionRecord = z.strictObject({
  v: z.literal(1),
  /** `owner/repo#number` of the election issue. */
  target: z.string().min(1),
  role: z.enum(ELECTION_ROLES),
  openedBy: Person,
  opened: z.iso.datetime(),
  nominationCloses: z.iso.datetime(),
  freezeDay: z.iso.date(),
  ballotCloses: z.iso.datetime(),
  nominations: z.array(Nomination),
  /** Frozen at the close of nominations. */
  frozen: z
    .strictObject({
      candidates: z.array(Person),
      declined: z.array(Person),
      unanswered: z.array(Person),
      inactive: z.array(Person),
      electorate: z.array(Person),
    })
    .optional(),
  rounds: z.array(Round),
  /**
   * `elections.quorum` (percent of the electorate) when nominations closed: every round is decided
   * with it, so a later change of policy cannot change a running election. Absent from records
   * written before it was kept; those are decided with the policy of the day.
   */
  quorum: z.int().min(0).max(100).optional(),
  tie: z
    .strictObject({
      stage: z.enum(["runoff-place", "runoff"]),
      tied: z.array(Person),
      places: z.int().positive(),
      settled: z.array(Person),
      decisions: z.array(TieDecision),
    })
    .optional(),
  state: z.enum(ELECTION_STATES),
  result: z.strictObject({ at: z.iso.datetime(), winner: Person.optional(), text: z.string().max(2000) }).optional(),
});
export type ElectionRecord = z.infer<typeof ElectionRecord>;
export type ElectionRoundRecord = ElectionRecord["rounds"][number];

export const ELECTION_RECORD_KIND = "election-record";
/** Finds secwg's one election comment on an issue: `<!-- secwg:election:TARGET -->`. */
export const ELECTION_MARKER_KIND = "election";
/** Labels the issue while the election is under way, so the sweep finds it. */
export const ELECTION_OPEN_LABEL = "election: open";

export type ParsedElectionRecord = { kind: "ok"; record: ElectionRecord } | { kind: "missing" } | { kind: "tampered"; reason: string };

/** The key label of election records (`signed-marker.ts`): a record of another kind never verifies as one. */
const ELECTION_LABEL = "secwg election record v1";

/** What a tampered election record is called in the message that reports it. */
const ELECTION_PROBLEMS = signedMarkerProblems("election record");

export function electionTarget(ref: { owner: string; repo: string; issue_number: number }): string {
  return `${ref.owner}/${ref.repo}#${ref.issue_number}`;
}

export function electionMarker(ref: { owner: string; repo: string; issue_number: number }): string {
  return renderMarker(ELECTION_MARKER_KIND, electionTarget(ref));
}

/** The hidden marker of one candidate's ballot in one round (found among secwg's own comments). */
export function ballotMarker(target: string, roundIndex: number, candidateId: number): string {
  return renderMarker("election-ballot", `${target}:${roundIndex}:${candidateId}`);
}

export function tallyMarker(target: string): string {
  return renderMarker("election-tally", target);
}

export function renderElectionRecord(record: ElectionRecord, signingKey: string): string {
  return renderSignedMarker(ELECTION_RECORD_KIND, ELECTION_LABEL, ElectionRecord, record, signingKey);
}

/**
 * Reads and verifies the record in a comment body: `tampered` when the signature does not match,
 * when there is more than one record, when its shape is unknown, or when it belongs to another
 * issue than `target`.
 */
export function parseElectionRecord(body: string | null | undefined, signingKey: string, target: string): ParsedElectionRecord {
  const read = checkSignedMarker(ELECTION_RECORD_KIND, ELECTION_LABEL, ElectionRecord, body, signingKey);
  if (read.kind === "missing") return read;
  if (read.kind === "rejected") return { kind: "tampered", reason: ELECTION_PROBLEMS[read.problem] };
  if (read.record.target !== target) return { kind: "tampered", reason: `the election record belongs to ${read.record.target}, not ${target}` };
  return read;
}
