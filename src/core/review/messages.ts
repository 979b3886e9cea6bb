/**
 * The security review's own words for its check runs and replies. Never echoes a command's
 * arguments or the pull request's text: only GitHub's commit ids and secwg's fixed sentences.
 */
import type { ReadRecord } from "./checklist.js";
import type { SkipDecision } from "./waiver.js";

export const CONFIG_INVALID_TITLE = "secwg configuration is invalid";
export const ROSTER_INVALID_TITLE = "secwg cannot tell who may approve";

/** The check's summary when the roster cannot be read; `problem` is secwg's own explanation. */
export function rosterInvalidSummary(problem: string): string {
  return `This pull request needs security review, but the roster cannot be read:\n\n${problem}`;
}

export const RECORD_PROBLEMS: Record<Extract<ReadRecord, { kind: "untrusted" }>["reason"], string> = {
  removed: "the record was removed",
  several: "the comment holds more than one record",
  forged: "written or changed without secwg's key, or copied from another pull request",
  unreadable: "the record cannot be read",
};

/** What the tracker is told about a checklist whose record does not verify; `target` is already escaped. */
export function untrustedRecordText(target: string, reason: keyof typeof RECORD_PROBLEMS): { what: string; consequence: string } {
  return {
    what: `holds a security review record for ${target} that does not verify (${RECORD_PROBLEMS[reason]})`,
    consequence: "secwg ignores it and requires security review of that pull request again: any earlier `/security-review` or waiver has to be given anew.",
  };
}

export const REQUESTED_BY_SECWG = "secwg itself, because its record in this comment did not verify (a fresh approval or waiver is needed)";

/** Who asked for review, when no rule did: `login` is already escaped. */
export function requestedByCommand(login: string): string {
  return `${login} with \`/security-review\``;
}

export function requestedByLabel(label: string): string {
  return `the \`${label}\` label`;
}

export const CLOSED_REPLY = "This pull request is closed, so secwg did not change its security review.";
export const NOTHING_TO_SKIP_REPLY = "No security review rule fires on this pull request, so there is nothing to skip.";

/** Why a skip was refused, in words. Shows only the head commit (GitHub's), never the command's arguments. */
export function refusal(why: Exclude<SkipDecision, { ok: true }>["why"], headSha: string): string {
  const short = headSha.slice(0, 7);
  const repeat = `If the changes in commit \`${short}\` need no review, repeat with the commit you checked: \`/security-review skip ${headSha} <reason>\`.`;
  switch (why) {
    case "self-service":
      return "You authored, committed or pushed commits in this pull request, so you cannot skip its security review. Another signer can, or a member who did not work on it can approve it.";
    case "other-commit":
      return `The commit named in the command is not the head of this pull request (now \`${short}\`), so secwg did not skip its security review. ${repeat}`;
    case "not-seen":
      return `secwg cannot tell that commit \`${short}\`, the head of this pull request now, was already its head when you wrote the command (it may have been pushed after), so it did not skip security review. ${repeat}`;
  }
}
