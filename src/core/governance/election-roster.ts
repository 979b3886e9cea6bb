import { parseRosterYaml, type Member } from "../roster.js";
import type { ElectionRole } from "./election.js";

/**
 * The roster edit an election makes: the winner gains the role (in place of `member`), whoever
 * holds it now loses it (keeping `member` when it was their only role). Only the `roles: [...]`
 * lines of the entries concerned change, and the result is verified by parsing: the new text is
 * returned only when the parsed roster is exactly the old one with that change; `unchanged` when
 * the roster already says so; null when secwg cannot make the change safely.
 */

const ROLES_LINE = /^(\s*(?:-\s+)?roles:\s*)\[([^\]#]*)\](\s*(?:#.*)?)$/;

function parsed(text: string): readonly Member[] | null {
  try {
    return parseRosterYaml(text, "roster").members;
  } catch {
    return null;
  }
}

export function rolesAfterElection(members: readonly Member[], role: ElectionRole, winnerId: number): Member[] {
  return members.map((m) => {
    if (m.id === winnerId) return { ...m, roles: [...m.roles.filter((r) => r !== "member" && r !== role), role] };
    if (!m.roles.includes(role)) return m;
    const rest = m.roles.filter((r) => r !== role);
    return { ...m, roles: rest.length > 0 ? rest : ["member"] };
  });
}

function entryLines(lines: readonly string[], id: number): { start: number; end: number } | null {
  const idLine = lines.findIndex((l) => new RegExp(`^\\s*(?:-\\s+)?id:\\s*${id}\\s*(?:#.*)?$`).test(l));
  if (idLine < 0) return null;
  let start = idLine;
  while (start >= 0 && !/^\s*-\s/.test(lines[start] as string)) start--;
  if (start < 0) return null;
  let end = start + 1;
  while (end < lines.length && !/^\s*-\s/.test(lines[end] as string) && !/^\S/.test(lines[end] as string)) end++;
  return { start, end };
}

export function transferRole(text: string, role: ElectionRole, winnerId: number): string | "unchanged" | null {
  const before = parsed(text);
  if (!before?.some((m) => m.id === winnerId)) return null;
  const after = rolesAfterElection(before, role, winnerId);
  if (JSON.stringify(after) === JSON.stringify(before)) return "unchanged";
  const lines = text.split("\n");
  for (const [i, m] of after.entries()) {
    const old = before[i] as Member;
    if (JSON.stringify(old.roles) === JSON.stringify(m.roles)) continue;
    const bounds = entryLines(lines, m.id);
    if (!bounds) return null;
    const index = lines.findIndex((l, j) => j >= bounds.start && j < bounds.end && ROLES_LINE.test(l));
    if (index < 0) return null;
    lines[index] = (lines[index] as string).replace(ROLES_LINE, (_all, head: string, _list: string, tail: string) => `${head}[${m.roles.join(", ")}]${tail}`);
  }
  const result = lines.join("\n");
  return JSON.stringify(parsed(result)) === JSON.stringify(after) ? result : null;
}
