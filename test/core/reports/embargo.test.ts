import { parseReleaseTime, planEmbargo } from "../../../src/core/reports/embargo.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const RULES = { preNotificationDays: 7, noReleaseWeekdays: ["friday"], timeZone: "UTC" };

describe("parseReleaseTime", () => {
  it("reads a UTC time without seconds", () => {
    expect(parseReleaseTime("2026-12-02T14:00Z")?.toISOString()).toBe("2026-12-02T14:00:00.000Z");
  });

  it("reads an explicit offset", () => {
    expect(parseReleaseTime("2026-12-02T15:00+01:00")?.toISOString()).toBe("2026-12-02T14:00:00.000Z");
  });

  it.each(["2026-12-02", "2026-12-02T14:00", "tomorrow", "2026-02-30T10:00Z", "2026-13-01T10:00Z"])("refuses %s", (text) => {
    expect(parseReleaseTime(text)).toBeNull();
  });
});

describe("planEmbargo", () => {
  it("schedules the pre-notification seven days before the release", () => {
    expect(planEmbargo("2026-12-09T14:00Z", NOW, RULES)).toEqual({
      ok: true,
      embargo: { releaseAt: "2026-12-09T14:00:00.000Z", preNotifyAt: "2026-12-02T14:00:00.000Z" },
      shortNotice: false,
    });
  });

  it("accepts a release closer than the notice period but flags it as short notice", () => {
    const decision = planEmbargo("2026-12-01T14:00Z", NOW, RULES);
    expect(decision).toMatchObject({ ok: true, shortNotice: true });
  });

  it("refuses a release time in the past", () => {
    expect(planEmbargo("2026-11-24T14:00Z", NOW, RULES)).toEqual({ ok: false, reason: expect.stringContaining("is in the past") });
  });

  it("refuses a configured no-release weekday, judged in the group's time zone", () => {
    expect(planEmbargo("2026-12-04T14:00Z", NOW, RULES)).toEqual({ ok: false, reason: expect.stringContaining("not made on Friday") });
    // Thursday 23:30 UTC is already Friday in Amsterdam.
    const amsterdam = { ...RULES, timeZone: "Europe/Amsterdam" };
    expect(planEmbargo("2026-12-03T23:30Z", NOW, amsterdam)).toMatchObject({ ok: false });
    expect(planEmbargo("2026-12-03T23:30Z", NOW, RULES)).toMatchObject({ ok: true });
  });

  it("explains the expected format when the text is not a date-time", () => {
    expect(planEmbargo("next week", NOW, RULES)).toEqual({ ok: false, reason: expect.stringContaining("2026-12-02T14:00Z") });
  });
});
