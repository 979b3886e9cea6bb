import { auditDecisions, type AuditRow } from "../../core/audit/audit.js";
import { AUDIT_ALERT_LABEL, AUDIT_ALERT_MARKER, auditFinished, isoWeek, planAuditAlert, type AlertIssue } from "../../core/audit/alert.js";
import type { EnsureOutcome, Gateway } from "../../github/gateway.js";
import { gatherAudit, privateTracker } from "./gather.js";

/** Gather → recompute: the rows `secwg audit` prints. */
export async function runAudit(gateway: Gateway, scope: { owner: string; signingKey: string; since: string | null; now?: Date }): Promise<AuditRow[]> {
  return auditDecisions(await gatherAudit(gateway, scope));
}

export type WeeklyAudit =
  | { kind: "already-audited"; week: string }
  | { kind: "audited"; week: string; rows: AuditRow[]; alert: AlertIssue; outcome: EnsureOutcome | "dry-run" };

/**
 * The sweep's weekly audit: skipped when the alert issue already records this ISO week (and its
 * close, when all agreed, was not interrupted); else the
 * whole history is audited and the alert issue is ensured open (something disagrees) or closed
 * (all agree), carrying the week.
 */
export async function weeklyAudit(gateway: Gateway, input: { owner: string; signingKey: string; now: Date }): Promise<WeeklyAudit> {
  const week = isoWeek(input.now);
  const { tracker } = await privateTracker(gateway, input.owner);
  const existing = (await gateway.listReportIssues(tracker, AUDIT_ALERT_LABEL, "all")).find((i) => i.body.includes(AUDIT_ALERT_MARKER));
  if (existing && auditFinished(existing, week)) return { kind: "already-audited", week };
  const rows = await runAudit(gateway, { owner: input.owner, signingKey: input.signingKey, since: null, now: input.now });
  const alert = planAuditAlert(rows, week);
  const { outcome } = await gateway.ensureIssue(
    tracker,
    alert.marker,
    { title: alert.title, body: alert.body, labels: alert.labels, state: alert.state, ...(alert.state === "closed" ? { state_reason: "completed" as const } : {}) },
    { findByLabel: AUDIT_ALERT_LABEL },
  );
  return { kind: "audited", week, rows, alert, outcome };
}
