import { isoDay } from "../dates.js";
import { ACCESS_RECORD_KIND, parseAccessRecord, type AccessRecord } from "../governance/access-record.js";
import { hasTrackerAccess } from "../governance/access-plan.js";
import { onboardingEnds } from "../governance/onboarding.js";
import { parseMarkers } from "../marker.js";
import { isActiveOn, SIGNER_ROLES, type Member } from "../roster.js";
import type { AuditCode, AuditRow, Verdict } from "./audit.js";

/**
 * The audit of tracker-access grants: every member the roster (default branch) gives
 * `tracker_access: true` is recomputed from the signed `/grant-access` and `/revoke-access` records
 * in secwg's replies (`parseAccessRecord`: signed, bound to the member's id and to the issue they
 * were made in). The rule (`decideGrant`): in one issue, after that issue's last revoke, both the
 * Chair and the Co-Chair (the role each record says its signer held, checked when recorded) granted,
 * two different people, no earlier than the day the member's onboarding ended; and no revoke came
 * after. Signers' access follows their role and is not audited here.
 *
 * A member with access and no grant at all (set on the roster directly, as a founding roster does) is
 * `cannot-verify`: nothing signed says who decided it. One signer's grant only is a disagreement.
 *
 * Only secwg's own comments are evidence (the gather passes them as `ours`); records in other
 * accounts' comments are listed as `cannot-verify`, an edited record of secwg's as a disagreement.
 */

/** One issue of the group repository where access commands were run. */
export interface GrantThreadEvidence {
  /** `owner/repo#n`: records must be bound to it. */
  target: string;
  ours: ReadonlyArray<{ id: number; body: string }>;
  foreign: ReadonlyArray<{ id: number; authorId: number | null }>;
}

export interface AccessAuditInput {
  signingKey: string;
  since: string | null;
  /** The roster's members (default branch of the group repository). */
  members: readonly Member[];
  /** `onboarding.months` of today's policy. */
  onboardingMonths: number;
  today: string;
  threads: readonly GrantThreadEvidence[];
  /** The search for threads stopped short: a grant not found cannot be called missing. */
  incomplete: boolean;
  /** Why the roster could not be read (its error code): then no grant can be recomputed. */
  rosterProblem?: string;
}

interface Located {
  record: AccessRecord;
  thread: string;
}

/** Whether a comment body carries an access record marker (used by the gather for strangers' comments). */
export function carriesAccessRecord(body: string): boolean {
  return parseMarkers(body).some((m) => m.kind === ACCESS_RECORD_KIND);
}

export function auditAccess(input: AccessAuditInput): AuditRow[] {
  const rows: AuditRow[] = [];
  if (input.rosterProblem) rows.push({ kind: "grant", subject: "roster", at: null, decision: "—", verdict: "cannot-verify", code: "roster-unusable", detail: `the roster could not be read (${input.rosterProblem}): no access grant was recomputed` });
  const located: Located[] = [];
  for (const thread of input.threads) {
    for (const f of thread.foreign) {
      rows.push({ kind: "grant", subject: thread.target, at: null, decision: "—", verdict: "cannot-verify", code: "foreign-record", detail: `comment ${f.id} by account ${f.authorId ?? "deleted"} carries an access record: not secwg's, ignored` });
    }
    for (const comment of thread.ours) {
      if (!carriesAccessRecord(comment.body)) continue;
      const record = parseAccessRecord(comment.body, input.signingKey, thread.target);
      if (record) located.push({ record, thread: thread.target });
      else rows.push({ kind: "grant", subject: thread.target, at: null, decision: "—", verdict: "disagrees", code: "grant-record-edited", detail: `secwg's comment ${comment.id} carries an access record that does not verify (edited, or moved from another issue)` });
    }
  }
  for (const member of input.members) {
    if (!member.tracker_access || !isActiveOn(member, input.today) || member.roles.some((r) => SIGNER_ROLES.includes(r)) || !hasTrackerAccess(member)) continue;
    const row = auditMember(member, located.filter((l) => l.record.subject.id === member.id), input);
    if (row && !(row.verdict === "agrees" && row.at !== null && input.since !== null && Date.parse(row.at) < Date.parse(input.since))) rows.push(row);
  }
  return rows;
}

function auditMember(member: Member, records: readonly Located[], input: AccessAuditInput): AuditRow | null {
  const subject = `${member.login} (id ${member.id})`;
  const row = (verdict: Verdict, code: AuditCode, detail: string, at: string | null = null): AuditRow => ({ kind: "grant", subject, at, decision: "tracker_access: true", verdict, code, detail });
  const byTime = [...records].sort((a, b) => a.record.at.localeCompare(b.record.at) || a.record.comment - b.record.comment);
  // Complete grants: per issue, after its last revoke, the Chair and the Co-Chair, two people.
  let complete: { thread: string; at: string; chair: number; coChair: number } | null = null;
  const partial: string[] = [];
  for (const thread of new Set(byTime.map((l) => l.thread))) {
    const mine = byTime.filter((l) => l.thread === thread).map((l) => l.record);
    const lastRevoke = mine.map((r) => r.action).lastIndexOf("revoke");
    const grants = mine.slice(lastRevoke + 1).filter((r) => r.action === "grant");
    const chair = grants.find((r) => r.role === "chair");
    const coChair = grants.find((r) => r.role === "co-chair" && r.by.id !== chair?.by.id);
    if (chair && coChair) {
      const at = chair.at > coChair.at ? chair.at : coChair.at;
      if (!complete || at > complete.at) complete = { thread, at, chair: chair.by.id, coChair: coChair.by.id };
    } else if (grants.length > 0) {
      partial.push(`${thread}: only ${[...new Set(grants.map((g) => `the ${g.role} (id ${g.by.id})`))].join(" and ")} granted`);
    }
  }
  if (!complete) {
    const lastRevoke = byTime.filter((l) => l.record.action === "revoke").at(-1);
    if (partial.length === 0 && lastRevoke) return row("disagrees", "grant-revoked", `access was revoked in ${lastRevoke.thread} at ${lastRevoke.record.at} and not granted again, yet the roster still gives it`, lastRevoke.record.at);
    if (partial.length > 0) return row("disagrees", "grant-incomplete", `the roster gives tracker access, but a grant needs both the Chair and the Co-Chair; ${partial.join("; ")}`);
    // No grant at all: set on the roster directly (a founding roster, a reviewed roster pull request),
    // not through the commands. Nothing signed says who decided it, so it cannot be recomputed.
    return row("cannot-verify", "grant-not-recorded", `the roster gives tracker access, but no signed /grant-access was found for this member${input.incomplete ? " (the search for access commands stopped short)" : ""}`);
  }
  const revoked = byTime.find((l) => l.record.action === "revoke" && l.record.at > (complete as { at: string }).at);
  if (revoked) return row("disagrees", "grant-revoked", `granted in ${complete.thread}, revoked in ${revoked.thread} at ${revoked.record.at}, yet the roster still gives access`, complete.at);
  if (!member.joined) return row("cannot-verify", "onboarding-unknown", `granted in ${complete.thread}, but the roster has no joined date, so the end of onboarding is unknown`, complete.at);
  const ended = onboardingEnds(member.joined, input.onboardingMonths);
  if (isoDay(new Date(complete.at)) < ended) return row("disagrees", "granted-during-onboarding", `granted in ${complete.thread} on ${isoDay(new Date(complete.at))}, before onboarding ended on ${ended}`, complete.at);
  return row("agrees", "grant-recomputed", `the Chair (id ${complete.chair}) and the Co-Chair (id ${complete.coChair}) granted in ${complete.thread} after onboarding ended on ${ended}`, complete.at);
}
