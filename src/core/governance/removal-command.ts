import { isActiveOn, type Member, type Roster } from "../roster.js";
import type { RemovalRecord } from "./removal-record.js";
import { removalBranch } from "./removal-plan.js";
import { removeEntry } from "./roster-edit.js";

/**
 * The pure parts of `/remove @login <reason>` and of a removal pull request's verification: who is
 * being removed (by id, resolved through the roster only), the signed record the pull request
 * carries, its description, and whether its changes are exactly that removal. The reason is never
 * an input here: it goes to the private tracker and nowhere else.
 */

/** The one active member the login names on the roster (compared without regard to case), if any. */
export function activeMemberNamed(roster: Roster, login: string, today: string): Member | undefined {
  const named = roster.members.filter((m) => m.login.toLowerCase() === login.toLowerCase());
  const subject = named.length === 1 ? (named[0] as Member) : undefined;
  return subject && isActiveOn(subject, today) ? subject : undefined;
}

/** The record bound to the group repository, the subject's branch and the command's comment. */
export function removalRecordFor(input: {
  group: { owner: string; repo: string };
  subject: Pick<Member, "id" | "login">;
  by: { id: number; login: string };
  issue: string;
  comment: { id: number; created_at: string };
}): RemovalRecord {
  return {
    v: 1,
    repo: `${input.group.owner}/${input.group.repo}`,
    branch: removalBranch(input.subject.id),
    subject: { id: input.subject.id, login: input.subject.login },
    by: input.by,
    issue: input.issue,
    comment: input.comment.id,
    at: new Date(input.comment.created_at).toISOString(),
  };
}

/** The removal pull request's description under its signed record: the subject by id, never the reason. */
export function removalPullBody(signedRecord: string, record: RemovalRecord, rosterPath: string): string {
  return [
    signedRecord,
    `Removes member ${record.subject.id} from \`${rosterPath}\`, started with \`/remove\` in ${record.issue}. The reason is recorded in the private tracker.`,
    "",
    "It passes either by a vote of the group (50%+1 of the members, the member being removed excluded) or when the Chair and the Co-Chair both approve this pull request and the Board Liaison writes `/consulted` on it, at the same commit. The `secwg / removal` check says which path is satisfied and what is missing; secwg merges when one is.",
  ].join("\n");
}

/**
 * Whether a removal pull request changes exactly what its record says: only the roster file, and
 * the roster at its head is the base's with the subject's entry removed (nothing else touched). A
 * file list GitHub capped is never verified: what lies beyond the cap is unknown.
 */
export function removalVerified(input: {
  files: readonly { filename: string }[];
  capped: boolean;
  rosterPath: string;
  baseText: string | null;
  headText: string | null;
  subjectId: number;
}): boolean {
  const onlyRoster = !input.capped && input.files.length === 1 && input.files[0]?.filename === input.rosterPath;
  const expected = input.baseText === null ? null : removeEntry(input.baseText, input.subjectId);
  return onlyRoster && expected !== null && input.headText === expected;
}
