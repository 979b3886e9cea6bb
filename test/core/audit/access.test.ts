import { auditAccess, type AccessAuditInput } from "../../../src/core/audit/access.js";
import { renderAccessRecord, type AccessRecord } from "../../../src/core/governance/access-record.js";
import { parseRosterYaml } from "../../../src/core/roster.js";

const KEY = "audit-access-key";
const THREAD = "acme/security-wg#4";
const roster = parseRosterYaml(
  [
    "members:",
    "  - { login: alice, id: 1, roles: [chair] }",
    "  - { login: bob, id: 2, roles: [co-chair] }",
    "  - { login: erin, id: 5, roles: [member], joined: 2026-01-10, tracker_access: true }",
  ].join("\n"),
  "roster",
);
const record = (over: Partial<AccessRecord>): AccessRecord => ({
  v: 1,
  action: "grant",
  target: THREAD,
  subject: { id: 5, login: "erin" },
  by: { id: 1, login: "alice" },
  role: "chair",
  comment: 10,
  at: "2026-08-01T10:00:00.000Z",
  ...over,
});
const chair = record({});
const coChair = record({ by: { id: 2, login: "bob" }, role: "co-chair", comment: 11, at: "2026-08-02T10:00:00.000Z" });
const input = (records: AccessRecord[], over: Partial<AccessAuditInput> = {}): AccessAuditInput => ({
  signingKey: KEY,
  since: null,
  members: roster.members,
  onboardingMonths: 6,
  today: "2026-12-01",
  threads: [{ target: THREAD, ours: records.map((r) => ({ id: r.comment, body: `reply\n${renderAccessRecord(r, KEY)}` })), foreign: [] }],
  incomplete: false,
  ...over,
});
const verdicts = (rows: ReturnType<typeof auditAccess>) => rows.map((r) => [r.subject, r.verdict, r.code]);

describe("audit of tracker-access grants", () => {
  it("agrees when the Chair and the Co-Chair granted in one issue after onboarding ended", () => {
    expect(verdicts(auditAccess(input([chair, coChair])))).toEqual([["erin (id 5)", "agrees", "grant-recomputed"]]);
  });

  it("disagrees on a grant by one signer only, or by one person recorded twice", () => {
    expect(verdicts(auditAccess(input([chair])))).toEqual([["erin (id 5)", "disagrees", "grant-incomplete"]]);
    expect(verdicts(auditAccess(input([chair, record({ comment: 12, role: "co-chair" })])))).toEqual([["erin (id 5)", "disagrees", "grant-incomplete"]]);
  });

  it("disagrees on grants in two different issues, on a grant during onboarding, and on access kept after a revoke", () => {
    const elsewhere = { ...coChair, target: "acme/security-wg#9" };
    const split = input([chair], { threads: [...input([chair]).threads, { target: "acme/security-wg#9", ours: [{ id: 11, body: renderAccessRecord(elsewhere, KEY) }], foreign: [] }] });
    expect(verdicts(auditAccess(split))).toEqual([["erin (id 5)", "disagrees", "grant-incomplete"]]);
    const early = [record({ at: "2026-07-01T10:00:00.000Z" }), { ...coChair, at: "2026-07-02T10:00:00.000Z" }];
    expect(verdicts(auditAccess(input(early)))).toEqual([["erin (id 5)", "disagrees", "granted-during-onboarding"]]);
    const revoked = [chair, coChair, record({ action: "revoke", comment: 13, at: "2026-09-01T10:00:00.000Z" })];
    expect(verdicts(auditAccess(input(revoked)))).toEqual([["erin (id 5)", "disagrees", "grant-revoked"]]);
  });

  it("an edited record disagrees and does not count; a record signed with another key is an edited one", () => {
    const edited = input([chair, coChair]);
    const threads = [{ ...edited.threads[0]!, ours: [edited.threads[0]!.ours[0]!, { id: 11, body: renderAccessRecord(coChair, "another-key") }] }];
    expect(verdicts(auditAccess({ ...edited, threads }))).toEqual([
      [THREAD, "disagrees", "grant-record-edited"],
      ["erin (id 5)", "disagrees", "grant-incomplete"],
    ]);
  });

  it("cannot verify access set on the roster with no grant at all, nor with an unusable roster", () => {
    expect(verdicts(auditAccess(input([])))).toEqual([["erin (id 5)", "cannot-verify", "grant-not-recorded"]]);
    expect(verdicts(auditAccess(input([], { members: [], rosterProblem: "roster-invalid" })))).toEqual([["roster", "cannot-verify", "roster-unusable"]]);
  });
});
