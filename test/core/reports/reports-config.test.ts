import { ConfigError } from "../../../src/errors.js";
import { parseConfigYaml } from "../../../src/config/validate.js";

function problems(yaml: string): string[] {
  try {
    parseConfigYaml(yaml, "secwg.yml");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe("reports configuration", () => {
  it("has safe defaults", () => {
    expect(parseConfigYaml("", "secwg.yml").reports).toEqual({
      ackWorkingDays: 3,
      timeZone: "UTC",
      holidays: [],
      preNotificationDays: 7,
      noReleaseWeekdays: [],
      requiredApprovals: 1,
      cna: "github",
      label: "secwg:report",
      advisoryComments: false,
    });
  });

  it.each([
    ["reports:\n  timeZone: Mars/Olympus\n", 'reports.timeZone: expected an IANA time zone like `Europe/Amsterdam` or `UTC`, got a string'],
    ["reports:\n  ackWorkingDays: three\n", 'reports.ackWorkingDays: expected a whole number between 1 and 30, got a string'],
    ["reports:\n  noReleaseWeekdays: [fri]\n", 'reports.noReleaseWeekdays[0]: expected one of monday, tuesday, wednesday, thursday, friday, saturday, sunday, got a string'],
    ["reports:\n  holidays: [2026-13-01]\n", 'reports.holidays[0]: expected a date like 2026-01-31, got a string'],
    ["reports:\n  cna: mitre\n", 'reports.cna: expected `github` or `self`, got a string'],
  ])("explains %j precisely", (yaml, message) => {
    expect(problems(yaml)).toEqual([message]);
  });
});
