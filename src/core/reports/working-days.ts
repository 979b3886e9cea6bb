import { TZDate } from "@date-fns/tz";
import { addDays, format, isWeekend, startOfDay } from "date-fns";

/**
 * Working-day arithmetic for acknowledgement deadlines. Days are counted on the group's wall clock
 * (an IANA zone), so a deadline keeps its local time across daylight-saving changes, and a holiday
 * is the local calendar date the group wrote in its configuration.
 */
export interface WorkingCalendar {
  timeZone: string;
  /** `YYYY-MM-DD` dates, local to `timeZone`, that are not working days. */
  holidays: readonly string[];
}

/** The local calendar date of `instant` in the calendar's zone. */
export function localDate(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd");
}

/** Whether the local day containing `instant` is a working day (not Saturday, Sunday or a holiday). */
export function isWorkingDay(instant: Date, calendar: WorkingCalendar): boolean {
  const local = new TZDate(instant.getTime(), calendar.timeZone);
  return !isWeekend(local) && !calendar.holidays.includes(format(local, "yyyy-MM-dd"));
}

/**
 * `start` plus `days` working days, at the same local time of day. A start on a non-working day
 * starts the clock at midnight of the next working day, so a report sent on Saturday is due as
 * many full working days later as one sent first thing on Monday.
 */
export function addWorkingDays(start: Date, days: number, calendar: WorkingCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number >= 0, got ${days}`);
  let cursor = new TZDate(start.getTime(), calendar.timeZone);
  if (!isWorkingDay(cursor, calendar)) {
    cursor = startOfDay(cursor);
    // Bounded: a calendar cannot hold more than a few hundred consecutive holidays (config max 400).
    for (let guard = 0; !isWorkingDay(cursor, calendar) && guard < 800; guard++) cursor = addDays(cursor, 1);
  }
  let counted = 0;
  for (let guard = 0; counted < days && guard < days * 10 + 800; guard++) {
    cursor = addDays(cursor, 1);
    if (isWorkingDay(cursor, calendar)) counted++;
  }
  return new Date(cursor.getTime());
}
