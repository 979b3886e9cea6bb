import { TZDate } from "@date-fns/tz";

/**
 * Calendar quarters for the board report. A quarter starts at midnight on the first day of
 * January, April, July or October in the group's configured time zone (`reports.timeZone`) and
 * ends, exclusively, at the start of the next one; with `UTC` these are the UTC boundaries.
 */
export interface Quarter {
  year: number;
  /** 1 to 4. */
  q: number;
}

export interface QuarterRange {
  quarter: Quarter;
  timeZone: string;
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
  /** `YYYY-MM` of its three months, in the time zone. */
  months: [string, string, string];
  /** The first instant of each of its three months. */
  monthStarts: [Date, Date, Date];
}

const QUARTER_PATTERN = /^(\d{4})-?Q([1-4])$/i;

/** `2026Q4` or `2026-Q4`; null for anything else. */
export function parseQuarter(text: string): Quarter | null {
  const match = QUARTER_PATTERN.exec(text.trim());
  if (!match) return null;
  return { year: Number(match[1]), q: Number(match[2]) };
}

/** `2026-Q4`: the report's file name stem and the marker key of its tracker issue. */
export function quarterLabel(quarter: Quarter): string {
  return `${quarter.year}-Q${quarter.q}`;
}

export function nextQuarter(quarter: Quarter): Quarter {
  return quarter.q === 4 ? { year: quarter.year + 1, q: 1 } : { year: quarter.year, q: quarter.q + 1 };
}

export function previousQuarter(quarter: Quarter): Quarter {
  return quarter.q === 1 ? { year: quarter.year - 1, q: 4 } : { year: quarter.year, q: quarter.q - 1 };
}

function monthStart(year: number, monthIndex: number, timeZone: string): Date {
  return new Date(new TZDate(year, monthIndex, 1, 0, 0, 0, 0, timeZone).getTime());
}

export function quarterRange(quarter: Quarter, timeZone: string): QuarterRange {
  const first = (quarter.q - 1) * 3;
  const next = nextQuarter(quarter);
  const pad = (m: number) => String(m + 1).padStart(2, "0");
  return {
    quarter,
    timeZone,
    start: monthStart(quarter.year, first, timeZone),
    end: monthStart(next.year, (next.q - 1) * 3, timeZone),
    months: [`${quarter.year}-${pad(first)}`, `${quarter.year}-${pad(first + 1)}`, `${quarter.year}-${pad(first + 2)}`],
    monthStarts: [monthStart(quarter.year, first, timeZone), monthStart(quarter.year, first + 1, timeZone), monthStart(quarter.year, first + 2, timeZone)],
  };
}

/** The quarter an instant falls in, in the time zone. */
export function quarterOf(instant: Date, timeZone: string): Quarter {
  const local = new TZDate(instant.getTime(), timeZone);
  return { year: local.getFullYear(), q: Math.floor(local.getMonth() / 3) + 1 };
}

/** `YYYY-MM` of an instant in the time zone: the finest date an unpublished report may show. */
export function monthOf(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}`;
}

/** `YYYY-MM-DD` of an instant in the time zone. */
export function dayOf(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  return `${monthOf(instant, timeZone)}-${String(local.getDate()).padStart(2, "0")}`;
}

export function inRange(at: string | null | undefined, range: Pick<QuarterRange, "start" | "end">): boolean {
  if (!at) return false;
  const t = Date.parse(at);
  return t >= range.start.getTime() && t < range.end.getTime();
}
