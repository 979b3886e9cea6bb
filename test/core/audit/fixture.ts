import { contentHash, type ApprovedContent } from "../../../src/core/reports/approval.js";
import { chainEntry, renderRecord, type LogEntryDraft, type LogRecord } from "../../../src/core/reports/report-log.js";
import { renderTrackerIssue } from "../../../src/core/reports/tracker-issue.js";
import { openVoteRecord, renderVoteRecord, voteMarker, type VoteRecord } from "../../../src/core/vote/vote-record.js";
import type { Reaction } from "../../../src/core/vote/vote-tally.js";
import type { IssueComment } from "../../../src/github/gateway.js";

/**
 * A small, clean history of a group: one published report (two signers approved the content as
 * published, with the release time) and one membership vote that passed by reactions before its
 * deadline. Each tamper test changes one thing. The advisory text holds a canary that no audit
 * output may contain.
 */

export const KEY = "audit-test-key";
export const BOT = { id: 99, login: "secwg[bot]", type: "Bot" };
export const STRANGER_BOT = { id: 77, login: "helper[bot]", type: "Bot" };
export const ALICE = { id: 1, login: "alice" };
export const BOB = { id: 2, login: "bob" };
export const CAROL = { id: 3, login: "carol" };
export const CANARY = "CANARY-7f3e-advisory-text";

export const GHSA = "GHSA-2c4m-59x8-3pjx";
export const TRACKER = "acme/security-tracker";
export const REPORT_ISSUE = 5;
export const RELEASE_AT = "2026-03-02T14:00:00.000Z";

export const ADVISORY: ApprovedContent = {
  summary: `Path traversal in the loader ${CANARY}`,
  description: `Details only the group may read ${CANARY}`,
  severity: "high",
  cvssVector: null,
  vulnerabilities: [{ ecosystem: "npm", name: "widget", vulnerableVersionRange: "< 2.1.0", patchedVersions: "2.1.0" }],
  cweIds: ["CWE-22"],
  credits: [],
  cveId: null,
};
export const APPROVED_HASH = contentHash(ADVISORY, RELEASE_AT);

function entry(event: LogEntryDraft["event"], actor: { id: number; login: string }, at: string, key: string, data: Record<string, unknown> = {}): LogEntryDraft {
  return { ghsa: GHSA, event, actor, at, key, data };
}

export function logDrafts(options: { approvers?: Array<{ id: number; login: string }>; approvedHash?: string } = {}): LogEntryDraft[] {
  const app = { id: BOT.id, login: BOT.login };
  const approvers = options.approvers ?? [ALICE, BOB];
  return [
    entry("reported", app, "2026-02-01T10:00:00.000Z", "intake", { repo: "acme/widget", reportedAt: "2026-02-01T09:00:00Z" }),
    entry("acknowledged", ALICE, "2026-02-02T10:00:00.000Z", "101-1"),
    entry("triaged", ALICE, "2026-02-03T10:00:00.000Z", "102-1", { outcome: "valid" }),
    entry("embargo-set", ALICE, "2026-02-10T10:00:00.000Z", "103-1", { releaseAt: RELEASE_AT, preNotifyAt: "2026-02-23T14:00:00.000Z" }),
    ...approvers.map((a, i) => entry("approved", a, `2026-02-2${i}T10:00:00.000Z`, `${110 + i}-1`, { hash: options.approvedHash ?? APPROVED_HASH })),
    entry("published", app, "2026-03-02T14:00:05.000Z", "published"),
  ];
}

export function chain(drafts: readonly LogEntryDraft[], key = KEY): LogRecord[] {
  const records: LogRecord[] = [];
  for (const d of drafts) records.push(chainEntry(d, records.at(-1) ?? null, key));
  return records;
}

export function comment(id: number, body: string, user: { id: number; login: string; type?: string } = BOT): IssueComment {
  return { id, body, user, html_url: "", created_at: "2026-02-01T00:00:00Z", updated_at: "2026-02-01T00:00:00Z" };
}

export function logComments(records: readonly LogRecord[]): IssueComment[] {
  return records.map((r, i) => comment(1000 + i, `**${r.event}**\n${renderRecord(r)}`));
}

export const TRACKER_ISSUE_BODY = renderTrackerIssue({
  advisory: { ghsaId: GHSA, owner: "acme", repo: "widget", htmlUrl: "https://github.com/acme/widget/security/advisories/GHSA-2c4m-59x8-3pjx", severity: "high" },
  reportedAt: "2026-02-01T09:00:00Z",
  ackDueAt: "2026-02-04T09:00:00Z",
  assignee: null,
  requiredApprovals: 2,
  preNotificationDays: 7,
  timeZone: "UTC",
}).body;

export const VOTE_REF = { owner: "acme", repo: "security-wg", issue_number: 7 };
export const VOTE_TARGET = "acme/security-wg#7";
export const DANA = { id: 50, login: "dana" };

/** A membership vote opened on 1 February for 7 days; passed when closed on the 8th. */
export function closedVote(state: VoteRecord["state"] = "passed", closedAt = "2026-02-08T10:30:00.000Z"): VoteRecord {
  const open = openVoteRecord({ kind: "membership", target: VOTE_TARGET, subject: DANA, members: [ALICE, BOB, CAROL], opened: new Date("2026-02-01T10:00:00Z"), durationDays: 7 });
  return { ...open, state, closed: { at: closedAt } };
}

export function voteComment(record: VoteRecord, key = KEY, id = 500): IssueComment {
  return comment(id, `${voteMarker(VOTE_REF)}\n**Vote ${record.state}**\n${renderVoteRecord(record, key)}`);
}

/** Replaces the signed payload of a vote comment by another record, keeping the old signature (an edit by hand). */
export function editVoteRecord(original: IssueComment, edited: VoteRecord): IssueComment {
  const signature = /vote-record:[^.]+\.([^\s>]+)/.exec(original.body)?.[1] as string;
  const payload = Buffer.from(JSON.stringify(edited), "utf8").toString("base64url");
  return { ...original, body: original.body.replace(/vote-record:[^\s>]+/, `vote-record:${payload}.${signature}`) };
}

export const ON_TIME: Reaction[] = [
  { user: ALICE, content: "+1", created_at: "2026-02-02T11:00:00Z" },
  { user: BOB, content: "+1", created_at: "2026-02-03T11:00:00Z" },
  { user: CAROL, content: "-1", created_at: "2026-02-04T11:00:00Z" },
];

export function voteLogBody(state: string): string {
  return `<!-- secwg:vote-log:${VOTE_TARGET} -->\n**membership vote on ${VOTE_TARGET}** (subject @dana): **${state}**`;
}
