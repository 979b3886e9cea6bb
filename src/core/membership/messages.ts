import { escapeUntrusted } from "../markdown-escape.js";
import type { Person } from "../vote/vote-record.js";
import { yesNeeded, type Tally } from "../vote/vote-tally.js";
import { addDays, type IdFix, type RequestProblem } from "./membership-request.js";

/**
 * The texts of the membership feature: the `secwg / membership` check, the problems comment, and
 * what secwg says on a request after its vote (refusals to merge, the welcome, the kind no).
 * Golden-tested in `test/core/membership/golden/`.
 */

/** The problems of an invalid request, each with its fix, as the check and the comment show them. */
export function renderProblems(problems: readonly RequestProblem[], path: string): string {
  return [
    `This membership request cannot go to a vote yet. A membership request adds exactly one entry to \`${path}\` — its author's, with \`roles: [member]\` — and answers every section of the template.`,
    "",
    ...problems.map((p) => `- **Problem:** ${p.problem}.\n  **Fix:** ${p.fix}`),
    "",
    "Push a fix or edit the description; secwg checks again automatically.",
  ].join("\n");
}

export function validRequestSummary(author: Person, path: string, idFix: IdFix | null = null): string {
  const id =
    idFix === null
      ? ""
      : idFix.kind === "missing"
        ? ` The entry gives no \`id\`: secwg writes the author's numeric id, ${author.id}, when the vote passes.`
        : ` The entry's \`id: ${idFix.from}\` is not the author's and is not trusted: secwg corrects it to the author's id, ${author.id}, when the vote passes.`;
  return `Adds @${author.login} (id ${author.id}) as a member; nothing else in \`${path}\` changes. The group votes on the vote comment.${id}`;
}

export function awaitingConfirmationSummary(subject: Person, path: string): string {
  return `Adds @${subject.login} (id ${subject.id}) as a member; nothing else in \`${path}\` changes. This request was opened on their behalf: it stays pending until @${subject.login} confirms with \`/confirm\` on this pull request, and secwg does not merge it before. The group votes on the vote comment meanwhile.`;
}

export function problemsTitle(count: number): string {
  return `${count} problem${count === 1 ? "" : "s"} with this membership request`;
}

export const MEMBERSHIP_REPLIES = {
  problems: (login: string, problems: readonly RequestProblem[], path: string) => `@${login}, thank you for your request. ${renderProblems(problems, path)}`,
  fixed: (login: string) => `@${login}, all problems with this membership request are fixed. The vote is below.`,
  rosterUnusable: (message: string) => `secwg cannot open the vote on this request yet:\n\n${message}`,
} as const;

/** Why secwg did not merge a request whose vote passed. */
export const MERGE_REFUSALS = {
  notSubject: "The vote passed, but this pull request's author is not the subject of the vote, so secwg did not merge it.",
  awaitConfirmation: (login: string) =>
    `The vote passed. @${login}, this request was opened on your behalf: secwg merges it once you confirm with a comment \`/confirm\` on this pull request.`,
  invalid: (problems: readonly RequestProblem[]) =>
    ["The vote passed, but the request is no longer a valid membership request, so secwg did not merge it:", "", ...problems.map((p) => `- ${p.problem}. ${p.fix}`)].join("\n"),
  changed:
    "The vote passed, but this pull request changed after it was checked (a new commit, or files besides the roster), so secwg did not merge it. A membership request changes exactly the roster file.",
  refused: (status: number) =>
    `The vote passed, but GitHub refused to merge this pull request (${status}). A maintainer can merge it by hand; branch protection or a conflict is the usual cause.`,
} as const;

/** Asks the author of a request secwg cannot push to (a fork) for the two dates of their entry. */
export function renderAskForDates(subject: Person, path: string, today: string, termDays: number, withId = false): string {
  const where = withId ? `(under \`login: ${subject.login}\`, replacing any \`id:\` line)` : `(under \`id: ${subject.id}\`)`;
  return [
    `The vote passed. 🎉 @${subject.login}, secwg cannot edit this branch, so please add these ${withId ? "three" : "two"} lines to your entry in \`${path}\` ${where}; secwg merges the request once you push them:`,
    "",
    "```yaml",
    ...(withId ? [`    id: ${subject.id}`] : []),
    `    joined: ${today}`,
    `    term_ends: ${addDays(today, termDays)}`,
    "```",
  ].join("\n");
}

export function datesCommitMessage(login: string, withId = false): string {
  return `chore(roster): record ${withId ? "id, " : ""}joined and term_ends for @${login}`;
}

export function mergeCommitTitle(login: string, number: number): string {
  return `Add @${login} to the Security Working Group (#${number})`;
}

/** The kind no: the vote on a request failed, and the request is closed. */
export function renderFailedRequest(subject: Person, tally: Tally, electorate: number, majorityImpossible: boolean): string {
  const why = majorityImpossible ? "a majority of 👍 could no longer be reached" : "the vote did not reach a majority of 👍 by its deadline";
  return [
    `@${subject.login}, thank you for offering your time to the Security Working Group. The vote on your request did not pass: ${why} (${tally.yes.length} 👍, ${tally.no.length} 👎, ${tally.abstained.length} abstained, ${tally.notVoted.length} not voted; ${yesNeeded(electorate)} of ${electorate} needed).`,
    "",
    "This request is closed. You are welcome to talk with the members about it and to apply again later.",
  ].join("\n");
}

/**
 * The welcome after the merge: greeted by the login the subject's id has now (`null`: the id no
 * longer resolves, and nobody is notified). Teams are named, never mentioned.
 */
export function renderWelcome(current: string | null, subject: Person, teams: readonly string[], failed: readonly string[]): string {
  const greeted = current ? `@${current}` : `${escapeUntrusted(subject.login)} (secwg could not find this account by its id, so nobody was notified)`;
  return [
    `Welcome to the Security Working Group, ${greeted}! 🎉 The vote passed and this request is merged.`,
    teams.length > 0 ? `You were added to ${teams.map((t) => escapeUntrusted(t)).join(", ")}.` : "",
    failed.length > 0 ? `secwg could not add you to ${failed.join(", ")}; a maintainer will do it by hand.` : "",
    "Access to the private tracker is granted separately, after onboarding.",
  ]
    .filter(Boolean)
    .join("\n");
}

/** Replies to `/propose-member` and `/confirm`. Logins named are GitHub's, never text from the command. */
export const JOINING_REPLIES = {
  proposeNotOnPull: (login: string) => `@${login}, \`/propose-member\` is run in an issue of the group repository, not on a pull request.`,
  noSuchAccount: (login: string) => `@${login}, no GitHub account has that login, so nothing was proposed. Check the spelling with the candidate.`,
  notAPerson: (login: string) => `@${login}, that login belongs to an organisation or a bot, not a person, so nothing was proposed.`,
  alreadyMember: (login: string, subject: Person) => `@${login}, @${subject.login} (id ${subject.id}) is already in the roster, so nothing was proposed.`,
  cannotEdit: (login: string, path: string) => `@${login}, secwg could not add the entry to \`${path}\` automatically (the roster on the default branch is missing or laid out in a way secwg does not edit); nothing was proposed.`,
  proposed: (login: string, subject: Person, pull: number) =>
    `@${login}, the membership request for @${subject.login} (id ${subject.id}) is #${pull}. The group votes there as on any request; @${subject.login} must confirm with \`/confirm\` on it before secwg merges.`,
  alreadyProposed: (login: string) => `@${login}, that candidate's entry is already on the default branch; nothing was proposed.`,
  notTheSubject: (login: string) => `@${login}, only the person this request was opened for can confirm it, with their own account.`,
} as const;
