import { RosterError } from "../../errors.js";
import { parseYaml } from "../../config/validate.js";
import { escapeUntrusted } from "../markdown-escape.js";

/**
 * Roster entries as written in a pull request, before validation: a membership request is judged
 * (and its entry completed) on what the author typed, not on what the schema would make of it.
 */
export type RawEntry = Record<string, unknown>;

/** The `members:` list of a parsed roster, each item an object (anything else becomes `{}`); null without the list. */
export function rawEntries(value: unknown): RawEntry[] | null {
  const members = (value as { members?: unknown } | null)?.members;
  return Array.isArray(members) ? members.map((m) => (m !== null && typeof m === "object" ? (m as RawEntry) : {})) : null;
}

/** The raw entries of roster text; null when it does not parse or has no `members:` list. */
export function rawMembers(text: string): RawEntry[] | null {
  try {
    return rawEntries(parseYaml(text, "roster", RosterError));
  } catch (error) {
    if (error instanceof RosterError) return null;
    throw error;
  }
}

/** Logins are compared as GitHub does, without regard to case. */
export function sameLogin(a: unknown, b: string): boolean {
  return typeof a === "string" && a.toLowerCase() === b.toLowerCase();
}

export function describeEntry(entry: RawEntry): string {
  // A roster login is display text someone typed into a pull request: named, never mentioned.
  const login = typeof entry.login === "string" ? escapeUntrusted(entry.login, 100) : "an entry without a login";
  return typeof entry.id === "number" ? `${login} (id ${entry.id})` : login;
}

/** Adds `days` to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
