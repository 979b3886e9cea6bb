import { planLiaisonWarnings } from "../../../src/core/membership/liaison-plan.js";
import type { Member } from "../../../src/core/roster.js";

const member = (id: number, login: string, roles: Member["roles"], extra: Partial<Member> = {}): Member => ({ login, id, roles, tracker_access: false, away: false, ...extra });
const group = { owner: "acme", repo: "security-wg" };
const plan = (members: Member[], today: string) => planLiaisonWarnings({ group, rosterPath: "MEMBERS.yml", members, today });

describe("the Board Liaison's warning", () => {
  const roster = (boardTermEnds?: string) => [
    member(1, "alice", ["chair"]),
    member(2, "bob", ["co-chair"]),
    member(3, "carol", ["board-liaison"], boardTermEnds ? { board_term_ends: boardTermEnds } : {}),
    member(4, "dave", ["member"]),
  ];

  it.each([
    ["31 days before", "2027-05-30", []],
    ["30 days before", "2027-05-31", ["secwg:liaison:3:2027-06-30"]],
    ["on the day it ends", "2027-06-30", ["secwg:liaison:3:2027-06-30"]],
  ])("%s", (_name, today, markers) => {
    expect(plan(roster("2027-06-30"), today).map((e) => (e.kind === "ensure-issue" ? e.marker : e.kind))).toEqual(markers.map((m) => `<!-- ${m} -->`));
  });

  it("warns about a liaison whose entry records no Board term, once per liaison", () => {
    const [effect] = plan(roster(), "2027-01-01");
    expect(effect).toMatchObject({ kind: "ensure-issue", marker: "<!-- secwg:liaison:3:unrecorded -->", title: "Board Liaison: the roster records no Board term", findByLabel: "secwg:liaison" });
  });

  it("names the signers and the liaison, and its text does not depend on the day", () => {
    const a = plan(roster("2027-06-30"), "2027-06-01")[0];
    const b = plan(roster("2027-06-30"), "2027-06-20")[0];
    expect(a).toEqual(b);
    expect(a?.kind === "ensure-issue" && a.body).toContain("@alice, @bob, @carol: please update the roster");
  });

  it("never mentions a roster login that is not a GitHub login's shape", () => {
    const odd = [member(1, "alice <b>x</b>", ["chair"]), member(3, "carol", ["board-liaison"], { board_term_ends: "2027-06-30" })];
    const [effect] = plan(odd, "2027-06-01");
    expect(effect?.kind === "ensure-issue" && effect.body).not.toContain("@alice");
    expect(effect?.kind === "ensure-issue" && effect.body).not.toContain("<b>");
  });
});
