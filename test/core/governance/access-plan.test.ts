import { planAccess, type AccessState } from "../../../src/core/governance/access-plan.js";
import { renderPlan, type AccessUser, type Effect } from "../../../src/core/effects.js";
import { Roster, type Member } from "../../../src/core/roster.js";

const TRACKER = { owner: "acme", repo: "security-tracker" };
const TODAY = "2027-06-01";
const m = (id: number, login: string, extra: Partial<Member> = {}): Member => ({ id, login, roles: ["member"], tracker_access: false, away: false, joined: "2026-01-01", ...extra });
const u = (id: number, login: string): AccessUser => ({ id, login });

const ROSTER = new Roster([
  m(1, "alice", { roles: ["chair"] }),
  m(2, "bob", { roles: ["co-chair"] }),
  m(3, "carol", { roles: ["board-liaison"] }),
  m(4, "dave", { tracker_access: true }),
  m(5, "erin"),
  m(6, "gone", { term_ends: "2027-01-01" }),
]);
const TRACKER_PEOPLE = [u(1, "alice"), u(2, "bob"), u(3, "carol"), u(4, "dave")];
const MEMBERS = [...TRACKER_PEOPLE, u(5, "erin")];

function state(overrides: Partial<AccessState> = {}): AccessState {
  return {
    teams: [
      { org: "acme", slug: "security-wg", audience: "members", members: MEMBERS },
      { org: "acme", slug: "security-tracker", audience: "tracker", members: TRACKER_PEOPLE },
    ],
    trackerCollaborators: TRACKER_PEOPLE,
    advisories: [{ repo: { owner: "acme", repo: "webapp" }, ghsaId: "GHSA-2222-3333-4444", collaborators: TRACKER_PEOPLE }],
    ...overrides,
  };
}

const plan = (s: AccessState, roster = ROSTER) => planAccess({ roster, state: s, tracker: TRACKER, today: TODAY, trackerPermission: "push" });
/** The changes without the log entry, as short strings. */
const changes = (effects: Effect[]) =>
  effects.flatMap((e) => {
    switch (e.kind) {
      case "ensure-team-membership":
        return [`${e.present ? "+" : "-"}${e.user.id} team ${e.team}`];
      case "ensure-collaborator":
        return [`${e.present ? "+" : "-"}${e.user.id} collaborator`];
      case "ensure-advisory-collaborators":
        return [`advisory ${e.ghsaId} +[${e.add.map((x) => x.id).join(",")}] -[${e.remove.map((x) => x.id).join(",")}]`];
      default:
        return [];
    }
  });

describe("planAccess: roster × GitHub state → the fewest changes", () => {
  it("plans nothing when GitHub already matches the roster (a second run writes nothing)", () => {
    expect(plan(state())).toEqual([]);
  });

  it.each<[string, Partial<AccessState>, Roster | undefined, string[]]>([
    [
      "a granted member is added to the tracker team, the tracker and the drafts",
      {},
      new Roster([...ROSTER.members.map((x) => (x.id === 5 ? { ...x, tracker_access: true } : x))]),
      ["+5 team security-tracker", "+5 collaborator", "advisory GHSA-2222-3333-4444 +[5] -[]"],
    ],
    [
      "a revoked member is removed from the tracker team, the tracker and the drafts, and stays in the members' team",
      {},
      new Roster([...ROSTER.members.map((x) => (x.id === 4 ? { ...x, tracker_access: false } : x))]),
      ["-4 team security-tracker", "-4 collaborator", "advisory GHSA-2222-3333-4444 +[] -[4]"],
    ],
    [
      "a member whose term ended loses every access",
      { teams: [{ org: "acme", slug: "security-wg", audience: "members", members: [...MEMBERS, u(6, "gone")] }], trackerCollaborators: [...TRACKER_PEOPLE, u(6, "gone")], advisories: [] },
      undefined,
      ["-6 team security-wg", "-6 collaborator"],
    ],
    [
      "a new member is added to the members' team only",
      { teams: [{ org: "acme", slug: "security-wg", audience: "members", members: TRACKER_PEOPLE }] },
      undefined,
      ["+5 team security-wg"],
    ],
    [
      "someone added by hand to the tracker is removed (and logged); on a draft advisory a non-member is left alone",
      {
        trackerCollaborators: [...TRACKER_PEOPLE, u(99, "intruder")],
        advisories: [{ repo: { owner: "acme", repo: "webapp" }, ghsaId: "GHSA-2222-3333-4444", collaborators: [...TRACKER_PEOPLE, u(77, "maintainer")] }],
      },
      undefined,
      ["-99 collaborator"],
    ],
    [
      "not kept when not configured: no collaborators read, no drafts",
      { trackerCollaborators: null, advisories: [] },
      new Roster([...ROSTER.members.map((x) => (x.id === 5 ? { ...x, tracker_access: true } : x))]),
      ["+5 team security-tracker"],
    ],
    [
      "identity is the id: a renamed account with the same id is not a change; a stranger with a member's login is",
      { trackerCollaborators: [u(1, "alice-renamed"), u(2, "bob"), u(3, "carol"), u(4, "dave"), u(1234, "erin")] },
      undefined,
      ["-1234 collaborator"],
    ],
  ])("%s", (_name, overrides, roster, expected) => {
    const effects = plan(state(overrides), roster);
    expect(changes(effects)).toEqual(expected);
    // Every change is recorded in the tracker's log, first.
    expect(effects[0]).toMatchObject({ kind: "access-log-entry", repo: TRACKER });
    expect(effects[0]?.kind === "access-log-entry" && effects[0].lines).toHaveLength(expected.length);
  });

  it("says which differences secwg did not cause", () => {
    const effects = plan(state({ trackerCollaborators: [...TRACKER_PEOPLE, u(99, "intruder")] }));
    const entry = effects[0];
    expect(entry?.kind).toBe("access-log-entry");
    if (entry?.kind !== "access-log-entry") return;
    expect(entry.why).toBe("1 difference(s) secwg did not cause");
    expect(entry.lines).toEqual(["removed `intruder` (id 99) from the collaborators of acme/security-tracker: not on the roster: access to the collaborators of acme/security-tracker was given outside secwg"]);
  });

  it("keys the log entry by the changes, so the same changes are logged once", () => {
    const a = plan(state({ trackerCollaborators: [...TRACKER_PEOPLE, u(99, "intruder")] }));
    const b = plan(state({ trackerCollaborators: [...TRACKER_PEOPLE, u(99, "intruder")] }));
    const c = plan(state({ trackerCollaborators: [...TRACKER_PEOPLE, u(98, "other")] }));
    const key = (e: Effect[]) => (e[0]?.kind === "access-log-entry" ? e[0].key : null);
    expect(key(a)).toBe(key(b));
    expect(key(a)).not.toBe(key(c));
  });

  it("never writes a login's odd characters into the log", () => {
    const effects = plan(state({ trackerCollaborators: [...TRACKER_PEOPLE, u(99, "x`<!-- secwg:y -->")] }));
    const entry = effects[0];
    expect(entry?.kind === "access-log-entry" && entry.lines.join("\n")).not.toMatch(/<!--|`x`</);
  });

  it("prints the plan for --dry-run, one line per change, and nothing to do when GitHub matches", () => {
    const granted = new Roster([...ROSTER.members.map((x) => (x.id === 5 ? { ...x, tracker_access: true } : x))]);
    expect(renderPlan(plan(state({ trackerCollaborators: [...TRACKER_PEOPLE, u(99, "intruder")] }), granted)).split("\n")).toEqual([
      "would record 4 access change(s) in the access log of acme/security-tracker: 1 difference(s) secwg did not cause",
      "would add erin (id 5) to team acme/security-tracker: tracker access on the roster",
      "would add erin (id 5) as a collaborator of acme/security-tracker: tracker access on the roster",
      "would remove intruder (id 99) from the collaborators of acme/security-tracker: not on the roster: access to the collaborators of acme/security-tracker was given outside secwg",
      "would change the collaborators of GHSA-2222-3333-4444 in acme/webapp (+erin): draft advisories follow tracker access on the roster",
    ]);
    expect(renderPlan(plan(state()))).toBe("nothing to do");
  });
});
