import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { parseMarkers, renderMarker } from "../marker.js";

/**
 * The private log of a report: one tracker comment per accepted state change, each carrying a
 * hidden record that chains the SHA-256 of the previous record. Editing, deleting or reordering an
 * entry breaks the chain (`verifyLog`). Records also carry an HMAC with the app's signing key, so
 * someone who can edit comments cannot rebuild a consistent chain either. Records hold ids, dates,
 * hashes and public-safe facts only, never advisory text.
 */

export const LOG_RECORD_KIND = "log-record";
export const LOG_ENTRY_KIND = "report-log";

export type ReportEvent =
  | "reported"
  | "acknowledged"
  | "triaged"
  | "severity-set"
  | "cwe-set"
  | "credit-added"
  | "cve-requested"
  | "cve-recorded"
  | "fork-created"
  | "embargo-set"
  | "approved"
  | "published";

export interface LogActor {
  id: number;
  login: string;
}

/** What a new entry says, before it is chained. */
export interface LogEntryDraft {
  ghsa: string;
  event: ReportEvent;
  actor: LogActor;
  at: string;
  /** Idempotency key: the command comment and line, or a fixed key for app-made entries. */
  key: string;
  data: Record<string, unknown>;
}

export interface LogRecord extends LogEntryDraft {
  v: 1;
  seq: number;
  prev: string | null;
  hash: string;
  sig: string;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function hashOf(record: Omit<LogRecord, "hash" | "sig">): string {
  const { v, seq, ghsa, event, actor, at, key, data, prev } = record;
  return createHash("sha256").update(canonical({ v, seq, ghsa, event, actor, at, key, data, prev }), "utf8").digest("hex");
}

function signatureOf(hash: string, signingKey: string): string {
  return createHmac("sha256", signingKey).update(hash, "utf8").digest("hex");
}

/** Chains `draft` after `previous` (null for the first entry). */
export function chainEntry(draft: LogEntryDraft, previous: LogRecord | null, signingKey: string): LogRecord {
  const base = { v: 1 as const, seq: previous ? previous.seq + 1 : 0, ...draft, prev: previous ? previous.hash : null };
  const hash = hashOf(base);
  return { ...base, hash, sig: signatureOf(hash, signingKey) };
}

export function renderRecord(record: LogRecord): string {
  return renderMarker(LOG_RECORD_KIND, Buffer.from(JSON.stringify(record), "utf8").toString("base64url"));
}

/** The record hidden in a comment body, or null when there is none or it does not decode. */
export function parseRecord(body: string | null | undefined): LogRecord | null {
  const marker = parseMarkers(body).find((m) => m.kind === LOG_RECORD_KIND);
  if (!marker) return null;
  try {
    const value = JSON.parse(Buffer.from(marker.key, "base64url").toString("utf8")) as Partial<LogRecord>;
    if (value.v !== 1 || typeof value.seq !== "number" || typeof value.hash !== "string" || typeof value.event !== "string") return null;
    return value as LogRecord;
  } catch {
    return null;
  }
}

export function entryMarker(ghsa: string, key: string): string {
  return renderMarker(LOG_ENTRY_KIND, `${ghsa}:${key}`);
}

/** A tracker comment as far as the log is concerned. */
export interface LogComment {
  id: number;
  body: string;
  /**
   * GitHub account type of the author, for the offline verifier (`secwg log verify`), which reads
   * an export. The app itself passes only comments it wrote (`isOurs`) and leaves this out.
   */
  userType?: string | undefined;
}

/** The records found in bot comments, in sequence order. */
export function collectRecords(comments: readonly LogComment[], ghsa?: string): LogRecord[] {
  return comments
    .filter((c) => c.userType === undefined || c.userType === "Bot")
    .map((c) => parseRecord(c.body))
    .filter((r): r is LogRecord => r !== null && (ghsa === undefined || r.ghsa === ghsa))
    .sort((a, b) => a.seq - b.seq);
}

/** Why a record found in secwg's own comments is not folded into the report's state. */
export type RejectionReason =
  /** Not a readable record, or more than one in a comment. */
  | "unreadable"
  /** A valid record of another report (copied from elsewhere). */
  | "foreign"
  /** Its hash or signature does not verify: written or changed by someone without the key. */
  | "forged"
  /** Verifies, but does not continue the chain (an entry before it is missing, or it was reordered). */
  | "unchained"
  /** A second record for a sequence number another entry took first: a concurrent write giving way. */
  | "superseded";

export interface RejectedRecord {
  commentId: number;
  reason: RejectionReason;
}

export interface TrustedLog {
  /** The verified chain, entry 0 onwards: the only records the report's state is folded from. */
  records: LogRecord[];
  rejected: RejectedRecord[];
}

/** Whether a record's own hash and signature verify (it was written, unchanged, with the app's key). */
export function recordVerifies(record: LogRecord, signingKey: string): boolean {
  const { hash: _hash, sig: _sig, ...content } = record;
  if (typeof record.hash !== "string" || typeof record.sig !== "string") return false;
  try {
    return sameHex(hashOf(content), record.hash) && sameHex(signatureOf(record.hash, signingKey), record.sig);
  } catch {
    return false;
  }
}

/**
 * The records of report `ghsa` that secwg can stand behind, from comments already known to be
 * secwg's own (`isOurs`): each must verify (hash and HMAC with the app's key), belong to this report
 * (a record copied from another report's log is foreign), and continue the chain from entry 0
 * (`seq` in order, `prev` the previous hash). Folding stops at the first gap, so removing an entry
 * freezes the report rather than letting later entries stand on nothing. Of two verified records
 * with one sequence number, the one in the earlier comment keeps it (as in `earlierClaim`).
 */
export function trustedRecords(comments: readonly LogComment[], ghsa: string, signingKey: string): TrustedLog {
  const rejected: RejectedRecord[] = [];
  const valid: Array<{ commentId: number; record: LogRecord }> = [];
  for (const comment of comments) {
    const markers = parseMarkers(comment.body).filter((m) => m.kind === LOG_RECORD_KIND);
    if (markers.length === 0) continue;
    const record = markers.length === 1 ? parseRecord(comment.body) : null;
    if (!record) rejected.push({ commentId: comment.id, reason: "unreadable" });
    else if (!recordVerifies(record, signingKey)) rejected.push({ commentId: comment.id, reason: "forged" });
    else if (record.ghsa !== ghsa) rejected.push({ commentId: comment.id, reason: "foreign" });
    else valid.push({ commentId: comment.id, record });
  }
  valid.sort((a, b) => a.record.seq - b.record.seq || a.commentId - b.commentId);
  const records: LogRecord[] = [];
  for (const candidate of valid) {
    const previous = records.at(-1) ?? null;
    const expectedSeq = previous ? previous.seq + 1 : 0;
    if (candidate.record.seq === expectedSeq && candidate.record.prev === (previous?.hash ?? null)) {
      records.push(candidate.record);
    } else if (previous && candidate.record.seq === previous.seq) {
      rejected.push({ commentId: candidate.commentId, reason: "superseded" });
    } else {
      rejected.push({ commentId: candidate.commentId, reason: "unchained" });
    }
  }
  return { records, rejected };
}

/**
 * The entry that took sequence number `mine.seq` before ours did, if any. Two runs that read the log
 * at the same moment both chain after the same entry; the comment GitHub created first (the lower
 * id) keeps the number, and the other run gives way. Every run decides the same, so exactly one
 * of them gives way whatever order they look in.
 */
export function earlierClaim(
  comments: readonly LogComment[],
  mine: { record: LogRecord; commentId: number },
  signingKey?: string,
): LogRecord | null {
  const claims = comments
    .filter((c) => c.id < mine.commentId && (c.userType === undefined || c.userType === "Bot"))
    .map((c) => ({ id: c.id, record: parseRecord(c.body) }))
    .filter((c) => c.record !== null && c.record.ghsa === mine.record.ghsa && c.record.seq === mine.record.seq && c.record.hash !== mine.record.hash)
    .filter((c) => signingKey === undefined || recordVerifies(c.record as LogRecord, signingKey))
    .sort((a, b) => a.id - b.id);
  return claims[0]?.record ?? null;
}

export type LogProblem =
  | { seq: number; kind: "sequence"; message: string }
  | { seq: number; kind: "chain"; message: string }
  | { seq: number; kind: "hash"; message: string }
  | { seq: number; kind: "signature"; message: string };

export interface LogVerification {
  ok: boolean;
  entries: number;
  head: string | null;
  problems: LogProblem[];
}

/**
 * Checks the whole chain: sequence numbers 0..n-1 without gaps or repeats, each record's hash over
 * its own content, each `prev` equal to the previous hash and, when `signingKey` is given, each
 * signature.
 */
export function verifyLog(records: readonly LogRecord[], signingKey?: string): LogVerification {
  const problems: LogProblem[] = [];
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  sorted.forEach((record, index) => {
    if (record.seq !== index) {
      problems.push({ seq: record.seq, kind: "sequence", message: `expected entry ${index}, found ${record.seq} (an entry is missing or repeated)` });
    }
    const expectedPrev = index === 0 ? null : (sorted[index - 1] as LogRecord).hash;
    if (record.prev !== expectedPrev) {
      problems.push({ seq: record.seq, kind: "chain", message: "does not follow the previous entry (removed, reordered or inserted)" });
    }
    const { hash: _hash, sig: _sig, ...content } = record;
    if (hashOf(content) !== record.hash) {
      problems.push({ seq: record.seq, kind: "hash", message: "content was changed after it was written" });
    }
    if (signingKey !== undefined && !sameHex(signatureOf(record.hash, signingKey), record.sig ?? "")) {
      problems.push({ seq: record.seq, kind: "signature", message: "signature does not match the app's key (forged or rewritten)" });
    }
  });
  return { ok: problems.length === 0, entries: sorted.length, head: sorted.at(-1)?.hash ?? null, problems };
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
