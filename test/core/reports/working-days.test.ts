import fc from "fast-check";
import { addWorkingDays, isWorkingDay, localDate } from "../../../src/core/reports/working-days.js";

const UTC = { timeZone: "UTC", holidays: [] as string[] };

describe("addWorkingDays", () => {
  it("counts three working days from a Wednesday to the next Monday", () => {
    expect(addWorkingDays(new Date("2026-11-25T12:00:00Z"), 3, UTC).toISOString()).toBe("2026-11-30T12:00:00.000Z");
  });

  it("skips the weekend from a Friday", () => {
    expect(addWorkingDays(new Date("2026-11-27T09:30:00Z"), 1, UTC).toISOString()).toBe("2026-11-30T09:30:00.000Z");
  });

  it("starts the clock at midnight of Monday for a report sent on Saturday", () => {
    expect(addWorkingDays(new Date("2026-11-28T15:00:00Z"), 3, UTC).toISOString()).toBe("2026-12-03T00:00:00.000Z");
  });

  it("skips configured holidays", () => {
    const calendar = { timeZone: "UTC", holidays: ["2026-12-24", "2026-12-25"] };
    expect(addWorkingDays(new Date("2026-12-23T10:00:00Z"), 1, calendar).toISOString()).toBe("2026-12-28T10:00:00.000Z");
  });

  it("treats a holiday as the local date in the configured zone, not the UTC date", () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Amsterdam: the report arrives on a holiday there.
    const calendar = { timeZone: "Europe/Amsterdam", holidays: ["2027-01-01"] };
    const due = addWorkingDays(new Date("2026-12-31T23:30:00Z"), 1, calendar);
    expect(due.toISOString()).toBe("2027-01-04T23:00:00.000Z"); // clock starts Mon 4 Jan 00:00; due Tue 5 Jan 00:00 Amsterdam
  });

  it("keeps the local time of day across the spring daylight-saving change", () => {
    const calendar = { timeZone: "Europe/Amsterdam", holidays: [] };
    // Fri 27 Mar 2026 10:00 CET (UTC+1) + 1 working day = Mon 30 Mar 10:00 CEST (UTC+2).
    expect(addWorkingDays(new Date("2026-03-27T09:00:00Z"), 1, calendar).toISOString()).toBe("2026-03-30T08:00:00.000Z");
  });

  it("keeps the local time of day across the autumn daylight-saving change in New York", () => {
    const calendar = { timeZone: "America/New_York", holidays: [] };
    // Fri 30 Oct 2026 17:00 EDT (UTC-4) + 1 working day = Mon 2 Nov 17:00 EST (UTC-5).
    expect(addWorkingDays(new Date("2026-10-30T21:00:00Z"), 1, calendar).toISOString()).toBe("2026-11-02T22:00:00.000Z");
  });

  it("decides the weekend by the local day: Friday evening in Los Angeles is Saturday in UTC", () => {
    const calendar = { timeZone: "America/Los_Angeles", holidays: [] };
    const fridayEvening = new Date("2026-11-28T02:00:00Z"); // Fri 27 Nov 18:00 PST
    expect(isWorkingDay(fridayEvening, calendar)).toBe(true);
    expect(isWorkingDay(fridayEvening, UTC)).toBe(false);
  });

  it("rejects a negative number of days", () => {
    expect(() => addWorkingDays(new Date(), -1, UTC)).toThrow(RangeError);
  });

  it("always lands on a working day, later than the start, at most N + 2 weekends + holidays away", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 15 }),
        fc.constantFrom("UTC", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Australia/Sydney"),
        (start, days, timeZone) => {
          const calendar = { timeZone, holidays: [] };
          const due = addWorkingDays(start, days, calendar);
          expect(due.getTime()).toBeGreaterThan(start.getTime());
          expect(isWorkingDay(due, calendar)).toBe(true);
          expect(due.getTime() - start.getTime()).toBeLessThanOrEqual((days + 2 + Math.ceil(days / 5) * 2 + 2) * 86_400_000);
        },
      ),
    );
  });

  it("is monotonic: one more working day is never earlier", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2028-01-01T00:00:00Z"), noInvalidDate: true }), fc.integer({ min: 0, max: 10 }), (start, days) => {
        const calendar = { timeZone: "Europe/Amsterdam", holidays: ["2026-12-25"] };
        expect(addWorkingDays(start, days + 1, calendar).getTime()).toBeGreaterThan(addWorkingDays(start, days, calendar).getTime());
      }),
    );
  });
});

describe("localDate", () => {
  it("gives the calendar date on the configured wall clock", () => {
    expect(localDate(new Date("2026-12-31T23:30:00Z"), "Europe/Amsterdam")).toBe("2027-01-01");
  });
});
