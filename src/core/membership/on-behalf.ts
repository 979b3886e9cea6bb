import { renderSignedMarker, verifySignedMarker, type SignedMarkerProblem } from "../signed-marker.js";
import { z } from "zod";
import { parseMarkers, renderMarker, type Marker } from "../marker.js";
import { parseRosterYaml } from "../roster.js";
import { MEMBERSHIP_TEMPLATE_SECTIONS } from "./membership-template.js";

/**
 * Membership requests opened on someone's behalf (the e-mail path): a signer runs
 * `/propose-member @login`, secwg resolves the login to a numeric id through GitHub and opens the
 * roster pull request itself. Two signed records decide such a request, each verified on every read:
 * - the proposal, on the first line of the pull request's description: the subject (the candidate,
 *   by id) and the proposing signer (by id), bound to the repository and to the branch secwg named
 *   after the subject's id. It counts only on a pull request secwg opened from that branch of the
 *   repository itself, so a record copied elsewhere, or edited, counts for nothing;
 * - the confirmation, in secwg's own comment on the pull request, written when the subject (by
 *   numeric id) runs `/confirm` there; bound to the pull request and the subject. Without it the
 *   `secwg / membership` check stays pending and secwg does not merge.
 */

const Person = z.strictObject({ id: z.int().positive(), login: z.string().min(1).max(100) });
export type OnBehalfPerson = z.infer<typeof Person>;

export const OnBehalfRecord = z.strictObject({
  v: z.literal(1),
  /** `owner/repo` of the group repository, lower-cased. */
  repo: z.string(),
  branch: z.string(),
  subject: Person,
  proposer: Person,
  /** The id of the comment that ran `/propose-member`. */
  comment: z.int().positive(),
});
export type OnBehalfRecord = z.infer<typeof OnBehalfRecord>;

export const ConfirmationRecord = z.strictObject({
  v: z.literal(1),
  /** `owner/repo#N` of the pull request, lower-cased. */
  target: z.string(),
  subject: z.int().positive(),
  /** The id of the subject's `/confirm` comment. */
  comment: z.int().positive(),
});
export type ConfirmationRecord = z.infer<typeof ConfirmationRecord>;

export const ON_BEHALF_KIND = "membership-on-behalf";
export const CONFIRMATION_KIND = "membership-confirmation";

/** The branch secwg proposes a candidate's entry on: one per candidate id. */
export function onBehalfBranch(subjectId: number): string {
  return `secwg/join-${subjectId}`;
}

/** Each kind of record signs under its own key label (`signed-marker.ts`). */
const label = (kind: string): string => `secwg ${kind} record v1`;

function renderSigned<T>(kind: string, schema: z.ZodType<T>, record: T, signingKey: string): string {
  return renderSignedMarker(kind, label(kind), schema, record, signingKey);
}

type Parsed<T> = { kind: "ok"; record: T } | { kind: "missing" } | { kind: "tampered"; reason: string };

const PROBLEMS: Record<SignedMarkerProblem, string> = {
  several: "more than one record",
  malformed: "malformed record",
  "bad-signature": "the signature does not match",
  unreadable: "unreadable record",
  "wrong-shape": "unknown record shape",
};

function parseSigned<T>(markers: readonly Marker[], kind: string, schema: z.ZodType<T>, signingKey: string): Parsed<T> {
  const read = verifySignedMarker(kind, label(kind), schema, markers, signingKey);
  return read.kind === "rejected" ? { kind: "tampered", reason: PROBLEMS[read.problem] } : read;
}

export function repoKey(repo: { owner: string; repo: string }): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

export function targetKey(pull: { owner: string; repo: string; issue_number: number }): string {
  return `${repoKey(pull)}#${pull.issue_number}`;
}

/**
 * The proposal record of a pull request, read from the first line of its description only, and
 * only when it is bound to this repository and to the pull request's own branch.
 */
export function parseOnBehalfRecord(body: string | null | undefined, signingKey: string, at: { repo: { owner: string; repo: string }; branch: string }): Parsed<OnBehalfRecord> {
  const first = (body ?? "").split("\n", 1)[0] ?? "";
  const parsed = parseSigned(parseMarkers(first), ON_BEHALF_KIND, OnBehalfRecord, signingKey);
  if (parsed.kind !== "ok") return parsed;
  const { record } = parsed;
  if (record.repo !== repoKey(at.repo) || record.branch !== at.branch || record.branch !== onBehalfBranch(record.subject.id)) {
    return { kind: "tampered", reason: "the record belongs to another repository or branch" };
  }
  return parsed;
}

/** Whether a comment body holds a confirmation by `subjectId` of the pull request `target`. */
export function isConfirmation(body: string | null | undefined, signingKey: string, target: string, subjectId: number): boolean {
  const parsed = parseSigned(parseMarkers(body), CONFIRMATION_KIND, ConfirmationRecord, signingKey);
  return parsed.kind === "ok" && parsed.record.target === target && parsed.record.subject === subjectId;
}

export function confirmationMarker(target: string): string {
  return renderMarker("membership-confirmed", target);
}

/** secwg's comment recording the subject's confirmation (the marker that finds it, then the signed record). */
export function renderConfirmation(record: ConfirmationRecord, subjectLogin: string, signingKey: string): string {
  return [
    renderSigned(CONFIRMATION_KIND, ConfirmationRecord, record, signingKey),
    `@${subjectLogin} confirmed this membership request, proposed on their behalf, and agrees to the group's disclosure policy. secwg merges it if the vote passes.`,
  ].join("\n");
}

/** The description of a request secwg opens on someone's behalf: the signed record, then the template's sections as far as known. */
export function renderOnBehalfBody(record: OnBehalfRecord, signingKey: string): string {
  const answer = (heading: string): string => {
    switch (heading) {
      case "Name":
        return `@${record.subject.login} (the candidate can edit this description to give their name)`;
      case "GitHub handle":
        return `@${record.subject.login} (account id ${record.subject.id}, resolved by secwg through GitHub)`;
      default:
        return `Given by the candidate to @${record.proposer.login}, who proposed this request on their behalf; the candidate or the proposer may write it here.`;
    }
  };
  const sections = MEMBERSHIP_TEMPLATE_SECTIONS.map((s) =>
    s.checkbox
      ? [`## ${s.heading}`, "", `- [x] ${s.checkbox}`, "", `(The candidate agrees by running \`/confirm\` on this pull request; secwg does not merge without it.)`, ""].join("\n")
      : [`## ${s.heading}`, "", answer(s.heading), ""].join("\n"),
  );
  return [
    renderSigned(ON_BEHALF_KIND, OnBehalfRecord, record, signingKey),
    `Membership request for @${record.subject.login}, opened by secwg on their behalf at the request of @${record.proposer.login} (\`/propose-member\`).`,
    "",
    `**@${record.subject.login}: please confirm with a comment \`/confirm\` on this pull request.** The group votes as on any membership request; secwg merges only after your confirmation.`,
    "",
    ...sections,
  ].join("\n");
}

/**
 * The roster with an entry for `subject` appended (`login`, `id`, `roles: [member]`; secwg fills in
 * the dates when the vote passes), verified by parsing; null when that is not exactly the change.
 */
export function appendMemberEntry(text: string, subject: OnBehalfPerson): string | null {
  let before;
  try {
    before = parseRosterYaml(text, "roster").members;
  } catch {
    return null;
  }
  if (before.some((m) => m.id === subject.id)) return null;
  const lines = text.trimEnd().split("\n");
  const dash = [...lines].reverse().find((l) => /^\s*-\s/.test(l));
  const indent = dash ? (/^(\s*)-/.exec(dash)?.[1] ?? "  ") : "  ";
  const result = [...lines, `${indent}- login: ${subject.login}`, `${indent}  id: ${subject.id}`, `${indent}  roles: [member]`, ""].join("\n");
  try {
    const after = parseRosterYaml(result, "roster").members;
    const added = after.at(-1);
    const same = JSON.stringify(after.slice(0, -1)) === JSON.stringify(before);
    return same && after.length === before.length + 1 && added?.id === subject.id && added.login === subject.login ? result : null;
  } catch {
    return null;
  }
}
