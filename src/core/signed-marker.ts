import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { parseMarkers, renderMarker } from "./marker.js";

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

/** The one verified record of `kind` in `body`, or null (none, several, a bad signature, a bad shape). */
export function readSignedMarker<T>(kind: string, label: string, schema: z.ZodType<T>, body: string | null | undefined, signingKey: string): T | null {
  const markers = parseMarkers(body).filter((m) => m.kind === kind);
  if (markers.length !== 1) return null;
  const [payload, signature, ...extra] = (markers[0] as { key: string }).key.split(".");
  if (!payload || !signature || extra.length > 0) return null;
  const expected = Buffer.from(sign(label, payload, signingKey));
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
