import { accessOutcome, accessRecordFor, checkAccessCommand, type AccessCommandInput } from "../../../src/core/governance/access-command-plan.js";
import type { GrantDecision } from "../../../src/core/governance/access-record.js";
import { Roster, type Member } from "../../../src/core/roster.js";

const m = (id: number, login: string, extra: Partial<Member> = {}): Member => ({ id, login, roles: ["member"], tracker_access: false, away: false, joined: "2026-01-01", ...extra });
const ROSTER = new Roster([
  m(1, "alice", { roles: ["chair"] }),
  m(2, "bob", { roles: ["co-chair"] }),
  m(3, "carol", { roles: ["board-liaison"] }),
  m(4, "dave", { tracker_access: true }),
  m(5, "erin"),
  m(6, "gone", { term_ends: "2027-01-01" }),
  m(7, "newbie", { joined: "2027-05-01" }),
  m(8, "undated", { joined: undefined }),
]);
const ALICE = { id: 1, login: "alice" };
const BOB = { id: 2, login: "bob" };
const check = (over: Partial<AccessCommandInput>) => checkAccessCommand({ action: "grant", login: "erin", roster: ROSTER, actor: ALICE, today: "2027-06-01", onboardingMonths: 3, ...over });

describe("whether an access command is recorded", () => {
  it.each([
    ["a grant to a member whose onboarding has ended", { login: "ERIN" }, "record as chair"],
    ["a revoke by the Co-Chair", { action: "revoke" as const, login: "dave", actor: BOB }, "record as co-chair"],
    ["a revoke of a member without tracker access (nothing to remove, still recorded)", { action: "revoke" as const }, "record as chair"],
    ["a login not on the roster", { login: "mallory" }, "refuse: `/grant-access`: no active member with that login is on the roster. Nothing was recorded."],
    ["a member whose term has ended", { action: "revoke" as const, login: "gone" }, "refuse: `/revoke-access`: no active member with that login is on the roster. Nothing was recorded."],
    ["a signer, whose access follows the role", { login: "carol" }, "refuse: @carol holds a role that always has tracker access (board-liaison); it follows the role on the roster, not these commands. Nothing was recorded."],
    ["a grant to a member who already has access", { login: "dave" }, "refuse: @dave already has tracker access on the roster. Nothing was recorded."],
    ["a grant during onboarding", { login: "newbie" }, "refuse: @alice @newbie is onboarding until 2027-08-01 (3 months from joining). Tracker access can be granted from 2027-08-01. Nothing was recorded."],
    ["a grant without a joining date", { login: "undated" }, "refuse: @alice the roster has no `joined` date for @undated, so the end of onboarding is unknown. Nothing was recorded."],
  ])("%s", (_name, over, expected) => {
    const result = check(over);
    expect(result.kind === "refuse" ? `refuse: ${result.reply}` : `record as ${result.role}`).toBe(expected);
  });

  it("resolves the login through the roster, without regard to case, to the member's id", () => {
    expect(check({ login: "Erin" })).toMatchObject({ kind: "record", subject: { id: 5 } });
  });
});

describe("what follows a recorded access command", () => {
  const comment = { id: 900, created_at: "2027-06-01T10:00:00Z" };
  const grant = accessRecordFor("grant", "acme/security-wg#12", { id: 5, login: "erin" }, ALICE, "chair", comment);
  const revoke = accessRecordFor("revoke", "acme/security-wg#12", { id: 5, login: "erin" }, BOB, "co-chair", comment);

  it("binds the record to the issue, the member's id and the comment", () => {
    expect(grant).toEqual({ v: 1, action: "grant", target: "acme/security-wg#12", subject: { id: 5, login: "erin" }, by: ALICE, role: "chair", comment: 900, at: "2027-06-01T10:00:00.000Z" });
  });

  it.each<[string, typeof grant, GrantDecision | null, boolean, string]>([
    ["a revoke applies at once", revoke, null, true, "@bob (the Co-Chair) revoked tracker access for @erin. secwg changes the roster and removes the access now."],
    ["a grant still missing the Co-Chair waits", grant, { kind: "waiting", missing: ["co-chair"] }, false, "Recorded: the Chair (@alice) granted tracker access to @erin. Still missing: the Co-Chair's `/grant-access @erin` in this issue. Nothing changes until both the Chair and the Co-Chair have granted it."],
    ["a grant by both applies", grant, { kind: "granted", by: { chair: 1, coChair: 2 } }, true, "The Chair and the Co-Chair have both granted tracker access to @erin. secwg changes the roster by pull request and applies it now."],
  ])("%s", (_name, record, decision, apply, reply) => {
    expect(accessOutcome(record, decision)).toEqual({ reply, apply });
  });
});
