import { readFileSync } from "node:fs";
import fc from "fast-check";
import { RosterError } from "../../src/errors.js";
import { parseRosterYaml } from "../../src/core/roster.js";

const VALID = readFileSync(new URL("../../fixtures/roster/valid.yml", import.meta.url), "utf8");

function problems(text: string): string[] {
  try {
    parseRosterYaml(text, "MEMBERS.yml");
    return [];
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe("roster", () => {
  const roster = parseRosterYaml(VALID, "MEMBERS.yml");

  it("finds members by numeric id, not login", () => {
    expect(roster.byId(1002)?.login).toBe("bob");
    expect(roster.byId(9999)).toBeUndefined();
  });

  it("lists the members holding a role", () => {
    expect(roster.withRole("board-liaison").map((m) => m.login)).toEqual(["bob"]);
  });

  it("counts only members whose term covers the date as active", () => {
    expect(roster.activeOn("2026-11-25").map((m) => m.login)).toEqual(["alice", "bob", "carol"]);
    expect(roster.activeOn("2025-06-01").map((m) => m.login)).toEqual(["dave"]);
  });

  it("names the Chair, Co-Chair and Board Liaison as signers", () => {
    expect(roster.signers("2026-11-25").map((m) => m.login)).toEqual(["alice", "bob"]);
  });

  it("defaults roles to member and flags to false", () => {
    const r = parseRosterYaml("members:\n  - login: erin\n    id: 5\n", "MEMBERS.yml");
    expect(r.members[0]).toEqual({ login: "erin", id: 5, roles: ["member"], tracker_access: false, away: false });
  });

  it("rejects duplicate ids, naming both entries", () => {
    expect(problems("members:\n  - {login: a, id: 1}\n  - {login: b, id: 1}\n")).toEqual([
      "members[1] (b).id: duplicate id 1 (also members[0] (a))",
    ]);
  });

  it("allows at most one chair, one co-chair and one board liaison", () => {
    expect(problems("members:\n  - {login: a, id: 1, roles: [chair]}\n  - {login: b, id: 2, roles: [chair]}\n")).toEqual([
      "members: at most one chair allowed, found 2: a, b",
    ]);
  });

  it("requires term_ends after joined", () => {
    expect(problems("members:\n  - {login: a, id: 1, joined: 2026-05-01, term_ends: 2026-04-01}\n")).toEqual([
      "members[0] (a).term_ends: must be after joined (2026-05-01), got 2026-04-01",
    ]);
  });

  it("rejects dates that are not ISO and unknown roles, naming the entry and field", () => {
    expect(problems("members:\n  - {login: a, id: 1, joined: 15/01/2026, roles: [king]}\n")).toEqual([
      'members[0] (a).roles[0]: expected one of chair, co-chair, board-liaison, member, got "king"',
      'members[0] (a).joined: expected a date like 2026-01-31, got "15/01/2026"',
    ]);
  });

  it("rejects a login in place of the numeric id", () => {
    expect(problems("members:\n  - {login: a, id: alice}\n")).toEqual([
      'members[0] (a).id: expected the numeric GitHub user id (see https://api.github.com/users/LOGIN), got "alice"',
    ]);
  });

  it("reports malformed YAML with its position", () => {
    expect(problems("members:\n  - {login: a\n")[0]).toMatch(/^: not valid YAML \(line \d+, column \d+\)/);
  });

  it("never throws anything but a RosterError on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseRosterYaml(text, "MEMBERS.yml");
        } catch (error) {
          return error instanceof RosterError;
        }
        return true;
      }),
    );
  });
});
