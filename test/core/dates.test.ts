import { isoDay } from "../../src/core/dates.js";

describe("isoDay", () => {
  it("gives the UTC calendar day, whatever the time of day", () => {
    expect(isoDay(new Date("2026-03-01T00:00:00Z"))).toBe("2026-03-01");
    expect(isoDay(new Date("2026-03-01T23:59:59.999Z"))).toBe("2026-03-01");
    expect(isoDay(new Date("2026-03-01T01:30:00+02:00"))).toBe("2026-02-28");
  });
});
