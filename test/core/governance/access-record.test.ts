import { decideGrant, parseAccessRecord, renderAccessRecord, type AccessRecord } from "../../../src/core/governance/access-record.js";
import { setTrackerAccess } from "../../../src/core/governance/tracker-access-edit.js";
import { parseRosterYaml, Roster, type Member } from "../../../src/core/roster.js";

const KEY = "test-signing-key";
const TARGET = "acme/security-wg#7";
const m = (id: number, login: string, extra: Partial<Member> = {}): Member => ({ id, login, roles: ["member"], tracker_access: false, away: false, ...extra });
const ROSTER = new Roster([m(1, "alice", { roles: ["chair"] }), m(2, "bob", { roles: ["co-chair"] }), m(3, "carol", { roles: ["board-liaison"] }), m(4, "dave")]);
let nextComment = 100;
const rec = (action: "grant" | "revoke", by: number, subject = 4): AccessRecord => ({
  v: 1,
  action,
  target: TARGET,
  subject: { id: subject, login: `user${subject}` },
  by: { id: by, login: `user${by}` },
  role: by === 1 ? "chair" : "co-chair",
  comment: nextComment++,
  at: "2027-06-01T10:00:00.000Z",
});

describe("access records", () => {
  it("round-trips a signed record bound to its issue", () => {
    const record = rec("grant", 1);
    const body = `${renderAccessRecord(record, KEY)}\nRecorded.`;
    expect(parseAccessRecord(body, KEY, TARGET)).toEqual(record);
    expect(parseAccessRecord(body, KEY, "acme/security-wg#8")).toBeNull(); // copied to another issue
    expect(parseAccessRecord(body, "another key", TARGET)).toBeNull(); // forged with another key
    expect(parseAccessRecord(body + renderAccessRecord(record, KEY), KEY, TARGET)).toBeNull(); // two records
  });

  it("refuses an edited record", () => {
    const marker = renderAccessRecord(rec("grant", 1), KEY);
    const [payload, signature] = marker.replace("<!-- secwg:access-record:", "").replace(" -->", "").split(".");
    const edited = JSON.parse(Buffer.from(payload as string, "base64url").toString("utf8"));
    edited.subject.id = 5;
    const forged = `<!-- secwg:access-record:${Buffer.from(JSON.stringify(edited)).toString("base64url")}.${signature} -->`;
    expect(parseAccessRecord(forged, KEY, TARGET)).toBeNull();
  });
});

describe("decideGrant: the Chair and the Co-Chair, any order", () => {
  it.each<[string, AccessRecord[], ReturnType<typeof decideGrant>]>([
    ["nobody yet", [], { kind: "waiting", missing: ["chair", "co-chair"] }],
    ["the Chair alone", [rec("grant", 1)], { kind: "waiting", missing: ["co-chair"] }],
    ["the Co-Chair alone", [rec("grant", 2)], { kind: "waiting", missing: ["chair"] }],
    ["the Chair twice counts once", [rec("grant", 1), rec("grant", 1)], { kind: "waiting", missing: ["co-chair"] }],
    ["Chair then Co-Chair", [rec("grant", 1), rec("grant", 2)], { kind: "granted", by: { chair: 1, coChair: 2 } }],
    ["Co-Chair then Chair", [rec("grant", 2), rec("grant", 1)], { kind: "granted", by: { chair: 1, coChair: 2 } }],
    ["a revoke in between resets the grants", [rec("grant", 1), rec("revoke", 2), rec("grant", 2)], { kind: "waiting", missing: ["chair"] }],
    ["grants for another member do not count", [rec("grant", 1, 3), rec("grant", 2)], { kind: "waiting", missing: ["chair"] }],
    ["the Board Liaison's grant does not count", [rec("grant", 3), rec("grant", 2)], { kind: "waiting", missing: ["chair"] }],
  ])("%s", (_name, records, expected) => {
    expect(decideGrant(records, ROSTER, 4, "2027-06-01")).toEqual(expected);
  });

  it("counts a grant only while its author holds the role", () => {
    const newChair = new Roster([m(1, "alice"), m(9, "zoe", { roles: ["chair"] }), m(2, "bob", { roles: ["co-chair"] }), m(4, "dave")]);
    expect(decideGrant([rec("grant", 1), rec("grant", 2)], newChair, 4, "2027-06-01")).toEqual({ kind: "waiting", missing: ["chair"] });
  });

  it("one person holding both roles is not two signers", () => {
    const both = new Roster([m(1, "alice", { roles: ["chair", "co-chair"] }), m(4, "dave")]);
    expect(decideGrant([rec("grant", 1)], both, 4, "2027-06-01")).toEqual({ kind: "waiting", missing: ["co-chair"] });
  });
});

describe("setTrackerAccess: one line of the roster changes", () => {
  const TEXT = [
    "# roster",
    "members:",
    "  - login: alice",
    "    id: 1",
    "    roles: [chair]",
    "  - login: dave # display only",
    "    id: 4",
    "    joined: 2026-01-01",
    "    tracker_access: false",
    "  - id: 5",
    "    login: erin",
    "",
  ].join("\n");

  it("flips an existing field and keeps every other line", () => {
    const result = setTrackerAccess(TEXT, 4, true) as string;
    expect(result.split("\n").filter((l, i) => l !== TEXT.split("\n")[i])).toEqual(["    tracker_access: true"]);
    expect(parseRosterYaml(result, "r").byId(4)?.tracker_access).toBe(true);
  });

  it("adds the field when missing, under the entry whose id line starts it", () => {
    const result = setTrackerAccess(TEXT, 5, true) as string;
    const roster = parseRosterYaml(result, "r");
    expect(roster.byId(5)?.tracker_access).toBe(true);
    expect(roster.byId(4)?.tracker_access).toBe(false);
  });

  it("returns the text unchanged when it already says so, null for an unknown id", () => {
    expect(setTrackerAccess(TEXT, 4, false)).toBe(TEXT);
    expect(setTrackerAccess(TEXT, 42, true)).toBeNull();
  });
});
