import { resolveRepo } from "../../core/repositories.js";
import { planPublishBoardReport } from "../../core/board-report/plan.js";
import { parseQuarter, quarterLabel, type Quarter } from "../../core/board-report/quarter.js";
import { BOARD_REPORT_MARKER_KIND } from "../../core/board-report/render.js";
import {
  planApproveReport,
  planPublishReport,
  renderSignOffEntry,
  signOffLogKey,
  type BoardReportCommand,
  type SignOffLog,
} from "../../core/board-report/sign-off.js";
import { parseMarkers } from "../../core/marker.js";
import { chainEntry, collectRecords, earlierClaim, verifyLog, type LogActor, type LogEntryDraft, type LogRecord } from "../../core/reports/report-log.js";
import { ConcurrentWriteError } from "../../errors.js";
import type { Gateway, IssueComment, IssueRef } from "../../github/gateway.js";
import { isOurs, type AppIdentity } from "../../core/identity.js";
import { applyEffects } from "../apply-effects.js";
import { planQuarterReport } from "./build.js";

/**
 * `/approve-report` and `/publish-report` on a quarter's report issue: gather (the report as
 * computed now, the issue's sign-off log) → decide (`src/core/board-report/sign-off.ts`) → apply.
 */

/** The quarter of a board-report issue, from its marker; null for any other issue. */
export function boardReportQuarter(body: string | null | undefined): Quarter | null {
  const marker = parseMarkers(body).find((m) => m.kind === BOARD_REPORT_MARKER_KIND);
  return marker ? parseQuarter(marker.key) : null;
}

/** Which comments may hold secwg's sign-off records: only the app's own bot account's. */
function ownComments(comments: readonly IssueComment[], self: AppIdentity): IssueComment[] {
  return comments.filter((c) => isOurs(c.user, self));
}

/**
 * The issue's sign-off log: secwg's own records for this quarter, accepted only when the whole chain
 * and every signature verify. No records is an empty, valid log.
 */
export function readSignOffLog(comments: readonly IssueComment[], quarter: string, signingKey: string, self: AppIdentity): SignOffLog {
  const records = collectRecords(
    ownComments(comments, self).map((c) => ({ id: c.id, body: c.body, userType: c.user?.type })),
    signOffLogKey(quarter),
  );
  const verification = verifyLog(records, signingKey);
  return verification.ok ? { ok: true, records } : { ok: false, reason: verification.problems[0]?.message ?? "unverifiable" };
}

/**
 * Appends one signed entry and reads the log back; the entry whose comment came second gives way
 * (deleted; `ConcurrentWriteError` unless the other entry records the same key).
 */
async function appendSignOffEntry(gateway: Gateway, issue: IssueRef, previous: LogRecord | null, draft: LogEntryDraft, signingKey: string): Promise<LogRecord> {
  const record = chainEntry(draft, previous, signingKey);
  const created = await gateway.createComment(issue, renderSignOffEntry(record));
  const [comments, self] = await Promise.all([gateway.listAllComments(issue), gateway.self()]);
  const earlier = earlierClaim(
    ownComments(comments, self).map((c) => ({ id: c.id, body: c.body, userType: c.user?.type })),
    { record, commentId: created.id },
  );
  if (!earlier) return record;
  await gateway.deleteComment(issue, created.id);
  if (earlier.key === record.key && earlier.event === record.event) return earlier;
  throw new ConcurrentWriteError(`entry #${record.seq} of the board report's sign-off log`);
}

export interface SignOffCommandInput {
  command: BoardReportCommand;
  owner: string;
  issue: IssueRef;
  issueBody: string;
  quarter: Quarter;
  actor: LogActor;
  /** `<comment id>-<line>`: a redelivered comment finds its own entry and does nothing. */
  key: string;
  now: Date;
  signingKey: string;
  isSigner(id: number): boolean;
}

/** Runs one sign-off command; returns the reply to post (null when the command was already handled). */
export async function runSignOffCommand(gateway: Gateway, input: SignOffCommandInput): Promise<string | null> {
  const label = quarterLabel(input.quarter);
  const [comments, self] = await Promise.all([gateway.listAllComments(input.issue), gateway.self()]);
  const log = readSignOffLog(comments, label, input.signingKey, self);
  if (log.ok && log.records.some((r) => r.key === input.key || r.data.command === input.key)) return null;

  const built = await planQuarterReport(gateway, { owner: input.owner, quarter: input.quarter, signingKey: input.signingKey });
  const decisionInput = { quarter: label, markdown: built.markdown, issueBody: input.issueBody, log, actor: input.actor, key: input.key, at: input.now.toISOString(), isSigner: input.isSigner };
  const decision = input.command === "approve-report" ? planApproveReport(decisionInput) : planPublishReport(decisionInput);
  const who = `@${input.actor.login}`;
  switch (decision.kind) {
    case "done":
      return decision.message;
    case "refuse":
      if (decision.regenerate) await applyEffects(gateway, built.effects);
      return `${who} \`/${input.command}\` was not applied: ${decision.reason}.`;
    case "accept": {
      const previous = log.ok ? (log.records.at(-1) ?? null) : null;
      if (input.command === "approve-report") {
        const record = await appendSignOffEntry(gateway, input.issue, previous, decision.draft, input.signingKey);
        return `${who} approved the ${label} report (content ${String(record.data.contentHash).slice(0, 12)}). A signer can now \`/publish-report\`.`;
      }
      const group = resolveRepo(built.config.group.repo, input.owner);
      const [applied] = await applyEffects(gateway, planPublishBoardReport(built.stats, group));
      const pull = applied?.pull ? `${group.owner}/${group.repo}#${applied.pull}` : `${group.owner}/${group.repo}`;
      await appendSignOffEntry(gateway, input.issue, previous, { ...decision.draft, data: { ...decision.draft.data, pull } }, input.signingKey);
      return `${who} proposed the ${label} report to the group repository: ${pull}.`;
    }
  }
}
