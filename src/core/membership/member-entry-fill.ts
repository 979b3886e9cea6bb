import { parseRosterYaml } from "../roster.js";
import { addDays, rawMembers, sameLogin, type RawEntry } from "./roster-entries.js";

/**
 * Completing a new member's roster entry when their vote passes, as a text edit that keeps the
 * rest of the file as the author wrote it, verified by parsing the result.
 */

/** Lines `[start, end)` of the list item that contains line `at` (blank and comment lines after it belong to what follows). */
function itemBounds(lines: readonly string[], at: number): { start: number; end: number; keyIndent: string } | null {
  let start = at;
  while (start >= 0 && !/^\s*-\s/.test(lines[start] as string)) start--;
  if (start < 0) return null;
  const dash = /^(\s*)-\s+/.exec(lines[start] as string) as RegExpExecArray;
  const dashIndent = (dash[1] as string).length;
  let end = start + 1;
  for (; end < lines.length; end++) {
    const line = lines[end] as string;
    if (line.trim() === "" || /^\s*#/.test(line)) continue;
    if ((/^(\s*)/.exec(line)?.[1] ?? "").length <= dashIndent) break;
  }
  while (end - 1 > start && /^\s*(?:#.*)?$/.test(lines[end - 1] as string)) end--;
  return { start, end, keyIndent: " ".repeat((dash[0] as string).length) };
}

/** JSON with object keys sorted, so two entries compare by content whatever order the keys are in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/**
 * Writes into the new member's entry what secwg fills in when the vote passes: the numeric `id`
 * (the subject's, from GitHub: inserted when missing, replacing any other value) and `joined`/
 * `term_ends` when missing, keeping the rest of the file as written. The entry is the one with
 * the subject's id, or else the one with their login (compared without regard to case, as GitHub
 * does). The result is verified by parsing: it is returned only when the roster is exactly the
 * old one with that entry completed, and null otherwise (the caller then asks the author instead).
 */
export function fillMemberEntry(text: string, subject: { id: number; login: string }, joined: string, termDays: number): string | null {
  const before = rawMembers(text);
  if (!before) return null;
  const byId = before.filter((e) => e.id === subject.id);
  const matches = byId.length > 0 ? byId : before.filter((e) => sameLogin(e.login, subject.login));
  if (matches.length !== 1) return null;
  const mine = matches[0] as RawEntry;
  const index = before.indexOf(mine);

  const lines = text.split("\n");
  const loginPattern = new RegExp(`^\\s*(?:-\\s+)?login:\\s*(["']?)${subject.login.replace(/[^A-Za-z0-9-]/g, "")}\\1\\s*(?:#.*)?$`, "i");
  const idPattern = /^(\s*(?:-\s+)?id:\s*)(\S+)(\s*(?:#.*)?)$/;
  const anchor = lines.findIndex((l) => (mine.id === subject.id ? new RegExp(`^\\s*(?:-\\s+)?id:\\s*${subject.id}\\s*(?:#.*)?$`).test(l) : loginPattern.test(l)));
  if (anchor < 0) return null;
  const bounds = itemBounds(lines, anchor);
  if (!bounds) return null;

  const start = typeof mine.joined === "string" ? mine.joined : joined;
  const item = lines.slice(bounds.start, bounds.end);
  if (mine.id !== subject.id) {
    const idLines = item.map((l, i) => (idPattern.test(l) ? i : -1)).filter((i) => i >= 0);
    if (mine.id === undefined && idLines.length === 0) item.splice(anchor - bounds.start + 1, 0, `${bounds.keyIndent}id: ${subject.id}`);
    else if (idLines.length === 1) item[idLines[0] as number] = (item[idLines[0] as number] as string).replace(idPattern, (_all, head: string, _value: string, tail: string) => `${head}${subject.id}${tail}`);
    else return null;
  }
  // The dates go right under the id line.
  const idAt = item.findIndex((l) => idPattern.exec(l)?.[2] === String(subject.id));
  if (idAt < 0) return null;
  const dates = [
    ...(mine.joined === undefined ? [`${bounds.keyIndent}joined: ${start}`] : []),
    ...(mine.term_ends === undefined ? [`${bounds.keyIndent}term_ends: ${addDays(start, termDays)}`] : []),
  ];
  item.splice(idAt + 1, 0, ...dates);
  const result = [...lines.slice(0, bounds.start), ...item, ...lines.slice(bounds.end)].join("\n");

  const after = rawMembers(result);
  const expected = before.map((e, i) => (i === index ? { ...e, id: subject.id, joined: start, term_ends: typeof e.term_ends === "string" ? e.term_ends : addDays(start, termDays) } : e));
  if (!after || canonical(after) !== canonical(expected)) return null;
  try {
    const filled = parseRosterYaml(result, "roster").byId(subject.id);
    return filled?.joined === start ? result : null;
  } catch {
    return null;
  }
}
