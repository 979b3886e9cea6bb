/**
 * Text from outside secwg (package names, advisory summaries, rule names, repository names in a
 * payload) is written by whoever published the package or advisory, i.e. possibly an attacker. It
 * is rendered as inert text: one line, bounded, with every character that could open Markdown or
 * HTML syntax, mention someone (`@`), reference an issue (`#`), or forge a secwg marker (`<!--`)
 * replaced by an HTML entity or backslash escape.
 */

const MAX = 200;

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;", "#": "&#35;" };

export function inertText(value: unknown, max = MAX): string {
  const text = typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
  // eslint-disable-next-line no-control-regex
  const oneLine = text.replace(/[\u0000-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, " ").trim();
  const bounded = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  return bounded.replace(/[&<>@#\\`*_{}[\]()!|~:]/g, (c) => ENTITIES[c] ?? `\\${c}`);
}

/** Values GitHub documents as a closed set (ids, enums) checked against their shape, else `?`. */
export function token(value: unknown, pattern: RegExp): string {
  return typeof value === "string" && pattern.test(value) ? value : "?";
}

/** An ISO 8601 timestamp as GitHub writes it, else `?`. */
export function timestamp(value: unknown): string {
  return token(value, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/);
}
