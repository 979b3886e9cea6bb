import { RosterError } from "../../errors.js";
import { escapeUntrusted } from "../markdown-escape.js";
import { Member, validateRoster, type Roster } from "../roster.js";
import { checkTemplateAnswers } from "./membership-template.js";
import type { IdFix, MembershipRequestInput, RequestProblem } from "./membership-request.js";
import { addDays, describeEntry, sameLogin, type RawEntry } from "./roster-entries.js";

/**
 * The checks of a membership request, each named for the rule it enforces and returning the
 * problems it finds (with how to fix each). `checkMembershipRequest` runs them in the order the
 * author reads them: the roster as a whole, then the new entry, then the description and the files.
 */

/** Each numeric id appears once in the head's roster. */
export function duplicateIds(head: readonly RawEntry[], base: Roster): RequestProblem[] {
  const headCount = new Map<number, number>();
  for (const entry of head) if (typeof entry.id === "number") headCount.set(entry.id, (headCount.get(entry.id) ?? 0) + 1);
  const problems: RequestProblem[] = [];
  for (const [id, count] of headCount) {
    if (count <= 1) continue;
    const existing = base.byId(id);
    problems.push({
      problem: `id ${id} appears ${count} times${existing ? ` (it already belongs to ${escapeUntrusted(existing.login, 100)})` : ""}`,
      fix: "Each person is listed once. Remove the `id:` line of your own entry and keep your `login`; secwg fills in your numeric id.",
    });
  }
  return problems;
}

/** Every member on the base branch is still there, entry unchanged (a repeated id is `duplicateIds`' problem). */
export function othersUnchanged(head: readonly RawEntry[], base: Roster): RequestProblem[] {
  const problems: RequestProblem[] = [];
  for (const member of base.members) {
    const login = escapeUntrusted(member.login, 100);
    const now = head.filter((e) => e.id === member.id);
    if (now.length === 0) {
      problems.push({
        problem: `removes ${login} (id ${member.id}) from the roster`,
        fix: `Restore ${login}'s entry exactly as on the base branch; a membership request only adds its author.`,
      });
    } else if (now.length === 1) {
      const parsed = Member.safeParse(now[0]);
      if (!parsed.success || JSON.stringify(parsed.data) !== JSON.stringify(member)) {
        problems.push({
          problem: `changes the entry of ${login} (id ${member.id})`,
          fix: `Revert the changes to ${login}'s entry; a membership request must not change anyone else.`,
        });
      }
    }
  }
  return problems;
}

/** The request adds exactly one entry. */
export function exactlyOneAdded(added: readonly RawEntry[], input: MembershipRequestInput): RequestProblem[] {
  if (added.length === 0) {
    return [{
      problem: "adds nobody to the roster",
      fix: `Add one entry for yourself at the end of \`${input.file}\` with \`login: ${input.author.login}\` and \`roles: [member]\`; secwg fills in your numeric id.`,
    }];
  }
  if (added.length > 1) {
    return [{
      problem: `adds ${added.length} entries (${added.map(describeEntry).join(", ")}); a membership request adds exactly one person, its author`,
      fix: "Keep only your own entry; everyone else opens their own membership request.",
    }];
  }
  return [];
}

/**
 * The new entry is the author's when it carries the author's id, or, without it, the login GitHub
 * gives for the author's id (from the pull request, not from the file). Any other id in it is
 * never trusted: `idFix` says what secwg writes instead.
 */
export function entryIsTheAuthors(mine: RawEntry, input: MembershipRequestInput): { problems: RequestProblem[]; idFix: IdFix | null } {
  if (mine.id === input.author.id) return { problems: [], idFix: null };
  if (sameLogin(mine.login, input.author.login)) {
    return { problems: [], idFix: typeof mine.id === "number" ? { kind: "corrected", from: mine.id } : { kind: "missing" } };
  }
  return {
    problems: [{
      problem: `adds ${describeEntry(mine)}, but this request was opened by @${input.author.login}`,
      fix: `A membership request can only add its author. Set \`login: ${input.author.login}\` if the entry is yours, or ask that person to open their own request.`,
    }],
    idFix: null,
  };
}

/** Roles other than member are filled by election; tracker access is granted after onboarding. */
export function asksOnlyToBeAMember(mine: RawEntry): RequestProblem[] {
  const problems: RequestProblem[] = [];
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
  return problems;
}

/** Dates, when written, are not backdated and match the term length; secwg fills them in otherwise. */
export function checkDates(entry: RawEntry, input: MembershipRequestInput): RequestProblem[] {
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
 * The head's roster passes the roster schema, validated with the id secwg will write, so a
 * login-only entry is judged as it will be merged.
 */
export function rosterValidates(headValue: unknown, head: readonly RawEntry[], mine: RawEntry | undefined, input: MembershipRequestInput): RequestProblem[] {
  try {
    const members = head.map((e) => (e === mine ? { ...e, id: input.author.id } : e));
    validateRoster({ ...(headValue as object), members }, input.file);
    return [];
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return error.problems.map((p) => ({
      problem: `\`${p.path || input.file}\`: ${p.message}`,
      fix: "Correct that field of your entry as described (see the roster format in the README).",
    }));
  }
}

export function templateAnswered(body: MembershipRequestInput["body"]): RequestProblem[] {
  return checkTemplateAnswers(body).map((t) => ({ problem: t.problem, fix: t.fix }));
}

/** A membership request changes the roster file and nothing else. */
export function changesOnlyTheRoster(input: MembershipRequestInput): RequestProblem[] {
  if ((input.otherFiles ?? 0) === 0) return [];
  return [{
    problem: `changes ${input.otherFiles === 1 ? "1 file" : `${input.otherFiles} files`} besides \`${input.file}\``,
    fix: `A membership request changes exactly \`${input.file}\`. Remove every other change from this pull request.`,
  }];
}
