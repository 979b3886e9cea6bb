import { authorise, CHAIRS, MEMBERS, renderRefusal, SIGNERS } from "../../src/core/authorisation.js";
import { Roster } from "../../src/core/roster.js";

const roster = new Roster([
  { login: "alice", id: 1, roles: ["chair"], tracker_access: true, away: false, term_ends: "2027-01-01" },
  { login: "bob", id: 2, roles: ["member"], tracker_access: false, away: false },
  { login: "old", id: 3, roles: ["co-chair"], tracker_access: true, away: false, term_ends: "2026-01-01" },
]);
const today = "2026-11-25";

describe("authorise", () => {
  it("lets a signer sign off", () => {
    expect(authorise(SIGNERS, { id: 1, login: "alice" }, roster, today)).toEqual({ allowed: true });
  });

  it("refuses a member without the role and names the roles needed", () => {
    const decision = authorise(SIGNERS, { id: 2, login: "bob" }, roster, today);
    expect(decision).toEqual({ allowed: false, reason: "role-required", needed: "the Chair, the Co-Chair or the Board Liaison" });
    if (decision.allowed) return;
    expect(renderRefusal("approve", { id: 2, login: "bob" }, decision)).toBe(
      "@bob `/approve` can only be used by the Chair, the Co-Chair or the Board Liaison (as listed in the group's roster). Nothing was changed.",
    );
  });

  it("identifies people by id, so a renamed login keeps its rights and a reused login gains none", () => {
    expect(authorise(CHAIRS, { id: 1, login: "alice-renamed" }, roster, today).allowed).toBe(true);
    expect(authorise(CHAIRS, { id: 99, login: "alice" }, roster, today)).toMatchObject({ allowed: false, reason: "not-a-member" });
  });

  it("stops counting a role once the term has ended", () => {
    expect(authorise(CHAIRS, { id: 3, login: "old" }, roster, today).allowed).toBe(false);
  });

  it("lets the author run author-or-member commands", () => {
    const permission = { ...MEMBERS, orAuthor: true };
    expect(authorise(permission, { id: 50, login: "contributor" }, roster, today, { authorId: 50 }).allowed).toBe(true);
    expect(authorise(permission, { id: 51, login: "other" }, roster, today, { authorId: 50 }).allowed).toBe(false);
  });
});
