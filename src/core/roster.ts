import { z } from "zod";
import { RosterError, type ValidationProblem } from "../errors.js";
import { IsoDate } from "../config/fields.js";
import { parseYaml, toProblems } from "../config/validate.js";

export const ROLES = ["chair", "co-chair", "board-liaison", "member"] as const;
export type Role = (typeof ROLES)[number];
/** Roles that may sign off on security decisions and advisories. */
export const SIGNER_ROLES: readonly Role[] = ["chair", "co-chair", "board-liaison"];
const SINGLE_HOLDER_ROLES: readonly Role[] = ["chair", "co-chair", "board-liaison"];

export const Member = z.strictObject({
  login: z.string({ error: "expected the GitHub login (display only)" }).min(1),
  id: z.int({ error: "expected the numeric GitHub user id (see https://api.github.com/users/LOGIN)" }).positive({
    error: "expected a positive numeric GitHub user id",
  }),
  name: z.string({ error: "expected a name" }).optional(),
  roles: z
    .array(z.enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` }), { error: "expected a list of roles" })
    .min(1, { error: "expected at least one role (use [member])" })
    .default(["member"]),
  joined: IsoDate.optional(),
  term_ends: IsoDate.optional(),
  /**
   * The Board Liaison only: the day their term on the Board ends (exclusive, like `term_ends`). The
   * liaison must be an active Board member, so a roster checked on or after this day is refused.
   */
  board_term_ends: IsoDate.optional(),
  tracker_access: z.boolean({ error: "expected true or false" }).default(false),
  away: z.boolean({ error: "expected true or false" }).default(false),
});
export type Member = z.infer<typeof Member>;

export const RosterFile = z.strictObject({
  members: z.array(Member, { error: "expected a list under `members:`" }),
});

/** The validated roster: members in file order plus the queries the features need. */
export class Roster {
  constructor(readonly members: readonly Member[]) {}

  byId(id: number): Member | undefined {
    return this.members.find((m) => m.id === id);
  }

  withRole(role: Role): Member[] {
    return this.members.filter((m) => m.roles.includes(role));
  }

  /** Members whose term covers `date` (YYYY-MM-DD). Missing dates do not exclude anyone. */
  activeOn(date: string): Member[] {
    return this.members.filter((m) => isActiveOn(m, date));
  }

  /** Chair, Co-Chair and Board Liaison who are active on `date`. */
  signers(date: string): Member[] {
    return this.activeOn(date).filter((m) => m.roles.some((r) => SIGNER_ROLES.includes(r)));
  }

  hasRole(id: number, roles: readonly Role[], date: string): boolean {
    const member = this.byId(id);
    return !!member && isActiveOn(member, date) && member.roles.some((r) => roles.includes(r));
  }
}

export function isActiveOn(member: Member, date: string): boolean {
  if (member.joined && member.joined > date) return false;
  if (member.term_ends && member.term_ends <= date) return false;
  return true;
}

function entryLabel(index: number, member: { login?: unknown }): string {
  return typeof member.login === "string" ? `members[${index}] (${member.login})` : `members[${index}]`;
}

export interface RosterCheckOptions {
  /**
   * The day (`YYYY-MM-DD`, in the group's time zone) the roster is checked on. When given, rules
   * that depend on the date apply too (the Board Liaison's board term); without it only the
   * date-free rules do, so reading the roster to act on it never fails because a date passed.
   */
  today?: string;
}

/** Cross-entry rules the schema cannot express; with `options.today`, the dated rules too. */
export function checkRosterRules(members: readonly Member[], options: RosterCheckOptions = {}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const firstIndexById = new Map<number, number>();
  members.forEach((m, i) => {
    const seen = firstIndexById.get(m.id);
    if (seen !== undefined) {
      problems.push({ path: `${entryLabel(i, m)}.id`, message: `duplicate id ${m.id} (also ${entryLabel(seen, members[seen] ?? {})})` });
    } else {
      firstIndexById.set(m.id, i);
    }
    if (new Set(m.roles).size !== m.roles.length) {
      problems.push({ path: `${entryLabel(i, m)}.roles`, message: "lists the same role twice" });
    }
    if (m.joined && m.term_ends && m.term_ends <= m.joined) {
      problems.push({ path: `${entryLabel(i, m)}.term_ends`, message: `must be after joined (${m.joined}), got ${m.term_ends}` });
    }
  });
  for (const role of SINGLE_HOLDER_ROLES) {
    const holders = members.filter((m) => m.roles.includes(role));
    if (holders.length > 1) {
      problems.push({
        path: "members",
        message: `at most one ${role} allowed, found ${holders.length}: ${holders.map((h) => h.login).join(", ")}`,
      });
    }
  }
  if (options.today !== undefined) problems.push(...checkDatedRosterRules(members, options.today));
  return problems;
}

/**
 * Rules that depend on the day the roster is checked: the Board Liaison must be an active Board
 * member, so their entry must record `board_term_ends` and that day must be after `today`.
 */
export function checkDatedRosterRules(members: readonly Member[], today: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  members.forEach((m, i) => {
    if (!m.roles.includes("board-liaison")) return;
    if (m.board_term_ends === undefined) {
      problems.push({ path: `${entryLabel(i, m)}.board_term_ends`, message: "the Board Liaison's entry must record the day their Board term ends" });
    } else if (m.board_term_ends <= today) {
      problems.push({
        path: `${entryLabel(i, m)}.board_term_ends`,
        message: `the Board Liaison must be an active Board member; their Board term ended on ${m.board_term_ends} (checked on ${today})`,
      });
    }
  });
  return problems;
}

/** Validates a parsed roster value; problems name the entry (index and login) and the field. */
export function validateRoster(value: unknown, file: string, options: RosterCheckOptions = {}): Roster {
  const result = RosterFile.safeParse(value, { reportInput: true });
  if (!result.success) {
    const problems = toProblems(result.error.issues, { quoteValues: true }).map((p) => ({ ...p, path: labelEntryPath(p.path, value) }));
    throw new RosterError(file, problems);
  }
  const problems = checkRosterRules(result.data.members, options);
  if (problems.length > 0) throw new RosterError(file, problems);
  return new Roster(result.data.members);
}

/** `members[2].id` → `members[2] (carol).id` when the entry has a login. */
function labelEntryPath(path: string, value: unknown): string {
  const match = /^members\[(\d+)\](.*)$/.exec(path);
  if (!match) return path;
  const members = (value as { members?: unknown[] } | null)?.members;
  const entry = Array.isArray(members) ? members[Number(match[1])] : undefined;
  return `${entryLabel(Number(match[1]), (entry ?? {}) as { login?: unknown })}${match[2]}`;
}

export function parseRosterYaml(text: string, file: string, options: RosterCheckOptions = {}): Roster {
  return validateRoster(parseYaml(text, file, RosterError), file, options);
}
