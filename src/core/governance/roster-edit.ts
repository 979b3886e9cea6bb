import { parseRosterYaml, type Member } from "../roster.js";

/**
 * Edits of the roster's text that keep everything else as the people wrote it (comments, order,
 * quoting). Each edit is verified by parsing the result: it returns the new text only when the
 * parsed roster is exactly the old one with the intended change, and null otherwise (an entry
 * secwg cannot locate safely, or a file that does not parse), so secwg never proposes a roster
 * that differs from what it meant.
 */

function entryBounds(lines: readonly string[], id: number): { start: number; end: number } | null {
  const idLine = lines.findIndex((l) => new RegExp(`^\\s*(?:-\\s+)?id:\\s*${id}\\s*(?:#.*)?$`).test(l));
  if (idLine < 0) return null;
  let start = idLine;
  while (start >= 0 && !/^\s*-\s/.test(lines[start] as string)) start--;
  if (start < 0) return null;
  const dashIndent = (/^(\s*)-/.exec(lines[start] as string)?.[1] ?? "").length;
  let end = start + 1;
  for (; end < lines.length; end++) {
    const line = lines[end] as string;
    if (line.trim() === "" || /^\s*#/.test(line)) continue;
    const indent = (/^(\s*)/.exec(line)?.[1] ?? "").length;
    if (indent <= dashIndent) break;
  }
  // Trailing blank and comment lines belong to what follows.
  while (end - 1 > start && /^\s*(?:#.*)?$/.test(lines[end - 1] as string)) end--;
  return { start, end };
}

function parsed(text: string): readonly Member[] | null {
  try {
    return parseRosterYaml(text, "roster").members;
  } catch {
    return null;
  }
}

function same(a: readonly Member[] | null, b: readonly Member[]): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

/** The roster with member `id`'s `term_ends` changed from `from` to `to`; null when that is not exactly what would change. */
export function setTermEnds(text: string, id: number, from: string, to: string): string | null {
  const before = parsed(text);
  if (!before || before.find((m) => m.id === id)?.term_ends !== from) return null;
  const lines = text.split("\n");
  const bounds = entryBounds(lines, id);
  if (!bounds) return null;
  const pattern = /^(\s*(?:-\s+)?term_ends:\s*)(["']?)(\d{4}-\d{2}-\d{2})\2(\s*(?:#.*)?)$/;
  const index = lines.findIndex((l, i) => i >= bounds.start && i < bounds.end && pattern.exec(l)?.[3] === from);
  if (index < 0) return null;
  lines[index] = (lines[index] as string).replace(pattern, (_all, head: string, quote: string, _day: string, tail: string) => `${head}${quote}${to}${quote}${tail}`);
  const result = lines.join("\n");
  return same(parsed(result), before.map((m) => (m.id === id ? { ...m, term_ends: to } : m))) ? result : null;
}

/** The roster without member `id`'s entry; null when that is not exactly what would change. */
export function removeEntry(text: string, id: number): string | null {
  const before = parsed(text);
  if (!before?.some((m) => m.id === id)) return null;
  const lines = text.split("\n");
  const bounds = entryBounds(lines, id);
  if (!bounds) return null;
  const result = [...lines.slice(0, bounds.start), ...lines.slice(bounds.end)].join("\n");
  return same(parsed(result), before.filter((m) => m.id !== id)) ? result : null;
}
