import { RosterError } from "../../errors.js";
import { parseYaml } from "../../config/validate.js";
import { Member, parseRosterYaml, type Roster } from "../roster.js";
import { usesMembershipTemplate } from "./membership-template.js";
import {
  asksOnlyToBeAMember,
  changesOnlyTheRoster,
  checkDates,
  duplicateIds,
  entryIsTheAuthors,
  exactlyOneAdded,
  othersUnchanged,
  rosterValidates,
  templateAnswered,
} from "./request-checks.js";
import { rawEntries, type RawEntry } from "./roster-entries.js";

// Callers import these from here: the request's date rule and the completion of its entry.
export { addDays } from "./roster-entries.js";
export { fillMemberEntry } from "./member-entry-fill.js";

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

const NOT_A_REQUEST: MembershipRequest = { kind: "not-a-request" };

/**
 * A pull request that neither uses the template nor adds anyone is not a membership request; one
 * that does is judged by every check, and is valid only when none finds a problem.
 */
export function checkMembershipRequest(input: MembershipRequestInput): MembershipRequest {
  const templateUsed = usesMembershipTemplate(input.body);
  const base = readBaseRoster(input);
  if (!base) return templateUsed ? { kind: "invalid", problems: [baseRosterUnusable(input.file)] } : NOT_A_REQUEST;
  if (input.headText === null) {
    return templateUsed
      ? { kind: "invalid", problems: [{ problem: `this pull request deletes \`${input.file}\``, fix: `Restore \`${input.file}\` and add only your own entry.` }] }
      : NOT_A_REQUEST;
  }
  const head = readHeadRoster(input.headText, input.file);
  if (head.kind === "invalid") return head;

  const baseIds = new Set(base.members.map((m) => m.id));
  const added = head.entries.filter((e) => typeof e.id !== "number" || !baseIds.has(e.id));
  if (!templateUsed && added.length === 0) return NOT_A_REQUEST;
  const mine = added.length === 1 ? (added[0] as RawEntry) : undefined;
  const author = mine ? entryIsTheAuthors(mine, input) : { problems: [], idFix: null };

  const problems = [
    ...duplicateIds(head.entries, base),
    ...othersUnchanged(head.entries, base),
    ...exactlyOneAdded(added, input),
    ...(mine ? [...author.problems, ...asksOnlyToBeAMember(mine), ...checkDates(mine, input)] : []),
  ];
  // Schema problems only once the entry is right: they would repeat what the checks above say.
  if (problems.length === 0) problems.push(...rosterValidates(head.value, head.entries, mine, input));
  problems.push(...templateAnswered(input.body), ...changesOnlyTheRoster(input));

  if (problems.length > 0) return { kind: "invalid", problems };
  const entry = Member.parse({ ...mine, id: input.author.id });
  return { kind: "valid", entry, needsDates: !entry.joined || !entry.term_ends, idFix: author.idFix };
}

/** The roster on the base branch, which the request is judged against; null when missing or invalid. */
function readBaseRoster(input: MembershipRequestInput): Roster | null {
  if (input.baseText === null) return null;
  try {
    return parseRosterYaml(input.baseText, input.file);
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return null;
  }
}

function baseRosterUnusable(file: string): RequestProblem {
  return {
    problem: `the roster \`${file}\` on the base branch is missing or invalid, so this request cannot be checked against it`,
    fix: "A signer must fix the roster on the base branch first; then push any change to this pull request to re-check it.",
  };
}

/** The head's roster as written (not yet validated), or why it cannot be read at all. */
function readHeadRoster(text: string, file: string): { kind: "read"; value: unknown; entries: RawEntry[] } | { kind: "invalid"; problems: RequestProblem[] } {
  let value: unknown;
  try {
    value = parseYaml(text, file, RosterError);
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return {
      kind: "invalid",
      problems: error.problems.map((p) => ({
        problem: `\`${file}\` is ${p.message}`,
        fix: p.message.startsWith("not valid YAML")
          ? "Fix the YAML syntax at that line (indentation, a missing `:` or an unclosed bracket); compare with the entries above yours."
          : "Write your entry out in full like the entries above yours, without anchors (`&`), aliases (`*`) or deep nesting.",
      })),
    };
  }
  const entries = rawEntries(value);
  if (entries === null) {
    return { kind: "invalid", problems: [{ problem: `\`${file}\` has no \`members:\` list`, fix: "Keep the file's `members:` list and add your entry at its end." }] };
  }
  return { kind: "read", value, entries };
}

/**
 * How many files a pull request changes besides the roster at `path` (a renamed roster counts; a
 * list GitHub capped counts one more, since what is beyond the cap is unknown).
 */
export function otherFilesThan(files: readonly { filename: string }[], path: string, capped: boolean): number {
  return files.filter((f) => f.filename !== path).length + (capped ? 1 : 0);
}
