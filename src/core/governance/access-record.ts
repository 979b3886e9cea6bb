import { z } from "zod";
import { readSignedMarker, renderSignedMarker } from "../signed-marker.js";
import type { Roster } from "../roster.js";

/**
 * The record of one `/grant-access` or `/revoke-access`, kept in a hidden marker inside secwg's
 * reply to the command. Anyone with write access can edit a bot comment, and any other app can
 * post one, so the record is signed (HMAC-SHA256 with a key derived from the app's secret, distinct
 * from the vote and report-log keys) and bound to the member's numeric id and to the issue it was
 * made in: a record that fails any of these is never counted.
 */

export const ACCESS_RECORD_KIND = "access-record";

const Person = z.strictObject({ id: z.int().positive(), login: z.string().min(1).max(39) });

export const AccessRecord = z.strictObject({
  v: z.literal(1),
  action: z.enum(["grant", "revoke"]),
  /** `owner/repo#number` of the issue the command was run in. */
  target: z.string().min(1),
  /** The member whose access this is about. */
  subject: Person,
  /** Who ran the command, and the role they held on the roster when they did. */
  by: Person,
  role: z.enum(["chair", "co-chair"]),
  /** The command's comment: one record per command, whatever the redeliveries. */
  comment: z.int().positive(),
  /** GitHub's `created_at` of the command's comment. */
  at: z.iso.datetime(),
});
export type AccessRecord = z.infer<typeof AccessRecord>;

const ACCESS_LABEL = "secwg access record v1";

/** The signed record as a hidden marker: `<!-- secwg:access-record:PAYLOAD.SIGNATURE -->`. */
export function renderAccessRecord(record: AccessRecord, signingKey: string): string {
  return renderSignedMarker(ACCESS_RECORD_KIND, ACCESS_LABEL, AccessRecord, record, signingKey);
}

/**
 * The verified record in a comment body, or null: no record, more than one, a signature that does
 * not match, an unknown shape, or a record made in another issue than `target`.
 */
export function parseAccessRecord(body: string | null | undefined, signingKey: string, target: string): AccessRecord | null {
  const record = readSignedMarker(ACCESS_RECORD_KIND, ACCESS_LABEL, AccessRecord, body, signingKey);
  return record && record.target === target ? record : null;
}

export type GrantDecision =
  | { kind: "granted"; by: { chair: number; coChair: number } }
  | { kind: "waiting"; missing: ("chair" | "co-chair")[] };

/**
 * Whether the Chair **and** the Co-Chair, as the roster names them on `today`, have both granted
 * access to `subjectId` in this issue since its last revoke. A grant counts once per person (a
 * signer granting twice is one grant), and only while the person still holds the role: a grant by
 * a former Chair does not count for the new one. Records are in comment order (oldest first).
 */
export function decideGrant(records: readonly AccessRecord[], roster: Roster, subjectId: number, today: string): GrantDecision {
  const mine = records.filter((r) => r.subject.id === subjectId);
  const lastRevoke = mine.map((r) => r.action).lastIndexOf("revoke");
  const granters = new Set(mine.slice(lastRevoke + 1).filter((r) => r.action === "grant").map((r) => r.by.id));
  const holder = (role: "chair" | "co-chair") => roster.activeOn(today).find((m) => m.roles.includes(role))?.id;
  const chair = holder("chair");
  const coChair = holder("co-chair");
  const missing: ("chair" | "co-chair")[] = [];
  if (chair === undefined || !granters.has(chair)) missing.push("chair");
  if (coChair === undefined || !granters.has(coChair)) missing.push("co-chair");
  // One person holding both roles is still one person: the rule needs two.
  if (chair !== undefined && chair === coChair && !missing.includes("co-chair")) missing.push("co-chair");
  if (missing.length > 0 || chair === undefined || coChair === undefined) return { kind: "waiting", missing };
  return { kind: "granted", by: { chair, coChair } };
}
