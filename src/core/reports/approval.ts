import { createHash } from "node:crypto";
import type { Advisory } from "./advisory.js";

/**
 * A sign-off (`/approve`) is bound to what was signed: a SHA-256 over the advisory's summary,
 * description, severity and affected/patched versions. If any of these change afterwards, the
 * approval no longer matches and publication waits for a new one. The hash (not the text) is what
 * the log stores, so it is safe to write in the tracker and in log lines.
 */
export function contentHash(advisory: Pick<Advisory, "summary" | "description" | "severity" | "cvssVector" | "vulnerabilities">): string {
  const versions = advisory.vulnerabilities
    .map((v) => [v.ecosystem, v.name ?? "", v.vulnerableVersionRange ?? "", v.patchedVersions ?? ""])
    .sort((a, b) => a.join("\u0000").localeCompare(b.join("\u0000")));
  const canonical = JSON.stringify([
    "secwg-advisory-content-v1",
    advisory.summary,
    advisory.description ?? "",
    advisory.severity ?? "",
    advisory.cvssVector ?? "",
    versions,
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
  return hash.slice(0, 8);
}
