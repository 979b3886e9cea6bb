import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { parseMarkers, renderMarker, type Marker } from "./marker.js";

/**
 * A record secwg keeps in a hidden marker it writes: `<!-- secwg:KIND:PAYLOAD.SIGNATURE -->`, the
 * payload base64url JSON, the signature HMAC-SHA256 under a key derived from the app's secret and
 * `label` (one label per kind of record, so a record of one kind never verifies as another).
 * Anyone with write access can edit a bot's text and any other app can post some, so a record is
 * only ever used once it verifies here.
 */

function sign(label: string, payload: string, signingKey: string): string {
  const key = createHmac("sha256", signingKey).update(label).digest();
  return createHmac("sha256", key).update(payload).digest("base64url");
}

export function renderSignedMarker<T>(kind: string, label: string, schema: z.ZodType<T>, record: T, signingKey: string): string {
  const payload = Buffer.from(JSON.stringify(schema.parse(record)), "utf8").toString("base64url");
  return renderMarker(kind, `${payload}.${sign(label, payload, signingKey)}`);
}

/**
 * Why a record was refused: `several` records of the kind, a `malformed` marker (not
 * `PAYLOAD.SIGNATURE`), a `bad-signature` (edited, or signed with another key or label), an
 * `unreadable` payload (not base64url JSON) or a `wrong-shape` (not the kind's schema).
 */
export type SignedMarkerProblem = "several" | "malformed" | "bad-signature" | "unreadable" | "wrong-shape";

/** How a refused record of one kind is described on GitHub ("the vote record's signature does not match …"). */
export function signedMarkerProblems(noun: string): Record<SignedMarkerProblem, string> {
  return {
    several: `the comment holds more than one ${noun}`,
    malformed: `the ${noun} is malformed`,
    "bad-signature": `the ${noun}'s signature does not match (it was edited)`,
    unreadable: `the ${noun} is not readable`,
    "wrong-shape": `the ${noun} has an unknown shape`,
  };
}

export type SignedMarkerRead<T> = { kind: "ok"; record: T } | { kind: "missing" } | { kind: "rejected"; problem: SignedMarkerProblem };

/** The one record of `kind` among `markers`, verified, or why there is none. */
export function verifySignedMarker<T>(kind: string, label: string, schema: z.ZodType<T>, markers: readonly Marker[], signingKey: string): SignedMarkerRead<T> {
  const found = markers.filter((m) => m.kind === kind);
  if (found.length === 0) return { kind: "missing" };
  if (found.length > 1) return { kind: "rejected", problem: "several" };
  const [payload, signature, ...extra] = (found[0] as Marker).key.split(".");
  if (!payload || !signature || extra.length > 0) return { kind: "rejected", problem: "malformed" };
  const expected = Buffer.from(sign(label, payload, signingKey));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { kind: "rejected", problem: "bad-signature" };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { kind: "rejected", problem: "unreadable" };
  }
  const result = schema.safeParse(value);
  return result.success ? { kind: "ok", record: result.data } : { kind: "rejected", problem: "wrong-shape" };
}

/** `verifySignedMarker` over every marker of `body`. */
export function checkSignedMarker<T>(kind: string, label: string, schema: z.ZodType<T>, body: string | null | undefined, signingKey: string): SignedMarkerRead<T> {
  return verifySignedMarker(kind, label, schema, parseMarkers(body), signingKey);
}

/** The one verified record of `kind` in `body`, or null (none, several, a bad signature, a bad shape). */
export function readSignedMarker<T>(kind: string, label: string, schema: z.ZodType<T>, body: string | null | undefined, signingKey: string): T | null {
  const read = checkSignedMarker(kind, label, schema, body, signingKey);
  return read.kind === "ok" ? read.record : null;
}
