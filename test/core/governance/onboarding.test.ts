import { onboardingEnds, onboardingStatus } from "../../../src/core/governance/onboarding.js";
import { pickAssignee } from "../../../src/core/reports/assignment.js";
import { Roster, type Member } from "../../../src/core/roster.js";

describe("onboardingEnds: the first day tracker access may be granted", () => {
  it.each([
    // joined, months, first allowed day
    ["2026-01-15", 6, "2026-07-15"],
    ["2026-07-15", 6, "2027-01-15"], // across the year end
    ["2026-08-31", 6, "2027-03-01"], // no 31 February: the day after February ends, never shorter than 6 months
    ["2026-08-29", 6, "2027-03-01"], // 2027 is not a leap year: no 29 February either
    ["2027-08-29", 6, "2028-02-29"], // 2028 is: the 29th exists
    ["2027-08-30", 6, "2028-03-01"],
    ["2027-08-31", 6, "2028-03-01"],
    ["2028-02-29", 12, "2029-03-01"], // leap day joined, a year on has no 29 February
    ["2028-02-29", 6, "2028-08-29"],
    ["2026-12-31", 2, "2027-03-01"], // 31 Feb does not exist
    ["2026-05-31", 1, "2026-07-01"], // 31 June does not exist
    ["2026-03-10", 0, "2026-03-10"], // no onboarding
  ])("joined %s, %i months → %s", (joined, months, first) => {
    expect(onboardingEnds(joined, months)).toBe(first);
  });

  it("is onboarding the day before the boundary and ended on the boundary day itself", () => {
    const member = { joined: "2026-08-31" };
    expect(onboardingStatus(member, 6, "2027-02-28")).toEqual({ kind: "onboarding", until: "2027-03-01" });
    expect(onboardingStatus(member, 6, "2027-03-01")).toEqual({ kind: "ended", since: "2027-03-01" });
    expect(onboardingStatus({ joined: "2026-01-15" }, 6, "2026-07-14")).toEqual({ kind: "onboarding", until: "2026-07-15" });
    expect(onboardingStatus({ joined: "2026-01-15" }, 6, "2026-07-15")).toEqual({ kind: "ended", since: "2026-07-15" });
  });

  it("cannot tell without a joined date", () => {
    expect(onboardingStatus({}, 6, "2030-01-01")).toEqual({ kind: "unknown" });
  });
});

describe("report assignment stays consistent with tracker access", () => {
  const member = (id: number, login: string, extra: Partial<Member> = {}): Member => ({ id, login, roles: ["member"], tracker_access: false, away: false, ...extra });

  it("never assigns a member whose tracker access is not on the roster, however idle", () => {
    const roster = new Roster([
      member(1, "chair", { roles: ["chair"], tracker_access: true }),
      member(2, "cochair", { roles: ["co-chair"], tracker_access: true }),
      member(3, "granted", { tracker_access: true }),
      member(4, "revoked"),
    ]);
    const busy = new Map([[1, 5], [2, 5], [3, 5]]);
    const decision = pickAssignee({ roster, today: "2027-06-01", onboardingUntil: "2027-01-01", openLoad: busy, totalLoad: busy });
    expect(decision).toMatchObject({ kind: "assigned", pool: "members" });
    expect(decision.kind === "assigned" && decision.member.login).not.toBe("revoked");
  });

  it("falls back to the Chair and Co-Chair when nobody else has tracker access", () => {
    const roster = new Roster([member(1, "chair", { roles: ["chair"] }), member(2, "cochair", { roles: ["co-chair"] }), member(4, "onboarding")]);
    const decision = pickAssignee({ roster, today: "2027-06-01", openLoad: new Map(), totalLoad: new Map() });
    expect(decision).toMatchObject({ kind: "assigned", pool: "chairs" });
  });
});
