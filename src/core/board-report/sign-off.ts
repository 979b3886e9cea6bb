import { createHash } from "node:crypto";
import { SIGNERS } from "../authorisation.js";
import { noArgs, type CommandSpec } from "../commands.js";
import { entryMarker, renderRecord, type LogActor, type LogEntryDraft, type LogRecord } from "../reports/report-log.js";

/**
 * Sign-off of a quarter's board report. The report issue in the tracker carries its own signed,
 * hash-chained log (the report log's records, keyed `board-report-2026-Q4` instead of a GHSA id):
 * `/approve-report` appends an `approved` record bound to the SHA-256 of the report's Markdown as
 * secwg computes it now; `/publish-report` proposes the public copy only when an approval by a
 * current signer is bound to exactly the content it would publish. A report that changed after its
 * approval (a late triage, a regenerated issue) needs a new approval.
 */

export type BoardReportCommand = "approve-report" | "publish-report";

export const BOARD_REPORT_SPECS: readonly CommandSpec[] = (["approve-report", "publish-report"] as const).map((name) => ({
  name,
  usage: `/${name}`,
  summary: name === "approve-report" ? "sign off the quarter's board report as it reads now" : "propose the approved board report to the group repository",
  permission: SIGNERS,
  parseArgs: (args: string[], rest: string) => {
    const parsed = noArgs(args, rest);
    return parsed.ok ? { ok: true as const, value: name } : parsed;
  },
}));

/** The log key (in place of a GHSA id) of a quarter's sign-off log. */
export function signOffLogKey(quarter: string): string {
  return `board-report-${quarter}`;
}

/** SHA-256 of the report's Markdown: what an approval is bound to. */
export function reportContentHash(markdown: string): string {
  return createHash("sha256").update(markdown, "utf8").digest("hex");
}

export type SignOffLog = { ok: true; records: readonly LogRecord[] } | { ok: false; reason: string };

export type SignOffDecision =
  | { kind: "refuse"; reason: string; regenerate?: boolean }
  | { kind: "done"; message: string }
  | { kind: "accept"; draft: LogEntryDraft };

export interface SignOffInput {
  quarter: string;
  /** The report's Markdown as computed now from the verified logs. */
  markdown: string;
  /** The tracker issue's body as the signer sees it. */
  issueBody: string;
  log: SignOffLog;
  actor: LogActor;
  /** Idempotency key: the command comment and line. */
  key: string;
  at: string;
  /** Whether a user id holds a signer role today. */
  isSigner(id: number): boolean;
}

function publishedRecord(records: readonly LogRecord[]): LogRecord | undefined {
  return records.find((r) => r.event === "published");
}

/** The approvals that still count for `hash`: bound to it, and by someone who is a signer today. */
export function approvalsFor(records: readonly LogRecord[], hash: string, isSigner: (id: number) => boolean): LogRecord[] {
  const seen = new Set<number>();
  return records.filter((r) => {
    if (r.event !== "approved" || r.data.contentHash !== hash || !isSigner(r.actor.id) || seen.has(r.actor.id)) return false;
    seen.add(r.actor.id);
    return true;
  });
}

/** `/approve-report`: binds the signer's approval to the content the issue shows and secwg computes. */
export function planApproveReport(input: SignOffInput): SignOffDecision {
  if (!input.log.ok) return { kind: "refuse", reason: `the sign-off log of this report does not verify (${input.log.reason}); nothing can be approved here` };
  const records = input.log.records;
  if (publishedRecord(records)) return { kind: "refuse", reason: `the ${input.quarter} report has already been proposed for publication` };
  if (!input.issueBody.includes(input.markdown)) {
    return { kind: "refuse", reason: "the report changed since this issue was written; it has been regenerated, please review it again", regenerate: true };
  }
  const hash = reportContentHash(input.markdown);
  if (approvalsFor(records, hash, input.isSigner).some((r) => r.actor.id === input.actor.id)) {
    return { kind: "done", message: `@${input.actor.login} you have already approved this version of the report (${hash.slice(0, 12)}).` };
  }
  return {
    kind: "accept",
    draft: { ghsa: signOffLogKey(input.quarter), event: "approved", actor: input.actor, at: input.at, key: input.key, data: { contentHash: hash, quarter: input.quarter } },
  };
}

/** `/publish-report`: only with a current signer's approval of exactly this content. */
export function planPublishReport(input: SignOffInput): SignOffDecision {
  if (!input.log.ok) return { kind: "refuse", reason: `the sign-off log of this report does not verify (${input.log.reason}); it cannot be published` };
  const records = input.log.records;
  const hash = reportContentHash(input.markdown);
  const published = publishedRecord(records);
  if (published) {
    return published.data.contentHash === hash
      ? { kind: "done", message: `The ${input.quarter} report has already been proposed: ${String(published.data.pull ?? "see the group repository")}.` }
      : { kind: "refuse", reason: `the ${input.quarter} report was already proposed with other content` };
  }
  if (approvalsFor(records, hash, input.isSigner).length === 0) {
    const stale = records.some((r) => r.event === "approved");
    return {
      kind: "refuse",
      reason: stale
        ? "the report changed after it was approved; a signer must `/approve-report` the current version first"
        : "no signer has approved this report yet (`/approve-report`)",
      regenerate: stale,
    };
  }
  return {
    kind: "accept",
    draft: { ghsa: signOffLogKey(input.quarter), event: "published", actor: input.actor, at: input.at, key: "published", data: { contentHash: hash, quarter: input.quarter, command: input.key } },
  };
}

/** One comment of the sign-off log: a line for people, the signed record for secwg. */
export function renderSignOffEntry(record: LogRecord, note?: string): string {
  const hash = String(record.data.contentHash ?? "").slice(0, 12);
  const what = record.event === "approved" ? `approved by @${record.actor.login} (content ${hash})` : `proposed for publication by @${record.actor.login} (content ${hash})`;
  return [entryMarker(record.ghsa, record.key), `**Sign-off #${record.seq}** · ${what}`, ...(note ? ["", note] : []), "", renderRecord(record)].join("\n");
}
