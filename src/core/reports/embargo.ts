import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/**
 * The release moment of a fix (`/embargo 2026-12-02T14:00Z`) and the pre-notification that goes
 * out before it. The time must name its zone (`Z` or `+01:00`): an embargo is read by people in
 * many zones and a bare local time is ambiguous.
 */
export interface EmbargoRules {
  preNotificationDays: number;
  /** Lower-case English weekday names, judged on the group's wall clock. */
  noReleaseWeekdays: readonly string[];
  timeZone: string;
}

export interface Embargo {
  releaseAt: string;
  preNotifyAt: string;
}

export type EmbargoDecision =
  | { ok: true; embargo: Embargo; shortNotice: boolean }
  | { ok: false; reason: string };

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an explicit-zone date-time; returns null for anything else (including impossible dates). */
export function parseReleaseTime(text: string): Date | null {
  const match = DATETIME.exec(text.trim());
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6] ?? "00"}${match[7]}`);
  if (Number.isNaN(date.getTime())) return null;
  // `new Date` rolls 2026-02-30 over to March; reject instead of silently moving the release.
  const utcDay = new Date(`${match[1]}-${match[2]}-${match[3]}T12:00:00Z`);
  if (Number.isNaN(utcDay.getTime()) || utcDay.toISOString().slice(0, 10) !== `${match[1]}-${match[2]}-${match[3]}`) return null;
  return date;
}

/** Decides whether `text` is an acceptable release time at `now`, and when to pre-notify. */
export function planEmbargo(text: string, now: Date, rules: EmbargoRules): EmbargoDecision {
  const release = parseReleaseTime(text);
  if (!release) {
    return { ok: false, reason: `\`${text}\` is not a date-time with a zone; write it like \`2026-12-02T14:00Z\` or \`2026-12-02T15:00+01:00\`` };
  }
  if (release.getTime() <= now.getTime()) {
    return { ok: false, reason: `${release.toISOString()} is in the past; choose a future release time` };
  }
  const weekday = format(new TZDate(release.getTime(), rules.timeZone), "EEEE").toLowerCase();
  if (rules.noReleaseWeekdays.includes(weekday)) {
    return {
      ok: false,
      reason: `releases are not made on ${capitalise(weekday)} (${rules.timeZone}), see \`reports.noReleaseWeekdays\`; choose another day`,
    };
  }
  const preNotify = new Date(release.getTime() - rules.preNotificationDays * 86_400_000);
  return {
    ok: true,
    embargo: { releaseAt: release.toISOString(), preNotifyAt: preNotify.toISOString() },
    shortNotice: preNotify.getTime() <= now.getTime(),
  };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `2026-12-02 14:00 UTC` for humans, always in UTC so every reader converts from the same value. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
