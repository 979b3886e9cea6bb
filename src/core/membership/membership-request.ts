import { escapeUntrusted } from "../markdown-escape.js";
import { RosterError } from "../../errors.js";
import { parseYaml } from "../../config/validate.js";
import { Member, parseRosterYaml, validateRoster, type Roster } from "../roster.js";
import { checkTemplateAnswers, usesMembershipTemplate } from "./membership-template.js";

/**
 * Validates a membership request: a pull request that adds its author to the roster. The head's
 * roster is compared with the roster on the base branch (policy comes from the base, never from
 * the request), and the description must answer the template. Each problem carries how to fix it.
 */

export interface RequestProblem {
  problem: string;
  fix: string;
}

export interface MembershipRequestInput {
  author: { id: number; login: string };
  /**
   * Files the pull request changes besides the roster (a count, never their untrusted names;
   * a capped file list counts as more). A membership request changes exactly the roster file.
   */
  otherFiles?: number;
  body: string | null | undefined;
  /** Roster text on the base branch (null: missing). */
  baseText: string | null;
  /** Roster text at the pull request's head (null: the request deletes it). */
  headText: string | null;
  /** Roster path, for messages. */
  file: string;
  /** Day the request was opened (YYYY-MM-DD): a request cannot backdate `joined` before it. */
  openedOn: string;
  termDays: number;
}

/**
 * What secwg writes into the new entry's `id` itself: `missing` (the candidate wrote their login
 * only) or `corrected` (the entry named another id, `from`, which is never trusted).
 */
export type IdFix = { kind: "missing" } | { kind: "corrected"; from: number };

export type MembershipRequest =
  | { kind: "not-a-request" }
  | { kind: "invalid"; problems: RequestProblem[] }
  /** `entry` carries the author's id; `idFix` says what secwg must write for that. */
  | { kind: "valid"; entry: Member; needsDates: boolean; idFix: IdFix | null };

/** Logins are compared as GitHub does, without regard to case. */
function sameLogin(a: unknown, b: string): boolean {
  return typeof a === "string" && a.toLowerCase() === b.toLowerCase();
}

type RawEntry = Record<string, unknown>;

function rawEntries(value: unknown): RawEntry[] | null {
  const members = (value as { members?: unknown } | null)?.members;
  return Array.isArray(members) ? members.map((m) => (m !== null && typeof m === "object" ? (m as RawEntry) : {})) : null;
}

function describe(entry: RawEntry): string {
  // A roster login is display text someone typed into a pull request: named, never mentioned.
  const login = typeof entry.login === "string" ? escapeUntrusted(entry.login, 100) : "an entry without a login";
  return typeof entry.id === "number" ? `${login} (id ${entry.id})` : login;
}

/** Adds `days` to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function checkMembershipRequest(input: MembershipRequestInput): MembershipRequest {
  const templateUsed = usesMembershipTemplate(input.body);

  let base: Roster;
  try {
    if (input.baseText === null) throw new RosterError(input.file, [{ path: "", message: "not found" }]);
    base = parseRosterYaml(input.baseText, input.file);
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return templateUsed
      ? {
          kind: "invalid",
          problems: [
            {
              problem: `the roster \`${input.file}\` on the base branch is missing or invalid, so this request cannot be checked against it`,
              fix: "A signer must fix the roster on the base branch first; then push any change to this pull request to re-check it.",
            },
          ],
        }
      : { kind: "not-a-request" };
  }

  if (input.headText === null) {
    return templateUsed
      ? { kind: "invalid", problems: [{ problem: `this pull request deletes \`${input.file}\``, fix: `Restore \`${input.file}\` and add only your own entry.` }] }
      : { kind: "not-a-request" };
  }

  let headValue: unknown;
  try {
    headValue = parseYaml(input.headText, input.file, RosterError);
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return {
      kind: "invalid",
      problems: error.problems.map((p) => ({
        problem: `\`${input.file}\` is ${p.message}`,
        fix: p.message.startsWith("not valid YAML")
          ? "Fix the YAML syntax at that line (indentation, a missing `:` or an unclosed bracket); compare with the entries above yours."
          : "Write your entry out in full like the entries above yours, without anchors (`&`), aliases (`*`) or deep nesting.",
      })),
    };
  }
  const head = rawEntries(headValue);
  if (head === null) {
    return {
      kind: "invalid",
      problems: [{ problem: `\`${input.file}\` has no \`members:\` list`, fix: "Keep the file's `members:` list and add your entry at its end." }],
    };
  }

  const baseIds = new Set(base.members.map((m) => m.id));
  const added = head.filter((e) => typeof e.id !== "number" || !baseIds.has(e.id));
  if (!templateUsed && added.length === 0) return { kind: "not-a-request" };

  const problems: RequestProblem[] = [];
  const headCount = new Map<number, number>();
  for (const entry of head) if (typeof entry.id === "number") headCount.set(entry.id, (headCount.get(entry.id) ?? 0) + 1);

  for (const [id, count] of headCount) {
    if (count > 1) {
      const existing = base.byId(id);
      problems.push({
        problem: `id ${id} appears ${count} times${existing ? ` (it already belongs to ${escapeUntrusted(existing.login, 100)})` : ""}`,
        fix: "Each person is listed once. Remove the `id:` line of your own entry and keep your `login`; secwg fills in your numeric id.",
      });
    }
  }
  for (const member of base.members) {
    const now = head.filter((e) => e.id === member.id);
    if (now.length === 0) {
      problems.push({
        problem: `removes ${escapeUntrusted(member.login, 100)} (id ${member.id}) from the roster`,
        fix: `Restore ${escapeUntrusted(member.login, 100)}'s entry exactly as on the base branch; a membership request only adds its author.`,
      });
    } else if (now.length === 1) {
      const parsed = Member.safeParse(now[0]);
      if (!parsed.success || JSON.stringify(parsed.data) !== JSON.stringify(member)) {
        problems.push({
          problem: `changes the entry of ${escapeUntrusted(member.login, 100)} (id ${member.id})`,
          fix: `Revert the changes to ${escapeUntrusted(member.login, 100)}'s entry; a membership request must not change anyone else.`,
        });
      }
    }
  }

  if (added.length === 0) {
    problems.push({
      problem: "adds nobody to the roster",
      fix: `Add one entry for yourself at the end of \`${input.file}\` with \`login: ${input.author.login}\` and \`roles: [member]\`; secwg fills in your numeric id.`,
    });
  } else if (added.length > 1) {
    problems.push({
      problem: `adds ${added.length} entries (${added.map(describe).join(", ")}); a membership request adds exactly one person, its author`,
      fix: "Keep only your own entry; everyone else opens their own membership request.",
    });
  }

  const mine = added.length === 1 ? (added[0] as RawEntry) : undefined;
  let idFix: IdFix | null = null;
  if (mine) {
    // The entry is the author's when it carries the author's id, or, without it, the login GitHub
    // gives for the author's id (from the pull request, not from the file). Any other id in it is
    // never trusted: secwg writes the author's id itself.
    if (mine.id !== input.author.id) {
      if (!sameLogin(mine.login, input.author.login)) {
        problems.push({
          problem: `adds ${describe(mine)}, but this request was opened by @${input.author.login}`,
          fix: `A membership request can only add its author. Set \`login: ${input.author.login}\` if the entry is yours, or ask that person to open their own request.`,
        });
      } else {
        idFix = typeof mine.id === "number" ? { kind: "corrected", from: mine.id } : { kind: "missing" };
      }
    }
    const roles = Array.isArray(mine.roles) ? mine.roles : mine.roles === undefined ? ["member"] : [mine.roles];
    if (roles.length !== 1 || roles[0] !== "member") {
      problems.push({
        problem: `asks for roles [${roles.join(", ")}]; a membership request can only ask for [member]`,
        fix: "Set `roles: [member]`. Chair, Co-Chair and Board Liaison are filled by election, not by a membership request.",
      });
    }
    if (mine.tracker_access === true) {
      problems.push({
        problem: "sets `tracker_access: true`",
        fix: "Remove `tracker_access`; the Chair and Co-Chair grant tracker access after onboarding.",
      });
    }
    problems.push(...checkDates(mine, input));
  }

  if (problems.length === 0) {
    try {
      // Validated with the id secwg will write, so a login-only entry is judged as it will be merged.
      const members = head.map((e) => (e === mine ? { ...e, id: input.author.id } : e));
      validateRoster({ ...(headValue as object), members }, input.file);
    } catch (error) {
      if (!(error instanceof RosterError)) throw error;
      for (const p of error.problems) {
        problems.push({
          problem: `\`${p.path || input.file}\`: ${p.message}`,
          fix: "Correct that field of your entry as described (see the roster format in the README).",
        });
      }
    }
  }

  for (const t of checkTemplateAnswers(input.body)) problems.push({ problem: t.problem, fix: t.fix });
  if ((input.otherFiles ?? 0) > 0) {
    problems.push({
      problem: `changes ${input.otherFiles === 1 ? "1 file" : `${input.otherFiles} files`} besides \`${input.file}\``,
      fix: `A membership request changes exactly \`${input.file}\`. Remove every other change from this pull request.`,
    });
  }

  if (problems.length > 0) return { kind: "invalid", problems };
  const entry = Member.parse({ ...mine, id: input.author.id });
  return { kind: "valid", entry, needsDates: !entry.joined || !entry.term_ends, idFix };
}

function checkDates(entry: RawEntry, input: MembershipRequestInput): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const joined = typeof entry.joined === "string" ? entry.joined : undefined;
  const termEnds = typeof entry.term_ends === "string" ? entry.term_ends : undefined;
  const leaveOut = "Remove `joined` and `term_ends`; secwg fills them in when the vote passes.";
  if (joined !== undefined && joined < input.openedOn) {
    problems.push({ problem: `\`joined: ${joined}\` is before this request was opened (${input.openedOn})`, fix: leaveOut });
  }
  if (termEnds !== undefined) {
    if (joined === undefined) {
      problems.push({ problem: "sets `term_ends` without `joined`", fix: leaveOut });
    } else if (termEnds !== addDays(joined, input.termDays)) {
      problems.push({
        problem: `\`term_ends: ${termEnds}\` does not match the term length of ${input.termDays} days (expected ${addDays(joined, input.termDays)})`,
        fix: leaveOut,
      });
    }
  }
  return problems;
}

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

function rawMembers(text: string): RawEntry[] | null {
  try {
    return rawEntries(parseYaml(text, "roster", RosterError));
  } catch (error) {
    if (error instanceof RosterError) return null;
    throw error;
  }
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

/**
 * How many files a pull request changes besides the roster at `path` (a renamed roster counts; a
 * list GitHub capped counts one more, since what is beyond the cap is unknown).
 */
export function otherFilesThan(files: readonly { filename: string }[], path: string, capped: boolean): number {
  return files.filter((f) => f.filename !== path).length + (capped ? 1 : 0);
}
