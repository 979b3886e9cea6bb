import { checkSignedMarker, renderSignedMarker, signedMarkerProblems } from "../signed-marker.js";
import { z } from "zod";
import { renderMarker } from "../marker.js";

/**
 * The record of a vote, kept in a hidden marker inside the vote comment. GitHub is the only store,
 * and anyone with write access can edit a bot comment, so the record is signed (HMAC-SHA256 with a
 * key derived from the app's secret): an edited record is reported as tampered and never trusted.
 */

export const VOTE_KINDS = ["membership", "removal", "election", "other"] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

const Person = z.strictObject({ id: z.int().positive(), login: z.string().min(1) });
export type Person = z.infer<typeof Person>;

export const VoteRecord = z.strictObject({
  v: z.literal(1),
  kind: z.enum(VOTE_KINDS),
  /** `owner/repo#number` the vote belongs to; a record copied to another thread is not valid there. */
  target: z.string().min(1),
  /** Who the vote is about (recused from the electorate). */
  subject: Person,
  /** Members entitled to vote, frozen when the vote opened. Logins are for display only. */
  electorate: z.array(Person),
  opened: z.iso.datetime(),
  deadline: z.iso.datetime(),
  /** `majority`: passes when yes > electorate / 2 (50%+1). */
  rule: z.literal("majority"),
  /** Fewest electors who must react for the vote to pass; null for none. */
  quorum: z.int().positive().nullable(),
  extended: z.boolean(),
  /** Electors whose id no longer resolved to an account when the vote opened: named, never mentioned. */
  unresolved: z.array(z.int().positive()).optional(),
  state: z.enum(["open", "passed", "failed", "cancelled"]),
  closed: z
    .strictObject({
      at: z.iso.datetime(),
      by: Person.optional(),
      reason: z.string().max(500).optional(),
    })
    .optional(),
});
export type VoteRecord = z.infer<typeof VoteRecord>;

export const RECORD_MARKER_KIND = "vote-record";

/** The tracker issue listing every closed vote, one comment each (`<!-- secwg:vote-log:TARGET -->`). */
export const VOTES_LOG_LABEL = "secwg: votes log";
export const VOTE_LOG_MARKER_KIND = "vote-log";

export type ParsedRecord =
  | { kind: "ok"; record: VoteRecord }
  | { kind: "missing" }
  | { kind: "tampered"; reason: string };

/** The key label of vote records (`signed-marker.ts`), so the raw secret never signs anything directly. */
const VOTE_LABEL = "secwg vote record v1";

/** What a tampered vote record is called in the message that reports it. */
const VOTE_PROBLEMS = signedMarkerProblems("vote record");

/** The signed record as a hidden marker: `<!-- secwg:vote-record:PAYLOAD.SIGNATURE -->`. */
export function renderVoteRecord(record: VoteRecord, signingKey: string): string {
  return renderSignedMarker(RECORD_MARKER_KIND, VOTE_LABEL, VoteRecord, record, signingKey);
}

/**
 * Reads the record from a comment body. `tampered` when the signature does not match (edited by
 * hand, or signed with another key), when several records are present, or when the record belongs
 * to another thread than `target`.
 */
export function parseVoteRecord(body: string | null | undefined, signingKey: string, target?: string): ParsedRecord {
  const read = checkSignedMarker(RECORD_MARKER_KIND, VOTE_LABEL, VoteRecord, body, signingKey);
  if (read.kind === "missing") return read;
  if (read.kind === "rejected") return { kind: "tampered", reason: VOTE_PROBLEMS[read.problem] };
  if (target !== undefined && read.record.target !== target) {
    return { kind: "tampered", reason: `the vote record belongs to ${read.record.target}, not ${target}` };
  }
  return read;
}

export interface OpenVoteInput {
  kind: VoteKind;
  target: string;
  subject: Person;
  /** Active members when the vote opens; the subject is removed here. */
  members: readonly Person[];
  opened: Date;
  durationDays: number;
  quorum?: number | undefined;
}

/** A new open record: electorate frozen now, subject recused, deadline `durationDays` later. */
export function openVoteRecord(input: OpenVoteInput): VoteRecord {
  const seen = new Set<number>();
  const electorate = input.members
    .filter((m) => m.id !== input.subject.id && !seen.has(m.id) && seen.add(m.id))
    .map((m) => ({ id: m.id, login: m.login }));
  return {
    v: 1,
    kind: input.kind,
    target: input.target,
    subject: { id: input.subject.id, login: input.subject.login },
    electorate,
    opened: input.opened.toISOString(),
    deadline: new Date(input.opened.getTime() + input.durationDays * DAY_MS).toISOString(),
    rule: "majority",
    quorum: input.quorum ?? null,
    extended: false,
    state: "open",
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** `owner/repo#number`: the marker key of a vote and the record's `target`. */
export function voteTarget(ref: { owner: string; repo: string; issue_number: number }): string {
  return `${ref.owner}/${ref.repo}#${ref.issue_number}`;
}

/** The hidden marker that finds the one vote comment of a thread. */
export function voteMarker(ref: { owner: string; repo: string; issue_number: number }): string {
  return renderMarker("vote", voteTarget(ref));
}
