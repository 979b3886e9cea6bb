import { escapeUntrusted } from "../markdown-escape.js";
import { renderVoteRecord, type Person, type VoteRecord } from "./vote-record.js";
import { yesNeeded, type Tally, type VoteDecision } from "./vote-tally.js";

/**
 * The text of the one vote comment: what is decided, how to vote, the rule, the frozen electorate
 * and a live tally, rewritten in place while the vote is open and frozen as the final result.
 */

export interface VoteCommentInput {
  record: VoteRecord;
  tally: Tally;
  /** The marker that finds this comment (`voteMarker(ref)`). */
  marker: string;
  signingKey: string;
  /** Shown above the vote, e.g. why the comment was posted again. */
  notice?: string;
  /** Why the vote closed, when it did. */
  decision?: VoteDecision;
}

/** `2026-12-02 12:00 UTC`: unambiguous for a group spread over time zones. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function describeQuestion(record: VoteRecord): string {
  const who = escapeUntrusted(record.subject.login);
  switch (record.kind) {
    case "membership":
      return `should ${who} join the Security Working Group as a member?`;
    case "removal":
      return `should ${who} be removed from the Security Working Group?`;
    case "election":
      return `should ${who} be elected as proposed in this pull request?`;
    case "other":
      return "should the proposal in this thread be approved?";
  }
}

/**
 * Names a list of people. `mention` only for electors being asked to vote, whose logins secwg
 * resolved from their ids when the vote opened; everyone else is display text, escaped.
 */
function people(list: readonly Person[], mention: boolean, unresolved: readonly number[] = []): string {
  if (list.length === 0) return "—";
  return list.map((p) => (mention && !unresolved.includes(p.id) ? `@${p.login}` : escapeUntrusted(p.login))).join(", ");
}

export function describeRule(record: VoteRecord): string {
  const n = record.electorate.length;
  const quorum = record.quorum === null ? "" : ` At least ${record.quorum} of the electorate must react for the vote to pass (quorum).`;
  return `Passes when more than half of the electorate vote 👍 (50%+1): ${yesNeeded(n)} of ${n} needed.${quorum}`;
}

const REASONS: Record<Exclude<VoteDecision, { status: "open" }>["reason"], string> = {
  "majority-reached": "more than half of the electorate voted 👍",
  "majority-impossible": "a majority of 👍 can no longer be reached",
  "quorum-impossible": "the quorum can no longer be reached",
  deadline: "the deadline passed without a majority of 👍",
  "quorum-not-met": "the deadline passed without the quorum",
};

function statusLine(record: VoteRecord, decision: VoteDecision | undefined): string {
  const n = record.electorate.length;
  switch (record.state) {
    case "open":
      return `**Status: open** until ${formatInstant(record.deadline)}${record.extended ? " (extended once)" : ""}. It closes earlier as soon as the outcome cannot change.`;
    case "passed":
    case "failed": {
      const why = decision && decision.status !== "open" ? `: ${REASONS[decision.reason]}` : "";
      const at = record.closed ? ` on ${formatInstant(record.closed.at)}` : "";
      return `**Result: ${record.state.toUpperCase()}**${at}${why} (${yesNeeded(n)} of ${n} 👍 needed).`;
    }
    case "cancelled": {
      const by = record.closed?.by ? ` by ${escapeUntrusted(record.closed.by.login)}` : "";
      const at = record.closed ? ` on ${formatInstant(record.closed.at)}` : "";
      const reason = record.closed?.reason ? `: ${escapeUntrusted(record.closed.reason, 500)}` : "";
      return `**Cancelled**${at}${by}${reason}. The tally below is the state at cancellation; it no longer changes.`;
    }
  }
}

export function renderVoteComment(input: VoteCommentInput): string {
  const { record, tally } = input;
  const open = record.state === "open";
  const lines = [input.marker, renderVoteRecord(record, input.signingKey)];
  if (input.notice) lines.push(`> [!NOTE]\n> ${input.notice}`, "");
  lines.push(
    `## 🗳️ Vote: ${describeQuestion(record)}`,
    "",
    statusLine(record, input.decision),
    "",
  );
  if (open) {
    lines.push(
      "**How to vote:** react to this comment with 👍 to approve or 👎 to reject. Only the electorate below counts; reacting with both counts as abstaining.",
      "",
    );
  }
  lines.push(
    `**Rule:** ${describeRule(record)}`,
    "",
    `### ${open ? "Live tally" : "Final tally"}`,
    "",
    "| 👍 yes | 👎 no | abstained | not voted |",
    "|---|---|---|---|",
    `| ${tally.yes.length} | ${tally.no.length} | ${tally.abstained.length} | ${tally.notVoted.length} |`,
    "",
    `- 👍 yes: ${people(tally.yes, false)}`,
    `- 👎 no: ${people(tally.no, false)}`,
  );
  if (tally.abstained.length > 0) {
    lines.push(
      `- Abstained (reacted both 👍 and 👎): ${people(tally.abstained, false)}${open ? " — remove one of the two reactions to have your vote counted" : ""}`,
    );
  }
  lines.push(`- Not voted${open ? " yet" : ""}: ${people(tally.notVoted, false)}`);
  if (tally.late.length > 0) {
    lines.push(`- Late, after the deadline, not counted: ${people(tally.late, false)}`);
  }
  if (tally.ignored.length > 0) {
    lines.push(`- Ignored, not in the electorate: ${people(tally.ignored, false)}`);
  }
  lines.push(
    "",
    `### Electorate (${record.electorate.length})`,
    "",
    `Active members when the vote opened on ${formatInstant(record.opened)}; ${escapeUntrusted(record.subject.login)} is the subject of the vote and does not vote.`,
    "",
    people(record.electorate, true, record.unresolved),
    ...(record.unresolved && record.unresolved.length > 0
      ? ["", `secwg could not notify ${record.unresolved.length === 1 ? "one elector" : `${record.unresolved.length} electors`} (id ${record.unresolved.join(", id ")}): the account no longer exists under that id.`]
      : []),
  );
  return lines.join("\n");
}

/** Shown when a vote comment's record fails verification: nothing is counted or acted on. */
export function renderTamperedNotice(reason: string): string {
  return [
    "⚠️ **This vote cannot be trusted:** " + reason + ".",
    "",
    "secwg will not count, close, merge or reject anything on the basis of an edited vote record. A signer (Chair, Co-Chair or Board Liaison) can end it with `/vote cancel <reason>`; a new request then starts a fresh vote.",
  ].join("\n");
}

/** A short answer to `/vote status`. */
export function renderStatusReply(record: VoteRecord, tally: Tally, url: string): string {
  const state = record.state === "open" ? `open until ${formatInstant(record.deadline)}` : record.state;
  return `Vote ${state}: ${tally.yes.length} 👍, ${tally.no.length} 👎, ${tally.abstained.length} abstained, ${tally.notVoted.length} not voted; ${yesNeeded(record.electorate.length)} of ${record.electorate.length} 👍 needed. Details: ${url}`;
}
