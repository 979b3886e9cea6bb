import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { parseMarkers, renderMarker } from "../marker.js";

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

function sign(purpose: string, payload: string, signingKey: string): string {
  const key = createHmac("sha256", signingKey).update(`secwg ${purpose} v1`).digest();
  return createHmac("sha256", key).update(payload).digest("base64url");
}

function render<T>(kind: string, schema: z.ZodType<T>, record: T, signingKey: string): string {
  const payload = Buffer.from(JSON.stringify(schema.parse(record)), "utf8").toString("base64url");
  return renderMarker(kind, `${payload}.${sign(kind, payload, signingKey)}`);
}

/** The one verified record of `kind` in `body`, or null (none, several, bad signature, bad shape). */
function parse<T>(kind: string, schema: z.ZodType<T>, body: string | null | undefined, signingKey: string): T | null {
  const markers = parseMarkers(body).filter((m) => m.kind === kind);
  if (markers.length !== 1) return null;
  const [payload, signature, ...extra] = (markers[0] as { key: string }).key.split(".");
  if (!payload || !signature || extra.length > 0) return null;
  const expected = Buffer.from(sign(kind, payload, signingKey));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

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
