import { decideElection, tallyElection, type ElectionOutcome, type ElectionTally } from "../governance/election.js";
import { currentRound, isFinished, roundBallots } from "../governance/election-plan.js";
import { ELECTION_MARKER_KIND, parseElectionRecord, type ElectionRecord, type ElectionRoundRecord } from "../governance/election-record.js";
import { parseMarkers } from "../marker.js";
import type { Reaction } from "../vote/vote-tally.js";
import type { AuditCode, AuditRow, Verdict } from "./audit.js";

/**
 * The audit of closed Chair and Co-Chair elections, pure. Each election named by an entry of
 * secwg's votes log is decided again from its signed election record (verified and bound to its
 * issue) and the reactions on the ballot comments that record binds, counted by the election's
 * own rules (`tallyElection` with the round's deadline: the electorate frozen in the record, one
 * valid 👍 per elector, reactions GitHub dates after the deadline ignored; `decideElection` with
 * the policy's quorum). Every round is recomputed: a first round must lead to the run-off the
 * record holds, the last round to the recorded result and winner.
 *
 * What cannot be recomputed from GitHub says so: a tie settled by the signers' `/decide` (it
 * depends on who the signers were then), a ballot comment that is gone (its reactions are gone
 * with it), an election still under way.
 */

export interface ElectionEvidence {
  /** `owner/repo#n` of the election issue, from secwg's votes log in the tracker. */
  target: string;
  /** The result the votes log entry states (`elected`, `no-quorum`…), null when unreadable. */
  loggedState: string | null;
  /** The issue's comments written by secwg, oldest first. */
  ours: ReadonlyArray<{ id: number; body: string }>;
  /** Comments of other accounts on the issue that carry an election record marker. */
  foreign: ReadonlyArray<{ id: number; authorId: number | null }>;
  /** Reactions on secwg's ballot comments on the issue, by comment id (GitHub's `created_at` on each). */
  reactions: ReadonlyMap<number, readonly Reaction[]>;
}

type Row = (verdict: Verdict, code: AuditCode, detail: string) => AuditRow;

const ids = (people: ReadonlyArray<{ id: number }>) => people.map((p) => p.id).sort((a, b) => a - b);
const sameIds = (a: ReadonlyArray<{ id: number }>, b: ReadonlyArray<{ id: number }>) => ids(a).join(",") === ids(b).join(",");
const members = (people: ReadonlyArray<{ id: number }>) => ids(people).map((id) => `member ${id}`).join(", ");

function counted(index: number, tally: ElectionTally): string {
  const counts = tally.counts.map((c) => `member ${c.candidate.id} ${c.votes.length}`).join(", ");
  const against = tally.counts.length === 1 ? `, ${tally.against.length} against` : "";
  return `round ${index + 1}: ${tally.valid} valid of ${tally.electorateSize} (${counts}${against}; ${tally.late.length} late, ${tally.spoiled.length} spoiled)`;
}

/** The recorded decision, as the audit table shows it. */
function decisionOf(record: ElectionRecord): string {
  return record.result?.winner ? `elected member ${record.result.winner.id}` : record.state;
}

/** A ballot the record binds (or should bind) whose comment is not among secwg's comments any more. */
function missingBallot(round: ElectionRoundRecord, index: number, present: ReadonlySet<number>): string | null {
  for (const candidate of round.candidates) {
    const bound = round.ballots.find((b) => b.candidate === candidate.id);
    if (!bound) return `round ${index + 1}: no ballot comment is bound for member ${candidate.id}`;
    if (!present.has(bound.comment)) return `round ${index + 1}: ballot comment ${bound.comment} for member ${candidate.id} is gone, so its reactions cannot be read`;
  }
  return null;
}

/** What the record holds after the round `outcome` decided (the next round, or the result). */
function checkOutcome(record: ElectionRecord, index: number, outcome: ElectionOutcome): { verdict: Verdict; code: AuditCode; detail: string } | null {
  const next = record.rounds[index + 1];
  const last = next === undefined;
  const differs = (what: string) => ({ verdict: "disagrees" as const, code: "election-result-differs" as const, detail: `round ${index + 1} recomputed ${what}, the record says ${last ? decisionOf(record) : `a run-off between ${members(next.candidates)}`}` });
  switch (outcome.result) {
    case "elected":
      return last && record.state === "elected" && record.result?.winner?.id === outcome.winner.id ? null : differs(`elected member ${outcome.winner.id}`);
    case "runoff":
      return !last && next.round === "runoff" && sameIds(next.candidates, outcome.candidates) ? null : differs(`a run-off between ${members(outcome.candidates)}`);
    case "no-quorum":
    case "no-candidates":
      return last && record.state === outcome.result ? null : differs(outcome.result);
    case "rejected":
      return last && record.state === "rejected" ? null : differs(`member ${outcome.candidate.id} not elected`);
    case "tie-needs-decision": {
      // The signers chose among the tied: whoever the record moved on with must be one of them.
      const allowed = new Set(ids([...outcome.tied, ...outcome.settled]));
      const chosen = last ? (record.result?.winner ? [record.result.winner] : []) : next.candidates;
      if (chosen.some((p) => !allowed.has(p.id))) return differs(`a tie between ${members(outcome.tied)}`);
      const decided = last ? record.state : `a run-off between ${members(next.candidates)}`;
      return { verdict: "cannot-verify", code: "election-tie-decided", detail: `round ${index + 1} ties between ${members(outcome.tied)}; the signers' /decide chose ${decided}, which depends on who the signers were then` };
    }
  }
}

/** Every round decided again; the first row that does not agree, else the agreement. */
function recompute(record: ElectionRecord, evidence: ElectionEvidence, quorum: number, row: Row): AuditRow {
  const present = new Set(evidence.ours.map((c) => c.id));
  const details: string[] = [];
  let pending: AuditRow | null = null;
  for (const [index, round] of record.rounds.entries()) {
    const missing = missingBallot(round, index, present);
    if (missing) return row("cannot-verify", "ballot-comment-gone", missing);
    const tally = tallyElection(record.frozen?.electorate ?? [], roundBallots(round, evidence.reactions), round.closes);
    details.push(counted(index, tally));
    const found = checkOutcome(record, index, decideElection(tally, { quorum }, round.round));
    if (found?.verdict === "disagrees") return row(found.verdict, found.code, `${details.join("; ")}; ${found.detail}`);
    if (found) pending = row(found.verdict, found.code, found.detail);
  }
  if (record.rounds.length === 0) {
    if (record.state === "no-candidates" && (record.frozen?.candidates.length ?? 0) === 0) return row("agrees", "election-recomputed", "no nominee accepted before nominations closed");
    return row("disagrees", "election-result-differs", `no round was held, the record says ${decisionOf(record)}`);
  }
  if (record.state === "no-decider") return pending ?? row("cannot-verify", "election-tie-decided", "no signer could decide the tie, which depends on who the signers were then");
  const source = record.quorum === undefined ? "today's policy" : "kept in the record";
  return pending ?? row("agrees", "election-recomputed", `${details.join("; ")}; quorum ${quorum}% (${source})`);
}

/**
 * One closed election. Decided with the quorum its record kept when nominations closed; `quorum`
 * (`elections.quorum` of today's policy) only for records written before the quorum was kept.
 */
export function auditElection(evidence: ElectionEvidence, input: { signingKey: string; quorum: number; since: string | null }): AuditRow[] {
  const rows: AuditRow[] = evidence.foreign.map((f) => ({
    kind: "election",
    subject: evidence.target,
    at: null,
    decision: "—",
    verdict: "cannot-verify",
    code: "foreign-record",
    detail: `comment ${f.id} by account ${f.authorId ?? "deleted"} carries an election record: not secwg's, ignored`,
  }));
  const logged = evidence.loggedState ?? "unknown";
  const base = (decision: string, at: string | null): Row => (verdict, code, detail) => ({ kind: "election", subject: evidence.target, at, decision, verdict, code, detail });
  const comment = evidence.ours.find((c) => parseMarkers(c.body).some((m) => m.kind === ELECTION_MARKER_KIND && m.key === evidence.target));
  if (!comment) return [...rows, base(logged, null)("disagrees", "election-comment-gone", "the votes log records a result, but the election comment holding the signed record is gone")];
  const parsed = parseElectionRecord(comment.body, input.signingKey, evidence.target);
  if (parsed.kind === "missing") return [...rows, base(logged, null)("disagrees", "election-record-missing", `comment ${comment.id} no longer holds the signed record`)];
  if (parsed.kind === "tampered") return [...rows, base(logged, null)("disagrees", "election-record-edited", `comment ${comment.id}: the record does not verify (edited, or not signed with the app's key)`)];
  const record = parsed.record;
  const at = record.result?.at ?? currentRound(record)?.closes ?? null;
  const row = base(decisionOf(record), at);
  if (!isFinished(record)) return [...rows, row("cannot-verify", "election-open", `the election is still under way (${record.state}); nothing closed to recompute`)];
  if (input.since !== null && at !== null && Date.parse(at) < Date.parse(input.since)) return rows;
  if (evidence.loggedState !== null && evidence.loggedState !== record.state) {
    rows.push(row("disagrees", "election-log-differs", `the votes log says ${evidence.loggedState}, the signed record ${record.state}`));
  }
  return [...rows, recompute(record, evidence, record.quorum ?? input.quorum, row)];
}
