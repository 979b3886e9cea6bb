import { isoDay } from "../../core/dates.js";
import type { SecwgConfig } from "../../config/schema.js";
import { resolveRepo } from "../../core/repositories.js";
import { gatherRoster } from "../policy/gather.js";
import { renderMarker } from "../../core/marker.js";
import type { Gateway, IssueRef } from "../../github/gateway.js";
import { wasWritten } from "../../github/recording-gateway.js";

/**
 * One way to say "secwg found one of its records that does not verify, and ignored it": report
 * logs, vote records and review records share it. The report goes to the private tracker, once per
 * comment (marker `secwg:untrusted-record:<comment id>`), to the signers, mentioned by the login
 * their roster id has now. It never quotes the record or anything else from the comment: only its
 * address (GitHub's `html_url`) and secwg's own words for what is wrong.
 */
export interface UntrustedRecordEnv {
  gateway: Gateway;
  config: SecwgConfig;
  /** The account that owns the tracker and group repositories. */
  owner: string;
  now: Date;
  log: { warn(obj: object, msg: string): void };
}

export interface UntrustedRecord {
  commentId: number;
  /** `html_url` of the comment (from GitHub), or null when unknown. */
  url: string | null;
  /** secwg's own words, e.g. "holds a vote record whose signature does not verify". */
  what: string;
  /** What secwg does instead, in its own words. */
  consequence: string;
}

/** The marker that makes the report idempotent: one per comment. */
export function untrustedRecordMarker(commentId: number): string {
  return renderMarker("untrusted-record", String(commentId));
}

const TRACKER_ISSUE_MARKER = renderMarker("untrusted-records", "all");

/**
 * Reports one untrusted record. `issue` is where (the report's own tracker issue for a log record);
 * without it, the tracker's one issue for records found outside a report is used (opened when
 * first needed). `posted` (markers already seen in that issue) saves a read when the caller has
 * just read the thread. A tracker that is not private gets nothing: it would be told where the
 * group's records were tampered with.
 */
export async function reportUntrustedRecord(
  env: UntrustedRecordEnv,
  found: UntrustedRecord,
  options: { issue?: IssueRef; posted?: Set<string> } = {},
): Promise<"reported" | "already-reported" | "skipped"> {
  const marker = untrustedRecordMarker(found.commentId);
  if (options.posted?.has(marker)) return "already-reported";
  env.log.warn({ comment: found.commentId }, "untrusted record ignored");
  let issue = options.issue;
  if (!issue) {
    const tracker = resolveRepo(env.config.group.tracker, env.owner);
    const info = await env.gateway.getRepository(tracker);
    if (!info.private) return "skipped";
    const { number } = await env.gateway.ensureIssue(tracker, TRACKER_ISSUE_MARKER, {
      title: "secwg: records that failed verification",
      body: "secwg keeps its state in signed records inside its own comments. Each comment below names a record that did not verify (edited, copied from elsewhere, or written without secwg's key): secwg ignored it. Check who edited the comment it points to.",
    });
    issue = { ...tracker, issue_number: number };
  }
  // A dry run's issue was not opened: nothing on it to read.
  const existing = options.posted || !wasWritten({ number: issue.issue_number }) ? null : await env.gateway.findComment(issue, marker);
  if (existing) return "already-reported";
  const signers = await signerMentions(env);
  const where = found.url ?? `comment ${found.commentId}`;
  await env.gateway.ensureComment(issue, marker, `${signers}: ${where} ${found.what}. ${found.consequence} Check who edited that comment.`);
  options.posted?.add(marker);
  return "reported";
}

/**
 * The signers as `@login`, each login resolved from the roster id now (a renamed account is named
 * by its new login, a re-registered old login is never mentioned). An id that no longer resolves is
 * named by id, so the reader knows someone could not be told.
 */
export async function signerMentions(env: Pick<UntrustedRecordEnv, "gateway" | "config" | "owner" | "now">): Promise<string> {
  const read = await gatherRoster(env.gateway, env.config, env.owner);
  if (!read.ok) return "Signers";
  const roster = read.value;
  const names: string[] = [];
  for (const signer of roster.signers(isoDay(env.now))) {
    const login = await env.gateway.getUserLogin(signer.id);
    names.push(login ? `@${login}` : `the signer with id ${signer.id} (account not found)`);
  }
  return names.length > 0 ? names.join(" ") : "Signers";
}
