import { isWorkingDay, localDate, type WorkingCalendar } from "../reports/working-days.js";
import { previousQuarter, quarterOf, quarterRange, type Quarter } from "./quarter.js";

/** Working days that make up the first working week of a quarter. */
export const FIRST_WEEK_WORKING_DAYS = 5;
const DAY = 86_400_000;

/**
 * The quarter whose report is due now: the previous quarter while `now` falls in the first
 * working week of a quarter (fewer than five working days of the new quarter have gone by before
 * today, in the group's time zone and holidays), otherwise null.
 */
export function reportDueFor(now: Date, calendar: WorkingCalendar): Quarter | null {
  const current = quarterOf(now, calendar.timeZone);
  const today = localDate(now, calendar.timeZone);
  let worked = 0;
  // Noon of each local day avoids daylight-saving edges; a quarter's first week is at most ~3 weeks of holidays.
  for (let t = quarterRange(current, calendar.timeZone).start.getTime() + DAY / 2; localDate(new Date(t), calendar.timeZone) < today; t += DAY) {
    if (isWorkingDay(new Date(t), calendar) && ++worked >= FIRST_WEEK_WORKING_DAYS) return null;
  }
  return previousQuarter(current);
}
