import { escapeUntrusted } from "../markdown-escape.js";
import { formatInstant, renderTamperedNotice } from "./vote-comment.js";
import type { Person, VoteRecord } from "./vote-record.js";
import { yesNeeded, type Tally } from "./vote-tally.js";

/**
 * The texts of the votes feature other than the vote comment itself (`vote-comment.ts`): the
 * `secwg / vote` check, the votes-log entry, the replies to `/vote` commands. Untrusted text (a
 * login, a cancellation reason) is escaped here; golden-tested in `test/core/vote/golden/`.
 */

/** Shown above a vote comment secwg posted again after the previous one was deleted. */
export const REPOSTED_NOTICE =
  "The previous vote comment was deleted, and its reactions with it, so secwg posted the vote again: the electorate is frozen anew and the deadline restarts. Please vote again below.";

/** Keeps secwg's own note ("posted again") across live updates; text anyone else put there is not carried over. */
export function noticeOf(body: string): string | undefined {
  return /^> \[!NOTE\]\n> (.+)$/m.exec(body)?.[1] === REPOSTED_NOTICE ? REPOSTED_NOTICE : undefined;
}

/** What the `secwg / vote` check says: pending while open, then the result, or that the record was edited. */
export interface VoteCheckText {
  status: "in_progress" | "completed";
  conclusion?: "success" | "failure";
  title: string;
  summary: string;
}

export function voteCheckText(record: VoteRecord | null, tampered?: string): VoteCheckText {
  if (tampered) return { status: "completed", conclusion: "failure", title: "Vote record edited", summary: renderTamperedNotice(tampered) };
  if (record === null) return { status: "in_progress", title: "Vote open", summary: "Vote open." };
  const n = record.electorate.length;
  if (record.state === "open") {
    return { status: "in_progress", title: "Vote open", summary: `Open until ${formatInstant(record.deadline)}; ${yesNeeded(n)} of ${n} 👍 needed.` };
  }
  return {
    status: "completed",
    conclusion: record.state === "passed" ? "success" : "failure",
    title: `Vote ${record.state}`,
    summary: `The vote ${record.state}${record.closed ? ` on ${formatInstant(record.closed.at)}` : ""}; see the vote comment for the tally.`,
  };
}

/** The "Votes log" issue in the tracker, which holds one entry per closed vote. */
export const VOTES_LOG_ISSUE = {
  title: "Votes log",
  body: "Every vote of the group, one comment each, written by secwg when the vote closes.",
};

/** One entry of the votes log: who, what, when, and the final counts. */
export function renderVoteLogEntry(record: VoteRecord, tally: Tally): string {
  const by = record.closed?.by ? ` by ${escapeUntrusted(record.closed.by.login)}` : "";
  const reason = record.closed?.reason ? ` (${escapeUntrusted(record.closed.reason, 500)})` : "";
  return [
    `**${record.kind} vote on ${record.target}** (subject ${escapeUntrusted(record.subject.login)}): **${record.state}**${by}${reason}`,
    `- opened ${formatInstant(record.opened)}, closed ${record.closed ? formatInstant(record.closed.at) : "—"}`,
    `- ${tally.yes.length} 👍, ${tally.no.length} 👎, ${tally.abstained.length} abstained, ${tally.notVoted.length} not voted; electorate ${record.electorate.length}, ${yesNeeded(record.electorate.length)} needed`,
  ].join("\n");
}

/** What a signer's `/vote cancel` leaves in place of a vote comment whose record did not verify. */
export function renderCancelledUntrusted(marker: string, at: string, by: Person, reason: string): string {
  return `${marker}\n**Cancelled** on ${formatInstant(at)} by ${escapeUntrusted(by.login)}: ${escapeUntrusted(reason, 500)}. The vote record had been edited, so no result was taken from it.`;
}

/** What the tracker is told about a vote comment whose record did not verify. */
export function untrustedVoteRecord(target: string, reason: string): { what: string; consequence: string } {
  return {
    what: `holds a vote record for ${escapeUntrusted(target)} that does not verify (${reason})`,
    consequence: "secwg ignores it: the vote is not counted, closed, merged or rejected until a signer ends it with `/vote cancel <reason>`.",
  };
}

/** Replies to `/vote status|cancel|extend`. The cancellation reason is the signer's own words, as before. */
export const VOTE_REPLIES = {
  none: "There is no vote on this pull request.",
  tampered: (reason: string) => `The vote record was edited, so it is not trusted: ${reason}. A signer can end it with \`/vote cancel <reason>\`.`,
  reposted: "The vote comment had been deleted; secwg posted it again above. Please vote there.",
  cancelled: (login: string, reason: string) => `@${login} cancelled the vote (reason: ${reason}). The vote comment stays as a record.`,
  notOpen: "This vote is already closed; nothing was changed.",
  extended: (deadline: string, login: string) => `The vote now closes at ${formatInstant(deadline)} (extended by @${login}). A vote can be extended only once.`,
  alreadyExtended: "This vote was already extended once; it cannot be extended again.",
  tamperedNoChange: "The vote record was edited, so secwg will not change it. A signer can end it with `/vote cancel <reason>`.",
} as const;
