import { createHash } from "node:crypto";
import type { Advisory } from "./advisory.js";

/** Everything about an advisory that a sign-off covers: all that publication makes public. */
export type ApprovedContent = Pick<Advisory, "summary" | "description" | "severity" | "cvssVector" | "vulnerabilities"> &
  Partial<Pick<Advisory, "cweIds" | "credits" | "cveId">>;

/**
 * A sign-off (`/approve`) is bound to what was signed: a SHA-256 over everything publication makes
 * public — the advisory's summary, description, severity (or CVSS vector), affected/patched
 * versions, weakness ids, credits and CVE id — and the release time recorded by `/embargo`. If any
 * of these change afterwards, by a command or by an edit on GitHub, the approval no longer matches
 * and publication waits for a new one. The hash (not the text) is what the log stores, so it is
 * safe to write in the tracker and in log lines.
 *
 * Lists are hashed as sets (sorted), so GitHub returning them in another order does not void an
 * approval. `v2` covers more than `v1` did: approvals recorded under `v1` no longer match.
 */
export function contentHash(advisory: ApprovedContent, releaseAt: string | null = null): string {
  const versions = advisory.vulnerabilities
    .map((v) => [v.ecosystem, v.name ?? "", v.vulnerableVersionRange ?? "", v.patchedVersions ?? ""])
    .sort((a, b) => a.join("\u0000").localeCompare(b.join("\u0000")));
  const cweIds = [...new Set((advisory.cweIds ?? []).map((c) => c.toUpperCase()))].sort();
  const credits = [...new Set((advisory.credits ?? []).map((c) => `${c.login.toLowerCase()}\u0000${c.type}`))].sort();
  const canonical = JSON.stringify([
    "secwg-advisory-content-v2",
    advisory.summary,
    advisory.description ?? "",
    advisory.severity ?? "",
    advisory.cvssVector ?? "",
    versions,
    cweIds,
    credits,
    advisory.cveId ?? "",
    releaseAt ?? "",
  ]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

export interface RecordedApproval {
  id: number;
  login: string;
  hash: string;
  at: string;
}

export interface ApprovalStatus {
  /** Distinct signers whose approval matches the current content, in approval order. */
  valid: RecordedApproval[];
  /** Approvals given for content that has since changed (latest per signer, when not also valid). */
  stale: RecordedApproval[];
  required: number;
  satisfied: boolean;
}

/**
 * Which approvals still count for the advisory's current content. A signer counts once however
 * often they approved; an approval whose signer is no longer a signer (per `isSigner`) is dropped.
 */
export function evaluateApprovals(
  approvals: readonly RecordedApproval[],
  currentHash: string,
  required: number,
  isSigner: (id: number) => boolean = () => true,
): ApprovalStatus {
  const valid = new Map<number, RecordedApproval>();
  const latest = new Map<number, RecordedApproval>();
  for (const approval of approvals) {
    if (!isSigner(approval.id)) continue;
    latest.set(approval.id, approval);
    if (approval.hash === currentHash && !valid.has(approval.id)) valid.set(approval.id, approval);
  }
  const stale = [...latest.values()].filter((a) => !valid.has(a.id));
  return { valid: [...valid.values()], stale, required, satisfied: valid.size >= required };
}

/** A short form of the hash for people to compare (`3f2a9c1d`). */
export function shortHash(hash: string): string {
  return hash.slice(0, SHORT_HASH_LENGTH);
}

export const SHORT_HASH_LENGTH = 8;

/** `/approve 3f2a9c1d`: 8 to 64 hexadecimal characters, a prefix of the content hash. */
export const APPROVE_HASH_PATTERN = /^[0-9a-f]{8,64}$/;

/** Whether a hash the signer wrote names the current content (a prefix of at least 8 characters). */
export function hashMatches(written: string, current: string): boolean {
  const w = written.toLowerCase();
  return APPROVE_HASH_PATTERN.test(w) && current.startsWith(w);
}
