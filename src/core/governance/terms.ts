import type { TermsConfig } from "../../config/sections/terms.js";
import type { Member } from "../roster.js";
import { daysBetween, plusDays } from "./calendar.js";

/**
 * One-year terms with opt-in renewal, as pure rules over calendar days (`YYYY-MM-DD` in the group's
 * time zone; the caller turns "now" into today with `dayIn(now, reports.timeZone)`).
 *
 * - A term ends on `term_ends`: the member is active up to the day before (`isActiveOn`).
 * - `term_ends` = `joined` + `terms.length` days. The length counts days, not years: a 365-day term
 *   from 2028-02-28 ends on 2029-02-27, because it spans 2028-02-29.
 * - `terms.renewalNoticeDays` before `term_ends` the member gets one renewal notice for that term
 *   (keyed by member id and `term_ends`, so a renewed term gets a fresh notice next time), then
 *   at most one reminder every `terms.reminderDays` (at least 7) while the term is neither renewed
 *   nor lapsed.
 * - `/renew` by the member extends `term_ends` by `terms.length` days **from the old `term_ends`**,
 *   not from the day of the command: renewing early loses no days and renewing late gains none.
 * - On `term_ends` without a renewal a "term ended" removal is proposed; it is merged
 *   `terms.graceDays` later unless the member renews in the meantime (a renewal moves `term_ends`,
 *   so the proposal no longer matches the roster and is withdrawn).
 */

export type TermRules = Pick<TermsConfig, "length" | "renewalNoticeDays" | "reminderDays" | "graceDays">;

/** The key of one member's one term: one notice, one lapse proposal per key. */
export function termKey(memberId: number, termEnds: string): string {
  return `${memberId}:${termEnds}`;
}

export function termEndsFor(joined: string, rules: Pick<TermRules, "length">): string {
  return plusDays(joined, rules.length);
}

/** `/renew`'s new `term_ends`: the old one plus the term length (never counted from today). */
export function renewedTermEnds(termEnds: string, rules: Pick<TermRules, "length">): string {
  return plusDays(termEnds, rules.length);
}

/** The first day the renewal notice is due and `/renew` is accepted. */
export function noticeDay(termEnds: string, rules: Pick<TermRules, "renewalNoticeDays">): string {
  return plusDays(termEnds, -rules.renewalNoticeDays);
}

/** The day the "term ended" removal is merged if the member has not renewed (the grace's end). */
export function lapseDay(termEnds: string, rules: Pick<TermRules, "graceDays">): string {
  return plusDays(termEnds, rules.graceDays);
}

/** What secwg has already done about terms, as read back from GitHub (its own marked objects). */
export interface TermsState {
  /** Renewal notices, by `termKey`: the day the notice or its latest reminder was posted. */
  notices: ReadonlyMap<string, { lastSent: string }>;
  /** Open "term ended" removal pull requests, by `termKey`. */
  lapseProposals: ReadonlySet<string>;
  /** Members with an open renewal pull request (their `/renew` is being applied): no lapse step for them. */
  renewing: ReadonlySet<number>;
}

export const NOTHING_DONE: TermsState = { notices: new Map(), lapseProposals: new Set(), renewing: new Set() };

export type TermActionKind = "notify" | "remind" | "propose-lapse" | "merge-lapse" | "withdraw-lapse";

export interface TermAction {
  kind: TermActionKind;
  memberId: number;
  /** The term the action is about (the key is `termKey(memberId, termEnds)`). */
  termEnds: string;
  /** The day the action fell due (today or earlier). */
  due: string;
}

/**
 * The sweep's term decisions for `today`. Deterministic and idempotent: an action already done
 * (recorded in `state`) is not proposed again, so sweeping twice on the same day plans nothing new.
 * Members without `term_ends` have no term and get no action. A lapse proposal whose key no longer
 * matches any member's current term (renewed, or the member left) is withdrawn.
 */
export function termActions(members: readonly Member[], today: string, rules: TermRules, state: TermsState = NOTHING_DONE): TermAction[] {
  const actions: TermAction[] = [];
  const currentKeys = new Set<string>();
  for (const member of members) {
    const termEnds = member.term_ends;
    if (!termEnds) continue;
    const key = termKey(member.id, termEnds);
    currentKeys.add(key);
    const renewing = state.renewing.has(member.id);
    const notice = state.notices.get(key);
    const noticeDue = noticeDay(termEnds, rules);
    const graceEnds = lapseDay(termEnds, rules);
    if (today < noticeDue || renewing) continue;
    if (!notice) {
      // Also when the term has already ended without one (secwg installed late, a notice lost):
      // the member is told, and the grace still gives them `graceDays` to renew.
      if (today < graceEnds) actions.push({ kind: "notify", memberId: member.id, termEnds, due: noticeDue });
    } else if (today < graceEnds) {
      const remindOn = plusDays(notice.lastSent, rules.reminderDays);
      if (today >= remindOn) actions.push({ kind: "remind", memberId: member.id, termEnds, due: remindOn });
    }
    if (today < termEnds) continue;
    if (!state.lapseProposals.has(key)) {
      actions.push({ kind: "propose-lapse", memberId: member.id, termEnds, due: termEnds });
    } else if (today >= graceEnds) {
      actions.push({ kind: "merge-lapse", memberId: member.id, termEnds, due: graceEnds });
    }
  }
  for (const key of [...state.lapseProposals].sort()) {
    if (currentKeys.has(key)) continue;
    const [id, termEnds] = key.split(":") as [string, string];
    actions.push({ kind: "withdraw-lapse", memberId: Number(id), termEnds, due: today });
  }
  return actions;
}

export type RenewDecision =
  | { ok: true; termEnds: string; newTermEnds: string }
  | { ok: false; reason: "no-term" | "too-early" | "too-late"; message: string };

/**
 * Whether `/renew` from `member` (identified by the caller by numeric id: only the member
 * themself may renew) is accepted today: from the notice day until the grace ends (exclusive).
 */
export function checkRenew(member: Member, today: string, rules: TermRules): RenewDecision {
  const termEnds = member.term_ends;
  if (!termEnds) {
    return { ok: false, reason: "no-term", message: "your roster entry has no `term_ends`, so there is no term to renew." };
  }
  const opens = noticeDay(termEnds, rules);
  if (today < opens) {
    return { ok: false, reason: "too-early", message: `your term ends on ${termEnds}; renewal opens on ${opens} (${daysBetween(today, opens)} days from now).` };
  }
  const closes = lapseDay(termEnds, rules);
  if (today >= closes) {
    return { ok: false, reason: "too-late", message: `your term ended on ${termEnds} and the grace period ended on ${closes}; ask to join again.` };
  }
  return { ok: true, termEnds, newTermEnds: renewedTermEnds(termEnds, rules) };
}
