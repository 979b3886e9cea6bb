/**
 * The one checklist comment secwg keeps on a security-sensitive pull request: which rules fired,
 * where, and what to check for each. It also carries secwg's own state for the pull request in a
 * signed hidden record, so that the next event (or another replica) knows what secwg did before
 * without any database. Pure and deterministic: same input, same body.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { renderMarker } from "../marker.js";
import { escapeUntrusted } from "../markdown-escape.js";
import type { FiredRule, RuleHit } from "./detect.js";
import { oneLine, type SkipRecord } from "./review-gate.js";
import type { HeadSeen } from "./waiver.js";

export const CHECKLIST_MARKER_KIND = "review-checklist";

export function checklistMarker(prNumber: number): string {
  return renderMarker(CHECKLIST_MARKER_KIND, String(prNumber));
}

/** What secwg remembers about a pull request between events. */
export interface ReviewRecord {
  v: 1;
  /** secwg put the review label on; only then may it take it off again. */
  labelAdded: boolean;
  /** Someone ran `/security-review`: review stays needed even if no rule fires. */
  forced: { by: number; login: string; at: string } | null;
  skip: SkipRecord | null;
  /** Ids secwg asked for review: they stay engaged, so a push never re-rolls or re-notifies. */
  asked?: number[];
  /** Ids GitHub refused as reviewers (e.g. not collaborators): not tried again on every event. */
  unreachable?: number[];
  /** The head secwg first saw and when (GitHub's time): a skip binds to the head its signer saw. */
  head?: HeadSeen;
  /** Ids of everyone who pushed to the pull request (`sender` of `synchronize`): they cannot approve or waive it. */
  pushers?: number[];
}

export const EMPTY_RECORD: ReviewRecord = { v: 1, labelAdded: false, forced: null, skip: null };

const RECORD_PATTERN = /<!-- secwg-review-record:([A-Za-z0-9_-]+)\.([0-9a-f]{32}) -->/g;

/** `owner/repo#number`: the pull request a review record belongs to. */
export function reviewTarget(ref: { owner: string; repo: string; issue_number: number }): string {
  return `${ref.owner}/${ref.repo}#${ref.issue_number}`;
}

/**
 * The HMAC covers the kind (`review-record`), the pull request (`owner/repo#number`) and the
 * payload: a record copied into another pull request's thread, or into any other kind of record,
 * does not verify there.
 */
function sign(payload: string, key: string, target: string): string {
  return createHmac("sha256", key).update(`review-record:${target}:${payload}`).digest("hex").slice(0, 32);
}

/** The hidden record line: base64url JSON plus an HMAC bound to `target`, so only secwg can write a valid one. */
export function renderRecord(record: ReviewRecord, key: string, target: string): string {
  // One key order whatever order the record was built in, so the same record renders the same line.
  const { v, labelAdded, forced, skip, asked, unreachable, head, pushers } = record;
  const ordered = { v, labelAdded, forced, skip, asked, unreachable, head, pushers };
  const payload = Buffer.from(JSON.stringify(ordered), "utf8").toString("base64url");
  return `<!-- secwg-review-record:${payload}.${sign(payload, key, target)} -->`;
}

/** A review record as read: verified, absent (no checklist comment yet), or untrusted. */
export type ReadRecord =
  | { kind: "ok"; record: ReviewRecord }
  | { kind: "missing" }
  | { kind: "untrusted"; reason: "removed" | "several" | "forged" | "unreadable" };

/**
 * Reads the record of secwg's checklist comment. secwg writes exactly one signed record in every
 * checklist comment, so a comment with none, with more than one (a second can only have been
 * smuggled in), or with one whose signature does not verify for this pull request (hand-edited,
 * forged, or copied from another pull request) is `untrusted`. `body` null: no comment yet.
 */
export function readRecord(body: string | null | undefined, key: string, target: string): ReadRecord {
  if (body === null || body === undefined) return { kind: "missing" };
  const matches = [...body.matchAll(RECORD_PATTERN)];
  if (matches.length === 0) return { kind: "untrusted", reason: "removed" };
  if (matches.length > 1) return { kind: "untrusted", reason: "several" };
  const [, payload = "", signature = ""] = matches[0] as RegExpMatchArray;
  const expected = Buffer.from(sign(payload, key, target), "utf8");
  if (!timingSafeEqual(expected, Buffer.from(signature, "utf8"))) return { kind: "untrusted", reason: "forged" };
  try {
    const value = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<ReviewRecord>;
    if (value.v !== 1) return { kind: "untrusted", reason: "unreadable" };
    return {
      kind: "ok",
      record: {
        v: 1,
        labelAdded: value.labelAdded === true,
        forced: value.forced ?? null,
        skip: value.skip ?? null,
        ...(Array.isArray(value.asked) ? { asked: value.asked.filter(Number.isInteger) } : {}),
        ...(Array.isArray(value.unreachable) ? { unreachable: value.unreachable.filter(Number.isInteger) } : {}),
        ...(value.head && typeof value.head.sha === "string" && typeof value.head.seenAt === "string" ? { head: { sha: value.head.sha, seenAt: value.head.seenAt } } : {}),
        ...(Array.isArray(value.pushers) ? { pushers: value.pushers.filter(Number.isInteger) } : {}),
      },
    };
  } catch {
    return { kind: "untrusted", reason: "unreadable" };
  }
}

/** The verified record, or the empty record when there is none or it does not verify (grants nothing). */
export function parseRecord(body: string | null | undefined, key: string, target: string): ReviewRecord {
  const read = readRecord(body, key, target);
  return read.kind === "ok" ? read.record : EMPTY_RECORD;
}

/**
 * The state after an untrusted record: secwg cannot tell what was decided, so the gate needs a
 * fresh decision. Review is required (as if someone ran `/security-review`, by secwg itself: id 0),
 * no waiver survives, and the label counts as a person's (secwg never takes it off). Never "passed",
 * never "not needed": a member's `/security-review` or a signer's waiver cannot be dropped by an edit.
 */
export function failClosedRecord(at: string): ReviewRecord {
  return { v: 1, labelAdded: false, forced: { by: 0, login: "", at }, skip: null };
}

/** A review forced by `failClosedRecord`, not by a person. */
export function forcedBySecwg(record: ReviewRecord): boolean {
  return record.forced !== null && record.forced.by === 0;
}

export interface ChecklistInput {
  /** `https://github.com/OWNER/REPO` (the repository's `html_url`, so GitHub Enterprise works). */
  repoUrl: string;
  prNumber: number;
  headSha: string;
  baseSha: string;
  needsReview: boolean;
  fired: readonly FiredRule[];
  /** Who asked for review by hand (label or command), in words; null when only rules decided. */
  requestedBy: string | null;
  /** Logins of the requested reviewers (kept and newly asked). */
  reviewers: readonly string[];
  draft: boolean;
  skip: SkipRecord | null;
  record: ReviewRecord;
  signingKey: string;
  /** `owner/repo#number` (`reviewTarget`): the record is signed for this pull request only. */
  target: string;
}

const MAX_HITS_SHOWN = 10;

/** The full comment body, marker first and record last. */
export function renderChecklist(input: ChecklistInput): string {
  const lines: string[] = [checklistMarker(input.prNumber), "### Security review checklist", ""];
  const short = input.headSha.slice(0, 7);
  if (!input.needsReview) {
    lines.push(`As of commit \`${short}\`, no security review rule fires on this pull request any more, so no security review is needed.`);
  } else {
    lines.push(
      `This pull request needs security review: a member of the security working group has to approve the latest commit (now \`${short}\`) with a normal GitHub review before the \`secwg / security review\` check passes. Each new commit needs a new approval.`,
    );
    if (input.requestedBy) lines.push("", `Review was requested by ${input.requestedBy}.`);
    for (const rule of input.fired) lines.push("", ...renderRule(rule, input));
    lines.push("", "---");
    if (input.skip && input.skip.sha === input.headSha) {
      lines.push(`Review of \`${short}\` was skipped by ${escapeUntrusted(input.skip.login)}: ${escapeUntrusted(oneLine(input.skip.reason), 500)}`);
    } else if (input.draft) {
      lines.push("This is a draft: reviewers are asked once it is marked ready for review.");
    } else if (input.reviewers.length > 0) {
      // GitHub notifies requested reviewers itself: the names are shown, never mentioned.
      lines.push(`Reviewers: ${input.reviewers.map((l) => escapeUntrusted(l)).join(", ")}.`);
    } else {
      lines.push("No eligible reviewer could be asked (the author cannot review their own change, and members marked `away` are skipped).");
    }
    lines.push(
      `A signer (Chair, Co-Chair or Board Liaison) who did not author, commit or push commits in this pull request can skip review of the current commit with \`/security-review skip ${input.headSha} <reason>\`.`,
    );
  }
  lines.push("", renderRecord(input.record, input.signingKey, input.target));
  return lines.join("\n");
}

function renderRule(rule: FiredRule, input: ChecklistInput): string[] {
  const out = [`#### \`${rule.id}\``, "", rule.message];
  const hits = rule.hits.slice(0, MAX_HITS_SHOWN).map((hit) => `- ${renderHit(hit, input)}`);
  if (hits.length > 0) {
    out.push("", "Found in:", ...hits);
    const more = rule.hits.length - MAX_HITS_SHOWN;
    if (more > 0) out.push(`- … and ${more} more`);
  }
  if (rule.checklist.length > 0) out.push("", "Check:", ...rule.checklist.map((item) => `- [ ] ${oneLine(item)}`));
  return out;
}

function renderHit(hit: RuleHit, input: ChecklistInput): string {
  switch (hit.where) {
    case "capped":
      return "more files than GitHub lists (3,000): the rest of the pull request was not checked";
    case "metadata":
      return "the title, description or labels";
    default:
      break;
  }
  const file = hit.file ?? "";
  // A file name is the pull request author's text: escaped, never in a code span (escapes do not work there).
  const shown = escapeUntrusted(file, 300);
  if (hit.where === "missing-patch") return `${shown} (diff too large for GitHub to show: review it by hand)`;
  if (hit.where === "path") return `[${shown}](${blobUrl(input.repoUrl, input.headSha, file)})`;
  if (hit.line === undefined) return shown;
  if (hit.where === "context") {
    return `[${shown}:${hit.line}](${blobUrl(input.repoUrl, input.headSha, file)}#L${hit.line}) (the class or function the change is in)`;
  }
  if (hit.where === "head") {
    return `[${shown}:${hit.line}](${blobUrl(input.repoUrl, input.headSha, file)}#L${hit.line}) (what the file imports, unchanged by the pull request)`;
  }
  if (hit.where === "removed") {
    return `[${shown}:${hit.line}](${blobUrl(input.repoUrl, input.baseSha, file)}#L${hit.line}) (removed line)`;
  }
  return `[${shown}:${hit.line}](${blobUrl(input.repoUrl, input.headSha, file)}#L${hit.line})`;
}

/** `https://github.com/{owner}/{repo}/blob/{sha}/{path}`, each path segment URL-encoded. */
export function blobUrl(repoUrl: string, sha: string, path: string): string {
  return `${repoUrl.replace(/\/+$/, "")}/blob/${sha}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/**
 * Keeps the boxes reviewers ticked in the previous version of the comment: an item stays ticked
 * when the same item appears under the same rule. Without this, every push would untick them and
 * every later event would rewrite the comment.
 */
export function carryTicks(previous: string | null | undefined, next: string): string {
  if (!previous) return next;
  const ticked = new Set<string>();
  let heading = "";
  for (const line of previous.split("\n")) {
    if (line.startsWith("#### ")) heading = line;
    const item = /^- \[[xX]\] (.*)$/.exec(line);
    if (item) ticked.add(`${heading}\n${item[1]}`);
  }
  if (ticked.size === 0) return next;
  heading = "";
  return next
    .split("\n")
    .map((line) => {
      if (line.startsWith("#### ")) heading = line;
      const item = /^- \[ \] (.*)$/.exec(line);
      return item && ticked.has(`${heading}\n${item[1]}`) ? `- [x] ${item[1]}` : line;
    })
    .join("\n");
}
