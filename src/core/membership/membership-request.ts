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

export type MembershipRequest =
  | { kind: "not-a-request" }
  | { kind: "invalid"; problems: RequestProblem[] }
  | { kind: "valid"; entry: Member; needsDates: boolean };

const ID_HELP = (login: string) => `https://api.github.com/users/${login}`;

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
        fix: `Each person is listed once, by their own numeric id. Use your id, ${input.author.id} (${ID_HELP(input.author.login)}).`,
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
      fix: `Add one entry for yourself at the end of \`${input.file}\` with \`id: ${input.author.id}\` and \`roles: [member]\`.`,
    });
  } else if (added.length > 1) {
    problems.push({
      problem: `adds ${added.length} entries (${added.map(describe).join(", ")}); a membership request adds exactly one person, its author`,
      fix: "Keep only your own entry; everyone else opens their own membership request.",
    });
  }

  const mine = added.length === 1 ? (added[0] as RawEntry) : undefined;
  if (mine) {
    if (typeof mine.id !== "number") {
      problems.push({
        problem: `the new entry ${describe(mine)} has no numeric \`id\``,
        fix: `Set \`id: ${input.author.id}\` (your numeric GitHub user id, see ${ID_HELP(input.author.login)}).`,
      });
    } else if (mine.id !== input.author.id) {
      problems.push({
        problem: `adds ${describe(mine)}, but this request was opened by @${input.author.login} (id ${input.author.id})`,
        fix: `A membership request can only add its author. Set \`id: ${input.author.id}\` if the entry is yours, or ask that person to open their own request.`,
      });
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
      validateRoster(headValue, input.file);
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
  const entry = Member.parse(mine);
  return { kind: "valid", entry, needsDates: !entry.joined || !entry.term_ends };
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

/**
 * Inserts `joined`/`term_ends` into the entry with `id`, keeping the rest of the file as written.
 * Returns null when the entry cannot be located safely (the caller then asks the author instead).
 */
export function fillMemberDates(text: string, id: number, joined: string, termDays: number): string | null {
  const lines = text.split("\n");
  const index = lines.findIndex((l) => new RegExp(`^\\s*(?:-\\s+)?id:\\s*${id}\\s*(?:#.*)?$`).test(l));
  if (index < 0) return null;
  const line = lines[index] as string;
  const dash = /^(\s*)-\s+/.exec(line);
  const indent = dash ? " ".repeat((dash[0] as string).length) : (/^(\s*)/.exec(line)?.[1] ?? "");
  let roster: Roster;
  try {
    roster = parseRosterYaml(text, "roster");
  } catch {
    return null;
  }
  const current = roster.byId(id);
  if (!current) return null;
  const start = current.joined ?? joined;
  const insert = [
    ...(current.joined ? [] : [`${indent}joined: ${start}`]),
    ...(current.term_ends ? [] : [`${indent}term_ends: ${addDays(start, termDays)}`]),
  ];
  if (insert.length === 0) return text;
  const result = [...lines.slice(0, index + 1), ...insert, ...lines.slice(index + 1)].join("\n");
  try {
    const filled = parseRosterYaml(result, "roster").byId(id);
    return filled?.joined === start && filled.term_ends === addDays(start, termDays) ? result : null;
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
