import { z } from "zod";
import { readSignedMarker, renderSignedMarker } from "../signed-marker.js";

/**
 * secwg's own records of a removal, kept in hidden markers it writes: the removal record in the
 * body of the roster pull request it opens (who is removed, who started it, where), and one
 * consultation record per `/consulted` in its reply on that pull request (who, at which head
 * commit). Anyone with write access can edit a bot's text and any other app can post some, so
 * each record is signed (HMAC-SHA256 with a key derived from the app's secret, distinct from the
 * other records' keys) and bound to the pull request it was made for: a record that fails any
 * check is never used. The reason of a removal is in none of them: it is only in the tracker.
 */

const Person = z.strictObject({ id: z.int().positive(), login: z.string().min(1).max(39) });

export const RemovalRecord = z.strictObject({
  v: z.literal(1),
  /** `owner/repo` of the group repository and the branch the roster change is on. */
  repo: z.string().min(1),
  branch: z.string().min(1),
  subject: Person,
  /** The member who ran `/remove`, and where (`owner/repo#number`, comment id). */
  by: Person,
  issue: z.string().min(1),
  comment: z.int().positive(),
  at: z.iso.datetime(),
});
export type RemovalRecord = z.infer<typeof RemovalRecord>;

export const ConsultationRecord = z.strictObject({
  v: z.literal(1),
  /** `owner/repo#number` of the removal pull request. */
  target: z.string().min(1),
  by: Person,
  /** The pull request's head commit when `/consulted` was run. */
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  comment: z.int().positive(),
  at: z.iso.datetime(),
});
export type ConsultationRecord = z.infer<typeof ConsultationRecord>;

export const REMOVAL_RECORD_KIND = "removal-record";
export const CONSULTATION_RECORD_KIND = "removal-consulted";

const label = (kind: string) => `secwg ${kind} v1`;
const render = <T>(kind: string, schema: z.ZodType<T>, record: T, signingKey: string) => renderSignedMarker(kind, label(kind), schema, record, signingKey);
const parse = <T>(kind: string, schema: z.ZodType<T>, body: string | null | undefined, signingKey: string) => readSignedMarker(kind, label(kind), schema, body, signingKey);

export function renderRemovalRecord(record: RemovalRecord, signingKey: string): string {
  return render(REMOVAL_RECORD_KIND, RemovalRecord, record, signingKey);
}

/** The verified removal record of a pull request's body, bound to its repository and head branch. */
export function parseRemovalRecord(body: string | null | undefined, signingKey: string, where: { repo: string; branch: string }): RemovalRecord | null {
  const record = parse(REMOVAL_RECORD_KIND, RemovalRecord, body, signingKey);
  if (!record || record.repo.toLowerCase() !== where.repo.toLowerCase() || record.branch !== where.branch) return null;
  return record;
}

export function renderConsultationRecord(record: ConsultationRecord, signingKey: string): string {
  return render(CONSULTATION_RECORD_KIND, ConsultationRecord, record, signingKey);
}

/** The verified consultation record of a comment body, made on the pull request `target`. */
export function parseConsultationRecord(body: string | null | undefined, signingKey: string, target: string): ConsultationRecord | null {
  const record = parse(CONSULTATION_RECORD_KIND, ConsultationRecord, body, signingKey);
  return record && record.target === target ? record : null;
}
