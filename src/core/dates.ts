/** Calendar helpers shared by every feature. */

/** `YYYY-MM-DD` in UTC, the granularity of roster dates. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
