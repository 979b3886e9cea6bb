import { removeEntry, setTermEnds } from "../../../src/core/governance/roster-edit.js";

const ROSTER = [
  "# The group's members",
  "members:",
  "  - login: alice",
  "    id: 1001",
  "    roles: [chair]",
  "    joined: 2026-01-15",
  "    term_ends: 2027-01-15  # renewed by /renew",
  "",
  "  # bob joined in spring",
  "  - login: bob",
  "    id: 1002",
  "    term_ends: \"2027-01-15\"",
  "  - id: 1003",
  "    login: carol",
  "    term_ends: 2027-01-15",
  "",
].join("\n");

describe("editing the roster's text", () => {
  it("changes one member's term_ends and nothing else, keeping comments and quotes", () => {
    expect(setTermEnds(ROSTER, 1001, "2027-01-15", "2028-01-15")).toBe(ROSTER.replace("term_ends: 2027-01-15  #", "term_ends: 2028-01-15  #"));
    expect(setTermEnds(ROSTER, 1002, "2027-01-15", "2028-01-15")).toBe(ROSTER.replace('"2027-01-15"', '"2028-01-15"'));
    const carol = setTermEnds(ROSTER, 1003, "2027-01-15", "2028-01-15");
    expect(carol?.split("\n")[14]).toBe("    term_ends: 2028-01-15");
    expect(carol?.split("\n")[6]).toBe("    term_ends: 2027-01-15  # renewed by /renew");
  });

  it("refuses an edit whose starting point is not the roster's", () => {
    expect(setTermEnds(ROSTER, 1001, "2026-01-15", "2028-01-15")).toBeNull();
    expect(setTermEnds(ROSTER, 9999, "2027-01-15", "2028-01-15")).toBeNull();
    expect(setTermEnds("members: [", 1001, "2027-01-15", "2028-01-15")).toBeNull();
  });

  it("removes one entry, leaving the comments of the next", () => {
    const withoutAlice = removeEntry(ROSTER, 1001);
    expect(withoutAlice).toBe(ROSTER.split("\n").filter((_, i) => i < 2 || i > 6).join("\n"));
    expect(removeEntry(ROSTER, 1003)?.trimEnd().endsWith('term_ends: "2027-01-15"')).toBe(true);
    expect(removeEntry(ROSTER, 1004)).toBeNull();
  });

  it("refuses when a flow-style roster cannot be edited line by line", () => {
    expect(removeEntry("members: [{ login: a, id: 1 }, { login: b, id: 2 }]\n", 1)).toBeNull();
  });
});
