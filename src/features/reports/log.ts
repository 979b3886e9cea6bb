import { ConcurrentWriteError } from "../../errors.js";
import { chainEntry, earlierClaim, trustedRecords, type LogEntryDraft, type LogRecord, type RejectedRecord } from "../../core/reports/report-log.js";
import { isOurs } from "../../core/identity.js";
import { reportUntrustedRecord } from "./untrusted-records.js";
import { renderLogEntry } from "../../core/reports/report-messages.js";
import { foldReport, type ReportFacts } from "../../core/reports/report-state.js";
import type { IssueComment, IssueRef, RepoRef } from "../../github/gateway.js";
import type { FeatureEnv } from "../env.js";
import { wasWritten } from "../../github/recording-gateway.js";

export interface ReportLog {
  comments: IssueComment[];
  /** The verified chain (`trustedRecords`): nothing else is folded into `facts`. */
  records: LogRecord[];
  facts: ReportFacts;
  /** Every marker present in secwg's own comments (reminders, replies, entries). */
  posted: Set<string>;
  /** Records in secwg's comments that do not verify, belong elsewhere or break the chain: ignored. */
  rejected: RejectedRecord[];
}

/**
 * The repository of the advisory a tracker issue tracks, from secwg's own `reported` log entry,
 * never from the issue's text (anyone who can edit the issue could point it elsewhere). Null when
 * the log has no such entry or it names a repository outside `owner` (the installation's account).
 */
export function advisoryRepoOf(log: ReportLog, owner: string): RepoRef | null {
  const [repoOwner, repo, extra] = (log.facts.repo ?? "").split("/");
  if (!repoOwner || !repo || extra !== undefined) return null;
  if (repoOwner.toLowerCase() !== owner.toLowerCase()) return null;
  return { owner: repoOwner, repo };
}

/**
 * Reads a report's log: only comments the app itself wrote (`isOurs`) are read, and of their
 * records only the verified chain of this report counts (`trustedRecords`). A record that does not
 * verify is ignored and, outside a dry run, reported once in the tracker issue to the signers.
 */
export async function readReportLog(env: FeatureEnv, issue: IssueRef, ghsa: string): Promise<ReportLog> {
  const [comments, self] = await Promise.all([env.gateway.listAllComments(issue), env.gateway.self()]);
  const ours = comments.filter((c) => isOurs(c.user, self));
  const { records, rejected } = trustedRecords(ours.map((c) => ({ id: c.id, body: c.body })), ghsa, env.signingKey);
  const posted = new Set<string>();
  for (const c of ours) for (const m of c.body.matchAll(/<!-- secwg:[a-z][a-z0-9-]*:[^\s>]+ -->/g)) posted.add(m[0]);
  const log = { comments, records, facts: foldReport(ghsa, records), posted, rejected };
  await reportRejectedRecords(env, issue, log);
  return log;
}

const REJECTION_WORDS: Record<RejectedRecord["reason"], string> = {
  unreadable: "holds a log record that cannot be read",
  forged: "holds a log record whose signature does not verify (it was written or changed without secwg's key)",
  foreign: "holds a log record of another report",
  unchained: "holds a log record that does not follow the previous entry (an entry is missing or out of order)",
  superseded: "",
};

/** Tells the signers, once per comment (keyed marker, shared with votes and reviews), that a record in it is ignored. */
async function reportRejectedRecords(env: FeatureEnv, issue: IssueRef, log: Pick<ReportLog, "comments" | "rejected" | "posted">): Promise<void> {
  for (const rejected of log.rejected) {
    if (rejected.reason === "superseded") continue;
    await reportUntrustedRecord(
      env,
      {
        commentId: rejected.commentId,
        url: log.comments.find((c) => c.id === rejected.commentId)?.html_url ?? null,
        what: REJECTION_WORDS[rejected.reason],
        consequence: "secwg ignores it: the report's state comes only from entries secwg signed, in order.",
      },
      { issue, posted: log.posted },
    );
  }
}

/**
 * Appends one chained, signed entry to the tracker issue (one comment), then reads the log back:
 * a webhook and the sweep, or two replicas, may have chained after the same entry at once. The
 * run whose comment came second deletes it; if the other entry records the same thing (the same
 * idempotency key) nothing is lost, otherwise it throws `ConcurrentWriteError` and the event is run
 * again on the log as it is now. Costs one read more than the write.
 */
export async function appendEntry(
  env: FeatureEnv,
  issue: IssueRef,
  previous: LogRecord | null,
  draft: LogEntryDraft,
  note?: string,
): Promise<LogRecord> {
  const record = chainEntry(draft, previous, env.signingKey);
  const where = { ghsa: draft.ghsa, event: draft.event, seq: record.seq, issue: issue.issue_number };
  const created = await env.gateway.createComment(
    issue,
    renderLogEntry(record, { releaseTeam: env.config.reports.releaseTeam, requiredApprovals: env.config.reports.requiredApprovals, ...(note ? { note } : {}) }),
  );
  // A dry run's entry was not posted (nor, on a new report, its issue opened): nothing to read back.
  if (!wasWritten(created)) return record;
  const [comments, self] = await Promise.all([env.gateway.listAllComments(issue), env.gateway.self()]);
  const earlier = earlierClaim(
    comments.filter((c) => isOurs(c.user, self)).map((c) => ({ id: c.id, body: c.body })),
    { record, commentId: created.id },
    env.signingKey,
  );
  if (earlier) {
    await env.gateway.deleteComment(issue, created.id);
    if (earlier.key === record.key && earlier.event === record.event) {
      env.log.info(where, "report log entry already written by a concurrent run");
      return earlier;
    }
    env.log.warn(where, "report log entry gave way to a concurrent entry; running again");
    throw new ConcurrentWriteError(`entry #${record.seq} of the report log`);
  }
  env.log.info(where, "report log entry appended");
  return record;
}
