/**
 * Hidden markers identify the objects secwg owns on GitHub: `<!-- secwg:KIND:KEY -->` in a comment
 * or issue body. Finding by marker (not by title or author) is what makes every write repeatable.
 */

const MARKER_PATTERN = /<!-- secwg:([a-z][a-z0-9-]*):([^\s>]+) -->/g;

export interface Marker {
  kind: string;
  key: string;
}

export function renderMarker(kind: string, key: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new Error(`invalid marker kind: ${kind}`);
  if (!/^[^\s>]+$/.test(key)) throw new Error(`invalid marker key: ${key}`);
  return `<!-- secwg:${kind}:${key} -->`;
}

export function parseMarkers(body: string | null | undefined): Marker[] {
  if (!body) return [];
  return [...body.matchAll(MARKER_PATTERN)].map((m) => ({ kind: m[1] as string, key: m[2] as string }));
}

export function hasMarker(body: string | null | undefined, marker: string): boolean {
  return !!body && body.includes(marker);
}

/** Puts the marker on the first line so it survives edits to the rest of the body. */
export function withMarker(marker: string, body: string): string {
  return body.startsWith(marker) ? body : `${marker}\n${body}`;
}
