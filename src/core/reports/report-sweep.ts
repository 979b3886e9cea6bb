import { renderMarker } from "../marker.js";
import type { Advisory } from "./advisory.js";
import { shortHash } from "./approval.js";
import { approvalStatusOf, planPublication, type CommandPlan, type ReportRules } from "./command-plan.js";
import { renderAckEscalation, renderAckReminder, renderApprovalStale, renderPreNotification, renderPublishBlocked, type Addressee } from "./report-messages.js";
import { phaseOf, type ReportFacts } from "./report-state.js";
import { addWorkingDays, type WorkingCalendar } from "./working-days.js";
import { isAckOverdue } from "./ack-deadline.js";

/**
 * What time passing means for one open report: reminders and escalation of a missing
 * acknowledgement, the pre-notification text, publication at the release time (only when the
 * approvals still match the content), and a warning when an edit invalidated an approval. Every
 * message is keyed by a marker so that it is posted once, however often the sweep runs.
 */
export type SweepAction =
  | { kind: "comment"; marker: string; body: string; what: string }
  | { kind: "publish"; plan: Extract<CommandPlan, { kind: "accept" }> };

export interface ReportSweepInput {
  facts: ReportFacts;
  /** The live advisory; null when the sweep did not need to read it (no release or approvals yet). */
  advisory: Advisory | null;
  now: Date;
  rules: ReportRules;
  calendar: WorkingCalendar;
  isSigner(id: number): boolean;
  /** Chairs and signers by the login their roster id resolves to now (see `Addressee`). */
  chairs: readonly Addressee[];
  signers: readonly Addressee[];
  /** The assignee by the login their id resolves to now; null when nobody is assigned. */
  assignee: Addressee | null;
  /** Markers already present in the tracker issue's comments. */
  posted: ReadonlySet<string>;
}

/** Whether the sweep must read the advisory to decide (saves a request per quiet report). */
export function needsAdvisory(facts: ReportFacts): boolean {
  return facts.publishedAt === null && facts.triage?.outcome === "valid" && (facts.embargo !== null || facts.approvals.length > 0);
}

export function planReportSweep(input: ReportSweepInput): SweepAction[] {
  const { facts, now, advisory } = input;
  const actions: SweepAction[] = [];
  const once = (marker: string, what: string, body: () => string) => {
    if (!input.posted.has(marker)) actions.push({ kind: "comment", marker, body: body(), what });
  };
  if (facts.publishedAt || (facts.triage && facts.triage.outcome !== "valid")) return actions;

  if (!facts.ackedAt && facts.ackDueAt) {
    const due = new Date(facts.ackDueAt);
    if (now.getTime() >= addWorkingDays(due, 1, input.calendar).getTime()) {
      once(renderMarker("ack-escalation", facts.ghsa), "ack escalation", () => renderAckEscalation(facts, input.chairs));
    } else if (isAckOverdue(facts.ackDueAt, now)) {
      once(renderMarker("ack-reminder", facts.ghsa), "ack reminder", () => renderAckReminder(facts, input.assignee));
    }
  }

  if (!advisory || facts.triage?.outcome !== "valid") return actions;
  const { status, hash } = approvalStatusOf({ facts, advisory, rules: input.rules, isSigner: input.isSigner });
  const phase = phaseOf(facts, status.satisfied);
  if (phase === "published" || phase === "closed") return actions;

  if (status.stale.length > 0 && !status.satisfied) {
    once(renderMarker("approval-stale", `${facts.ghsa}:${shortHash(hash)}`), "approval invalidated", () => renderApprovalStale(facts, status, hash));
  }
  if (facts.embargo) {
    const releaseKey = `${facts.ghsa}:${facts.embargo.releaseAt}`;
    if (now.getTime() >= Date.parse(facts.embargo.releaseAt)) {
      const plan = planPublication(advisory, status, "sweep");
      if (plan.kind === "accept") actions.push({ kind: "publish", plan });
      else once(renderMarker("publish-blocked", releaseKey), "publication blocked", () => renderPublishBlocked(facts, status, input.signers));
    } else if (now.getTime() >= Date.parse(facts.embargo.preNotifyAt)) {
      once(renderMarker("pre-notification", releaseKey), "pre-notification", () => renderPreNotification(advisory, facts, input.chairs));
    }
  }
  return actions;
}
