import { contentHash, evaluateApprovals, shortHash, type ApprovedContent } from "../reports/approval.js";
import { LOG_RECORD_KIND, trustedRecords, type LogComment, type LogRecord, type RejectionReason } from "../reports/report-log.js";
import { foldReport } from "../reports/report-state.js";
import { parseMarkers } from "../marker.js";
import { parseVoteRecord, RECORD_MARKER_KIND, type VoteRecord } from "../vote/vote-record.js";
import { auditAccess, type AccessAuditInput } from "./access.js";
import { auditElection, type ElectionEvidence } from "./elections.js";
import { decideVote, tallyVote, yesNeeded, type Reaction } from "../vote/vote-tally.js";

/**
 * The audit: every decision secwg took, recomputed from what GitHub holds, compared with what was
 * recorded. Pure: the gather (`src/features/audit/gather.ts`) reads GitHub, this decides.
 *
 * A row names a decision by ids and dates only (vote target, GHSA id, tracker issue number) and
 * says why with a fixed `code` and a `detail` built from numbers, ids and short hashes — never
 * advisory text, never a comment body — so rows may go into the private tracker's alert issue,
 * the CLI's output and log lines alike.
 *
 * Trust: only comments written by the app's own bot account (the gather passes them as `ours`)
 * hold evidence. A record found in another account's comment is never used; it is listed as
 * `cannot-verify` with the account's numeric id, so someone planting records is seen without
 * turning a stranger's comment into an alarm anyone could raise.
 */

export type Verdict = "agrees" | "disagrees" | "cannot-verify";

export type AuditCode =
  // agreements
  | "vote-recomputed"
  | "publication-approved"
  | "chain-intact"
  | "grant-recomputed"
  | "election-recomputed"
  // disagreements
  | "vote-record-edited"
  | "vote-record-missing"
  | "vote-comment-gone"
  | "vote-tally-differs"
  | "vote-log-differs"
  | "advisory-changed-after-approval"
  | "published-without-approvals"
  | "advisory-not-published"
  | "chain-broken"
  | "grant-incomplete"
  | "grant-record-edited"
  | "grant-revoked"
  | "granted-during-onboarding"
  | "election-record-edited"
  | "election-record-missing"
  | "election-comment-gone"
  | "election-result-differs"
  | "election-log-differs"
  // cannot verify
  | "vote-cancelled"
  | "vote-open"
  | "advisory-unreadable"
  | "log-empty"
  | "foreign-record"
  | "grant-not-recorded"
  | "onboarding-unknown"
  | "roster-unusable"
  | "election-open"
  | "election-tie-decided"
  | "ballot-comment-gone";

export interface AuditRow {
  kind: "vote" | "election" | "publication" | "log" | "grant";
  /**
   * `owner/repo#n` for a vote or an election, the GHSA id for a publication, `owner/repo#n` of the tracker issue for
   * a log, `login (id N)` of the member for a grant (`owner/repo#n` for a record that does not verify).
   */
  subject: string;
  /** When the decision was taken (vote closed, election decided, advisory published, last log entry), ISO 8601. */
  at: string | null;
  /** The recorded decision: `passed`, `failed`, `published`, `12 entries`. */
  decision: string;
  verdict: Verdict;
  code: AuditCode;
  /** Why, from numbers, ids and short hashes only. */
  detail: string;
}

/** A closed vote as the gather found it. */
export interface VoteEvidence {
  /** `owner/repo#n`, from secwg's votes log in the tracker. */
  target: string;
  /** The result secwg's votes log comment states (`passed`, `failed`, `cancelled`), null when unreadable. */
  loggedState: string | null;
  /** The thread's comments written by secwg, oldest first. */
  ours: ReadonlyArray<{ id: number; body: string }>;
  /** Comments of other accounts on the thread that carry a vote record marker. */
  foreign: ReadonlyArray<{ id: number; authorId: number | null }>;
  /** The reactions on secwg's vote comment (GitHub's `created_at` on each). */
  reactions: readonly Reaction[];
}

export type AdvisoryEvidence =
  | { kind: "ok"; state: string; content: ApprovedContent }
  | { kind: "unreadable"; status: number };

/** A report's tracker issue as the gather found it. */
export interface LogEvidence {
  tracker: string;
  issue: number;
  ghsa: string;
  /** The issue's comments written by secwg. */
  ours: readonly LogComment[];
  foreign: ReadonlyArray<{ id: number; authorId: number | null }>;
  /** The advisory as GitHub has it now; only read when the log records a publication. */
  advisory?: AdvisoryEvidence;
}

export interface AuditInput {
  signingKey: string;
  /** `reports.requiredApprovals` of the organisation's policy. */
  requiredApprovals: number;
  /** Decisions before this instant are left out (broken chains never are). */
  since: string | null;
  votes: readonly VoteEvidence[];
  logs: readonly LogEvidence[];
  /** Closed elections (`auditElection`) and today's `elections.quorum`; left out when not gathered. */
  elections?: { quorum: number; items: readonly ElectionEvidence[] };
  /** Tracker-access grants (`auditAccess`); left out when not gathered. */
  access?: Omit<AccessAuditInput, "signingKey" | "since">;
}

/** `<!-- secwg:vote:owner/repo#n -->`: the marker of the vote comment (as `voteMarker`). */
const VOTE_MARKER_KIND = "vote";

const before = (at: string | null | undefined, since: string | null): boolean =>
  since !== null && at !== null && at !== undefined && Date.parse(at) < Date.parse(since);

export function auditDecisions(input: AuditInput): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const vote of input.votes) rows.push(...auditVote(vote, input.signingKey, input.since));
  for (const election of input.elections?.items ?? []) rows.push(...auditElection(election, { signingKey: input.signingKey, quorum: input.elections?.quorum ?? 0, since: input.since }));
  for (const log of input.logs) rows.push(...auditLog(log, input));
  if (input.access) rows.push(...auditAccess({ ...input.access, signingKey: input.signingKey, since: input.since }));
  return rows;
}

function foreignRows(kind: AuditRow["kind"], subject: string, foreign: VoteEvidence["foreign"], what: string): AuditRow[] {
  return foreign.map((f) => ({
    kind,
    subject,
    at: null,
    decision: "—",
    verdict: "cannot-verify" as const,
    code: "foreign-record" as const,
    detail: `comment ${f.id} by account ${f.authorId ?? "deleted"} carries a ${what}: not secwg's, ignored`,
  }));
}

/** One closed vote: its signed record, and the reactions GitHub dates no later than it closed. */
export function auditVote(vote: VoteEvidence, signingKey: string, since: string | null = null): AuditRow[] {
  const rows = foreignRows("vote", vote.target, vote.foreign, "vote record");
  const row = (verdict: Verdict, code: AuditCode, decision: string, detail: string, at: string | null = null): AuditRow => ({ kind: "vote", subject: vote.target, at, decision, verdict, code, detail });
  const logged = vote.loggedState ?? "unknown";
  const comment = vote.ours.find((c) => parseMarkers(c.body).some((m) => m.kind === VOTE_MARKER_KIND && m.key === vote.target));
  if (!comment) return [...rows, row("disagrees", "vote-comment-gone", logged, "the votes log records a result, but the vote comment holding the signed record is gone")];
  const parsed = parseVoteRecord(comment.body, signingKey, vote.target);
  if (parsed.kind === "missing") return [...rows, row("disagrees", "vote-record-missing", logged, `comment ${comment.id} no longer holds the signed record`)];
  if (parsed.kind === "tampered") return [...rows, row("disagrees", "vote-record-edited", logged, `comment ${comment.id}: the record does not verify (edited, or not signed with the app's key)`)];
  const record = parsed.record;
  const closedAt = record.closed?.at ?? null;
  if (before(closedAt, since)) return rows;
  if (record.state === "open") return [...rows, row("cannot-verify", "vote-open", "open", "the vote is open again (posted anew); nothing closed to recompute")];
  if (vote.loggedState !== null && vote.loggedState !== record.state) {
    rows.push(row("disagrees", "vote-log-differs", record.state, `the votes log says ${vote.loggedState}, the signed record ${record.state}`, closedAt));
  }
  if (record.state === "cancelled") {
    return [...rows, row("cannot-verify", "vote-cancelled", "cancelled", `cancelled by account ${record.closed?.by?.id ?? "unknown"}: no tally decides a cancellation`, closedAt)];
  }
  const recomputed = recount(record, vote.reactions);
  const counts = `${recomputed.yes} of ${record.electorate.length} 👍, ${yesNeeded(record.electorate.length)} needed, ${recomputed.no} 👎, ${recomputed.late} late`;
  if (recomputed.status !== record.state) {
    return [...rows, row("disagrees", "vote-tally-differs", record.state, `recomputed ${recomputed.status} from the reactions until ${recomputed.cutoff} (${counts})`, closedAt)];
  }
  return [...rows, row("agrees", "vote-recomputed", record.state, counts, closedAt)];
}

/**
 * The vote decided again: reactions GitHub dates after the earlier of the deadline and the close
 * do not count (a vote closed early was decided on what was there when it closed).
 */
export function recount(record: VoteRecord, reactions: readonly Reaction[]): { status: string; yes: number; no: number; late: number; cutoff: string } {
  const deadline = Date.parse(record.deadline);
  const closed = record.closed ? Date.parse(record.closed.at) : deadline;
  const cutoff = new Date(Math.min(deadline, closed)).toISOString();
  const tally = tallyVote(record.electorate, reactions, cutoff);
  const decision = decideVote(tally, { quorum: record.quorum }, closed >= deadline);
  return { status: decision.status, yes: tally.yes.length, no: tally.no.length, late: tally.late.length, cutoff };
}

const IGNORED_REJECTIONS: readonly RejectionReason[] = ["superseded"];

/** One report's log: the chain, and the publication it records, if any. */
export function auditLog(log: LogEvidence, input: Pick<AuditInput, "signingKey" | "requiredApprovals" | "since">): AuditRow[] {
  const subject = `${log.tracker}#${log.issue}`;
  const rows = foreignRows("log", subject, log.foreign, "log record");
  const { records, rejected } = trustedRecords(log.ours, log.ghsa, input.signingKey);
  const broken = rejected.filter((r) => !IGNORED_REJECTIONS.includes(r.reason));
  const last = records.at(-1) ?? null;
  const decision = `${log.ghsa}: ${records.length} entries`;
  if (broken.length > 0) {
    const what = broken.map((r) => `comment ${r.commentId} ${r.reason}`).join(", ");
    rows.push({ kind: "log", subject, at: last?.at ?? null, decision, verdict: "disagrees", code: "chain-broken", detail: `${records.length} entries verify; ${what}` });
  } else if (records.length === 0) {
    rows.push({ kind: "log", subject, at: null, decision, verdict: "cannot-verify", code: "log-empty", detail: "no log entry written by secwg" });
  } else if (!before(last?.at, input.since)) {
    rows.push({ kind: "log", subject, at: last?.at ?? null, decision, verdict: "agrees", code: "chain-intact", detail: `hash chain and signatures verify, head ${shortHash(last?.hash ?? "")}` });
  }
  const published = records.find((r) => r.event === "published");
  if (published && !before(published.at, input.since)) rows.push(auditPublication(log, records, published, input.requiredApprovals));
  return rows;
}

/**
 * A publication: the approvals recorded before it must cover the advisory as GitHub shows it now,
 * hashed with the release time recorded before it (`contentHash`).
 */
function auditPublication(log: LogEvidence, records: readonly LogRecord[], published: LogRecord, required: number): AuditRow {
  const row = (verdict: Verdict, code: AuditCode, detail: string): AuditRow => ({ kind: "publication", subject: log.ghsa, at: published.at, decision: "published", verdict, code, detail });
  const facts = foldReport(log.ghsa, records.filter((r) => r.seq < published.seq));
  const advisory = log.advisory;
  if (!advisory) return row("cannot-verify", "advisory-unreadable", "the advisory was not read");
  if (advisory.kind === "unreadable") return row("cannot-verify", "advisory-unreadable", `GitHub answered ${advisory.status} for the advisory`);
  if (advisory.state !== "published") return row("disagrees", "advisory-not-published", `the log records a publication; GitHub shows the advisory as ${advisory.state}`);
  const now = contentHash(advisory.content, facts.embargo?.releaseAt ?? null);
  const status = evaluateApprovals(facts.approvals, now, required);
  if (status.satisfied) return row("agrees", "publication-approved", `${status.valid.length} of ${required} signers approved content ${shortHash(now)}`);
  const approvedHashes = new Map<string, Set<number>>();
  for (const a of facts.approvals) approvedHashes.set(a.hash, (approvedHashes.get(a.hash) ?? new Set()).add(a.id));
  const signedOff = [...approvedHashes.entries()].filter(([, ids]) => ids.size >= required).map(([hash]) => shortHash(hash));
  if (signedOff.length > 0) {
    return row("disagrees", "advisory-changed-after-approval", `published content ${shortHash(now)}, approved ${signedOff.join(", ")}`);
  }
  return row("disagrees", "published-without-approvals", `published content ${shortHash(now)} with ${status.valid.length} of ${required} approvals`);
}

/** Whether the rows hold a disagreement (the CLI exits 1, the sweep raises its alert). */
export function hasDisagreement(rows: readonly AuditRow[]): boolean {
  return rows.some((r) => r.verdict === "disagrees");
}

/** Whether a comment carries a record marker of `kind` (used by the gather to list strangers' records). */
export function carriesRecord(body: string, kind: "log" | "vote"): boolean {
  const wanted = kind === "log" ? LOG_RECORD_KIND : RECORD_MARKER_KIND;
  return parseMarkers(body).some((m) => m.kind === wanted);
}

/** Whether a log's verified chain records a publication (then the gather reads the advisory). */
export function recordsPublication(log: Pick<LogEvidence, "ours" | "ghsa">, signingKey: string): boolean {
  return trustedRecords(log.ours, log.ghsa, signingKey).records.some((r) => r.event === "published");
}

const VERDICT_TEXT: Record<Verdict, string> = { agrees: "agrees", disagrees: "disagrees", "cannot-verify": "cannot verify" };

/** The table `secwg audit` prints: one line per decision. */
export function renderAuditTable(rows: readonly AuditRow[]): string {
  const header = ["kind", "subject", "at", "decision", "verdict", "why"];
  const lines = rows.map((r) => [r.kind, r.subject, r.at ?? "—", r.decision, VERDICT_TEXT[r.verdict], `${r.code}: ${r.detail}`]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join("  ");
  const counts = (["agrees", "disagrees", "cannot-verify"] as const).map((v) => `${rows.filter((r) => r.verdict === v).length} ${VERDICT_TEXT[v]}`).join(", ");
  return [format(header), ...lines.map(format), "", `${rows.length} decisions: ${counts}`].join("\n");
}
