import { renderMarker } from "../../../src/core/marker.js";
import type { Advisory } from "../../../src/core/reports/advisory.js";
import { contentHash } from "../../../src/core/reports/approval.js";
import { chainEntry, type LogEntryDraft, type LogRecord } from "../../../src/core/reports/report-log.js";
import { planReportSweep, type ReportSweepInput } from "../../../src/core/reports/report-sweep.js";
import { foldReport } from "../../../src/core/reports/report-state.js";

const GHSA = "GHSA-2c4m-59x8-3pjx";
const ADVISORY: Advisory = {
  ghsaId: GHSA, owner: "acme", repo: "project", htmlUrl: "https://github.com/acme/project/security/advisories/" + GHSA, state: "draft",
  summary: "s", description: "d", severity: "high", cvssVector: null, cveId: "CVE-2026-12345", cweIds: [], credits: [], collaboratingUsers: [],
  vulnerabilities: [{ ecosystem: "pip", name: "project", vulnerableVersionRange: "< 5.1.3", patchedVersions: "5.1.3" }],
  createdAt: null, publishedAt: null, privateForkUrl: null,
};

function facts(events: Array<Pick<LogEntryDraft, "event" | "data">>) {
  const records: LogRecord[] = [];
  for (const [i, e] of events.entries()) records.push(chainEntry({ ghsa: GHSA, actor: { id: 1001, login: "alice" }, at: "2026-11-20T00:00:00.000Z", key: `k${i}`, ...e }, records.at(-1) ?? null, "k"));
  return foldReport(GHSA, records);
}

const REPORTED = { event: "reported" as const, data: { repo: "acme/project", reportedAt: "2026-11-20T10:00:00.000Z", ackDueAt: "2026-11-25T10:00:00.000Z", assigneeId: 1003, assigneeLogin: "carol" } };
const VALID = [REPORTED, { event: "acknowledged" as const, data: {} }, { event: "triaged" as const, data: { outcome: "valid" } }];
const EMBARGO = { event: "embargo-set" as const, data: { releaseAt: "2026-12-09T14:00:00.000Z", preNotifyAt: "2026-12-02T14:00:00.000Z" } };

function sweep(overrides: Partial<ReportSweepInput>) {
  return planReportSweep({
    facts: facts(VALID),
    advisory: ADVISORY,
    now: new Date("2026-11-25T12:00:00Z"),
    rules: { requiredApprovals: 1, preNotificationDays: 7, noReleaseWeekdays: [], timeZone: "UTC", cna: "github" },
    calendar: { timeZone: "UTC", holidays: [] },
    isSigner: () => true,
    chairs: [{ id: 1001, login: "alice" }],
    signers: [{ id: 1001, login: "alice" }, { id: 1004, login: "liaison" }],
    assignee: { id: 1002, login: "bob" },
    posted: new Set(),
    ...overrides,
  });
}

describe("planReportSweep", () => {
  it("reminds the assignee once the acknowledgement is due, and only once", () => {
    // The assignee is named by the login their id resolves to now, not the one the log remembers.
    const due = sweep({ facts: facts([REPORTED]), advisory: null, assignee: { id: 1003, login: "carol-renamed" } });
    expect(due).toEqual([{ kind: "comment", marker: renderMarker("ack-reminder", GHSA), what: "ack reminder", body: expect.stringContaining("@carol-renamed") }]);
    expect(sweep({ facts: facts([REPORTED]), advisory: null, posted: new Set([renderMarker("ack-reminder", GHSA)]) })).toEqual([]);
    expect(sweep({ facts: facts([REPORTED]), advisory: null, now: new Date("2026-11-25T09:59:00Z") })).toEqual([]);
  });

  it("names by id, without mentioning, people whose id no longer resolves", () => {
    const [escalation] = sweep({ facts: facts([REPORTED]), advisory: null, now: new Date("2026-11-26T10:00:00Z"), chairs: [{ id: 1001, login: null }] });
    expect(escalation).toMatchObject({ kind: "comment", body: expect.stringContaining("member with id 1001: account not found, not notified") });
    expect((escalation as { body: string }).body).not.toMatch(/@alice/);
  });

  it("reminds at the due instant itself", () => {
    expect(sweep({ facts: facts([REPORTED]), advisory: null, now: new Date(REPORTED.data.ackDueAt) })).toEqual([expect.objectContaining({ what: "ack reminder" })]);
  });

  it("escalates to the Chair a working day after the acknowledgement was due", () => {
    const overdue = sweep({ facts: facts([REPORTED]), advisory: null, now: new Date("2026-11-26T10:00:00Z") });
    expect(overdue).toEqual([expect.objectContaining({ what: "ack escalation", body: expect.stringContaining("@alice") })]);
  });

  it("posts the pre-notification with date, severity, versions and CVE at pre-notification time", () => {
    const actions = sweep({ facts: facts([...VALID, EMBARGO]), now: new Date("2026-12-02T14:00:00Z") });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ what: "pre-notification" });
    const body = (actions[0] as { body: string }).body;
    for (const fact of ["2026-12-09 14:00 UTC", "high", "< 5.1.3", "CVE-2026-12345"]) expect(body).toContain(fact);
  });

  it("publishes at the release time only when approved for the current content", () => {
    const at = new Date("2026-12-09T14:00:00Z");
    const approved = facts([...VALID, EMBARGO, { event: "approved", data: { hash: contentHash(ADVISORY, EMBARGO.data.releaseAt) } }]);
    expect(sweep({ facts: approved, now: at })).toEqual([{ kind: "publish", plan: expect.objectContaining({ event: "published" }) }]);
    expect(sweep({ facts: approved, now: new Date("2026-12-09T13:59:00Z") }).some((a) => a.kind === "publish")).toBe(false);
  });

  it("alerts the signers instead of publishing when the approval no longer matches", () => {
    const approved = facts([...VALID, EMBARGO, { event: "approved", data: { hash: contentHash(ADVISORY, EMBARGO.data.releaseAt) } }]);
    const actions = sweep({ facts: approved, advisory: { ...ADVISORY, summary: "edited" }, now: new Date("2026-12-09T14:00:00Z") });
    expect(actions.map((a) => (a.kind === "comment" ? a.what : a.kind))).toEqual(["approval invalidated", "publication blocked"]);
    expect(actions.some((a) => a.kind === "publish")).toBe(false);
  });

  it("alerts the signers when nobody approved by the release time", () => {
    const actions = sweep({ facts: facts([...VALID, EMBARGO]), now: new Date("2026-12-10T00:00:00Z") });
    expect(actions).toEqual([expect.objectContaining({ what: "publication blocked", body: expect.stringContaining("@liaison") })]);
  });

  it("does nothing for a closed report", () => {
    expect(sweep({ facts: facts([REPORTED, { event: "acknowledged", data: {} }, { event: "triaged", data: { outcome: "invalid" } }]), now: new Date("2027-01-01T00:00:00Z") })).toEqual([]);
  });
});
