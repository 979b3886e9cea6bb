import { parseRosterYaml } from "../roster.js";

/**
 * The roster's text with `tracker_access` of the member `id` set to `value`, every other line as it
 * was (comments and order kept), so the pull request shows one line changed. Null when the member is
 * not in the roster or the edit cannot be made safely: the result is parsed again and must differ
 * from the original in that one field only. Returns the text unchanged when it already says so.
 */
export function setTrackerAccess(text: string, id: number, value: boolean): string | null {
  let before;
  try {
    before = parseRosterYaml(text, "roster");
  } catch {
    return null;
  }
  const member = before.byId(id);
  if (!member) return null;
  if (member.tracker_access === value) return text;

  const lines = text.split("\n");
  const idLine = lines.findIndex((l) => new RegExp(`^\\s*(?:-\\s+)?id:\\s*${id}\\s*(?:#.*)?$`).test(l));
  if (idLine < 0) return null;
  // The entry starts at the nearest `- ` line at or above the id line and ends before the next one.
  let start = idLine;
  while (start > 0 && !/^\s*-\s/.test(lines[start] as string)) start -= 1;
  const dash = /^(\s*)-\s+/.exec(lines[start] as string);
  if (!dash) return null;
  const fieldIndent = " ".repeat((dash[0] as string).length);
  let end = start + 1;
  while (end < lines.length && !/^\s*-\s/.test(lines[end] as string) && !/^\S/.test(lines[end] as string)) end += 1;

  const field = new RegExp(`^(${fieldIndent}|\\s*-\\s+)tracker_access:\\s*(?:true|false)\\s*(#.*)?$`);
  const at = lines.slice(start, end).findIndex((l) => field.test(l));
  const edited = [...lines];
  if (at >= 0) {
    edited[start + at] = (lines[start + at] as string).replace(/tracker_access:\s*(?:true|false)/, `tracker_access: ${value}`);
  } else {
    edited.splice(idLine + 1, 0, `${fieldIndent}tracker_access: ${value}`);
  }
  const result = edited.join("\n");
  try {
    const after = parseRosterYaml(result, "roster");
    const expected = before.members.map((m) => (m.id === id ? { ...m, tracker_access: value } : m));
    return JSON.stringify(after.members) === JSON.stringify(expected) ? result : null;
  } catch {
    return null;
  }
}
