import { activeMemberNamed, removalPullBody, removalRecordFor, removalVerified } from "../../../src/core/governance/removal-command.js";
import { removeEntry } from "../../../src/core/governance/roster-edit.js";
import { Roster, type Member } from "../../../src/core/roster.js";

const m = (id: number, login: string, extra: Partial<Member> = {}): Member => ({ id, login, roles: ["member"], tracker_access: false, away: false, joined: "2026-01-01", ...extra });
const roster = new Roster([m(1, "alice", { roles: ["chair"] }), m(2, "dave"), m(3, "gone", { term_ends: "2027-01-01" }), m(4, "later", { joined: "2027-09-01" })]);

describe("who /remove names", () => {
  it.each([
    ["an active member, in any case", "DAVE", 2],
    ["a login not on the roster", "mallory", undefined],
    ["a member whose term has ended", "gone", undefined],
    ["a member whose term has not begun", "later", undefined],
  ])("%s", (_name, login, id) => {
    expect(activeMemberNamed(roster, login, "2027-06-01")?.id).toBe(id);
  });
});

describe("the removal pull request", () => {
  const record = removalRecordFor({ group: { owner: "acme", repo: "security-wg" }, subject: { id: 2, login: "dave" }, by: { id: 1, login: "alice" }, issue: "acme/security-wg#7", comment: { id: 900, created_at: "2027-06-01T10:00:00Z" } });

  it("carries a record bound to the group repository, the subject's branch and the command's comment", () => {
    expect(record).toEqual({ v: 1, repo: "acme/security-wg", branch: "secwg/removal-2", subject: { id: 2, login: "dave" }, by: { id: 1, login: "alice" }, issue: "acme/security-wg#7", comment: 900, at: "2027-06-01T10:00:00.000Z" });
  });

  it("describes the removal by the member's id and says the reason is elsewhere", () => {
    const body = removalPullBody("<!-- signed -->", record, "MEMBERS.yml");
    expect(body.split("\n")[0]).toBe("<!-- signed -->");
    expect(body).toContain("Removes member 2 from `MEMBERS.yml`, started with `/remove` in acme/security-wg#7. The reason is recorded in the private tracker.");
    expect(body).not.toContain("dave");
  });
});

describe("whether a removal pull request changes exactly the removal", () => {
  const base = ["members:", "  - login: alice", "    id: 1", "    roles: [chair]", "  - login: dave", "    id: 2", ""].join("\n");
  const removed = removeEntry(base, 2) as string;
  const roster = [{ filename: "MEMBERS.yml" }];
  it.each([
    ["the roster without the subject's entry", { files: roster, headText: removed }, true],
    ["another file changed as well", { files: [...roster, { filename: "README.md" }] }, false],
    ["a capped file list", { capped: true }, false],
    ["another file instead of the roster", { files: [{ filename: "OTHER.yml" }] }, false],
    ["the head removes someone else", { headText: removeEntry(base, 1) }, false],
    ["the head also changes another line", { headText: removed.replace("[chair]", "[member]") }, false],
    ["no roster on the base branch", { baseText: null }, false],
  ])("%s", (_name, over, expected) => {
    expect(removalVerified({ files: roster, capped: false, rosterPath: "MEMBERS.yml", baseText: base, headText: removed, subjectId: 2, ...over })).toBe(expected);
  });
});
