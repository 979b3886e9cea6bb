import { TZDate } from "@date-fns/tz";
import { addDays, differenceInCalendarDays, format } from "date-fns";

/**
 * Calendar days (`YYYY-MM-DD`) for governance dates: `joined`, `term_ends`, `board_term_ends` and the
 * days notices fall due are dates, not instants. Arithmetic on them is calendar arithmetic (done at
 * noon UTC so no daylight-saving shift can move a day); only "which day is it today" depends on
 * the group's time zone (`reports.timeZone`).
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function toDate(day: string): TZDate {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`expected a date like 2026-01-31, got ${JSON.stringify(day)}`);
  return new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12, 0, 0, 0, "UTC");
}

/** `day` plus `days` calendar days (negative to go back). 2028-02-28 + 1 is 2028-02-29. */
export function plusDays(day: string, days: number): string {
  return format(addDays(toDate(day), days), "yyyy-MM-dd");
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(toDate(to), toDate(from));
}

/** The calendar day `instant` falls on in `timeZone` (an IANA name, validated by the config schema). */
export function dayIn(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd");
}

/** The first instant of `day` in `timeZone`: a window that "closes on day D" closes at this instant. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`expected a date like 2026-01-31, got ${JSON.stringify(day)}`);
  return new Date(new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 0, 0, 0, 0, timeZone).getTime());
}
