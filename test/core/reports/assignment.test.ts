import fc from "fast-check";
import { pickAssignee } from "../../../src/core/reports/assignment.js";
import { Roster, type Member } from "../../../src/core/roster.js";

function member(id: number, login: string, extra: Partial<Member> = {}): Member {
  return { id, login, roles: ["member"], tracker_access: true, away: false, ...extra };
}

const ROSTER = new Roster([
  member(1, "chair", { roles: ["chair"] }),
  member(2, "cochair", { roles: ["co-chair"] }),
  member(3, "carol"),
  member(4, "dave"),
  member(5, "erin", { tracker_access: false }),
  member(6, "frank", { away: true }),
]);
const NONE = new Map<number, number>();

describe("pickAssignee", () => {
  it("assigns only the Chair or Co-Chair during onboarding", () => {
    const decision = pickAssignee({ roster: ROSTER, today: "2026-11-25", onboardingUntil: "2027-01-01", openLoad: new Map([[1, 2]]), totalLoad: NONE });
    expect(decision).toMatchObject({ kind: "assigned", pool: "chairs", member: { login: "cochair" } });
  });

  it("after onboarding picks the least-loaded member with tracker access who is not away", () => {
    const decision = pickAssignee({ roster: ROSTER, today: "2027-02-01", onboardingUntil: "2027-01-01", openLoad: new Map([[1, 1], [2, 1], [3, 1]]), totalLoad: NONE });
    expect(decision).toMatchObject({ kind: "assigned", pool: "members", member: { login: "dave" } });
  });

  it("rotates round-robin when open loads are equal", () => {
    const picked: string[] = [];
    const total = new Map<number, number>();
    for (let i = 0; i < 8; i++) {
      const decision = pickAssignee({ roster: ROSTER, today: "2027-02-01", openLoad: NONE, totalLoad: total });
      if (decision.kind !== "assigned") throw new Error("unassigned");
      picked.push(decision.member.login);
      total.set(decision.member.id, (total.get(decision.member.id) ?? 0) + 1);
    }
    expect(picked).toEqual(["chair", "cochair", "carol", "dave", "chair", "cochair", "carol", "dave"]);
  });

  it("falls back to the chairs when nobody has tracker access, and says so when there is nobody", () => {
    const noAccess = new Roster([member(1, "chair", { roles: ["chair"], tracker_access: false }), member(3, "carol", { tracker_access: false })]);
    expect(pickAssignee({ roster: noAccess, today: "2027-02-01", openLoad: NONE, totalLoad: NONE })).toMatchObject({ member: { login: "chair" }, pool: "chairs" });
    expect(pickAssignee({ roster: new Roster([member(3, "carol", { tracker_access: false })]), today: "2027-02-01", openLoad: NONE, totalLoad: NONE })).toEqual({
      kind: "unassigned",
      reason: expect.stringContaining("no active Chair"),
    });
  });

  it("never assigns someone away or without tracker access after onboarding, and is deterministic", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5 }), { minLength: 6, maxLength: 6 }), (loads) => {
        const openLoad = new Map(loads.map((l, i) => [i + 1, l]));
        const a = pickAssignee({ roster: ROSTER, today: "2027-02-01", openLoad, totalLoad: NONE });
        const b = pickAssignee({ roster: ROSTER, today: "2027-02-01", openLoad, totalLoad: NONE });
        expect(a).toEqual(b);
        if (a.kind !== "assigned") throw new Error("unassigned");
        expect(["erin", "frank"]).not.toContain(a.member.login);
        const min = Math.min(...[1, 2, 3, 4].map((id) => openLoad.get(id) ?? 0));
        expect(openLoad.get(a.member.id)).toBe(min);
      }),
    );
  });
});
