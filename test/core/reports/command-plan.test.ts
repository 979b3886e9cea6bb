import fc from "fast-check";
import type { Advisory } from "../../../src/core/reports/advisory.js";
import { contentHash } from "../../../src/core/reports/approval.js";
import { planReportCommand, type PlanInput } from "../../../src/core/reports/command-plan.js";
import type { ReportArgs } from "../../../src/core/reports/command-specs.js";
import { chainEntry, type LogEntryDraft, type LogRecord } from "../../../src/core/reports/report-log.js";
import { foldReport } from "../../../src/core/reports/report-state.js";

const GHSA = "GHSA-2c4m-59x8-3pjx";
const ADVISORY: Advisory = {
  ghsaId: GHSA,
  owner: "acme",
  repo: "project",
  htmlUrl: `https://github.com/acme/project/security/advisories/${GHSA}`,
  state: "draft",
  summary: "summary",
  description: "description",
  severity: "high",
  cvssVector: null,
  cveId: null,
  cweIds: [],
  credits: [],
  collaboratingUsers: [],
  vulnerabilities: [{ ecosystem: "pip", name: "project", vulnerableVersionRange: "< 5.1.3", patchedVersions: "5.1.3" }],
  createdAt: "2026-11-20T10:00:00Z",
  publishedAt: null,
  privateForkUrl: null,
};
const CHAIR = { id: 1001, login: "alice" };
const TRACKER = { owner: "acme", repo: "security-tracker", issue_number: 7 };

function facts(events: Array<Pick<LogEntryDraft, "event" | "data"> & { actor?: { id: number; login: string } }>) {
  const records: LogRecord[] = [];
  for (const [i, e] of events.entries()) {
    records.push(chainEntry({ ghsa: GHSA, actor: e.actor ?? CHAIR, at: "2026-11-2" + i + "T00:00:00.000Z", key: `k${i}`, event: e.event, data: e.data }, records.at(-1) ?? null, "k"));
  }
  return foldReport(GHSA, records);
}

const TRIAGED = [{ event: "reported" as const, data: {} }, { event: "acknowledged" as const, data: {} }, { event: "triaged" as const, data: { outcome: "valid" } }];

function plan(args: ReportArgs, overrides: Partial<PlanInput> = {}) {
  return planReportCommand({
    args,
    facts: facts(TRIAGED),
    advisory: ADVISORY,
    actor: CHAIR,
    now: new Date("2026-11-25T12:00:00Z"),
    rules: { requiredApprovals: 1, preNotificationDays: 7, noReleaseWeekdays: ["friday"], timeZone: "UTC", cna: "github" },
    isSigner: () => true,
    repoPrivate: false,
    tracker: TRACKER,
    ...overrides,
  });
}

describe("planReportCommand", () => {
  it("maps the group's `moderate` to GitHub's `medium`", () => {
    expect(plan({ command: "severity", severity: "moderate" })).toMatchObject({
      kind: "accept",
      effects: [{ kind: "update-advisory", repo: { owner: "acme", repo: "project" }, ghsaId: GHSA, patch: { severity: "medium" } }],
    });
  });

  it("records a severity that is already set without writing to the advisory", () => {
    expect(plan({ command: "severity", severity: "high" })).toMatchObject({ kind: "accept", effects: [] });
  });

  it("closes the advisory and the tracker issue for an invalid report", () => {
    const triage = planReportCommand({ ...inputFor({ command: "triage", outcome: "invalid" }), facts: facts(TRIAGED.slice(0, 2)) });
    expect(triage).toMatchObject({
      kind: "accept",
      data: { outcome: "invalid" },
      effects: [{ kind: "update-advisory", ghsaId: GHSA, patch: { state: "closed" } }],
      then: [{ kind: "close-issue", repo: { owner: "acme", repo: "security-tracker" }, number: 7, reason: "not_planned" }],
    });
  });

  it("accepts a valid report from triage into draft", () => {
    const triage = planReportCommand({ ...inputFor({ command: "triage", outcome: "valid" }), facts: facts(TRIAGED.slice(0, 2)), advisory: { ...ADVISORY, state: "triage" } });
    expect(triage).toMatchObject({ kind: "accept", effects: [{ kind: "update-advisory", patch: { state: "draft" } }] });
  });

  it("refuses to request a CVE for a private repository and asks for the id when the project is its own CNA", () => {
    expect(plan({ command: "cve" }, { repoPrivate: true })).toEqual({ kind: "refuse", reason: expect.stringContaining("public repositories") });
    const self = { requiredApprovals: 1, preNotificationDays: 7, noReleaseWeekdays: [], timeZone: "UTC", cna: "self" as const };
    expect(plan({ command: "cve" }, { rules: self })).toEqual({ kind: "refuse", reason: expect.stringContaining("/cve CVE-2026-12345") });
    expect(plan({ command: "cve", cveId: "CVE-2026-12345" }, { rules: self })).toMatchObject({ kind: "accept", effects: [{ patch: { cve_id: "CVE-2026-12345" } }] });
  });

  it("binds an approval to the content hash and refuses publication after an edit", () => {
    const approve = plan({ command: "approve" });
    expect(approve).toMatchObject({ kind: "accept", event: "approved", data: { hash: contentHash(ADVISORY) } });
    const approved = facts([...TRIAGED, { event: "approved", data: { hash: contentHash(ADVISORY) } }]);
    expect(plan({ command: "publish" }, { facts: approved })).toMatchObject({ kind: "accept", event: "published" });
    const edited = { ...ADVISORY, description: "rewritten after sign-off" };
    const refused = plan({ command: "publish" }, { facts: approved, advisory: edited });
    expect(refused).toEqual({ kind: "refuse", reason: expect.stringContaining("the advisory was edited since") });
  });

  it("refuses a second approval of the same version by the same signer", () => {
    const approved = facts([...TRIAGED, { event: "approved", data: { hash: contentHash(ADVISORY) } }]);
    expect(plan({ command: "approve" }, { facts: approved })).toEqual({ kind: "refuse", reason: expect.stringContaining("already approved") });
  });

  it("needs the configured number of distinct signers", () => {
    const rules = { requiredApprovals: 2, preNotificationDays: 7, noReleaseWeekdays: [], timeZone: "UTC", cna: "github" as const };
    const one = facts([...TRIAGED, { event: "approved", data: { hash: contentHash(ADVISORY) } }]);
    expect(plan({ command: "publish" }, { facts: one, rules })).toMatchObject({ kind: "refuse" });
    const two = facts([...TRIAGED, { event: "approved", data: { hash: contentHash(ADVISORY) } }, { event: "approved", data: { hash: contentHash(ADVISORY) }, actor: { id: 1002, login: "bob" } }]);
    expect(plan({ command: "publish" }, { facts: two, rules })).toMatchObject({ kind: "accept" });
  });

  it("refuses an embargo on a no-release weekday with the reason", () => {
    expect(plan({ command: "embargo", text: "2026-12-04T14:00Z" })).toEqual({ kind: "refuse", reason: expect.stringContaining("Friday") });
  });
});

function inputFor(args: ReportArgs): PlanInput {
  return {
    args,
    facts: facts(TRIAGED),
    advisory: ADVISORY,
    actor: CHAIR,
    now: new Date("2026-11-25T12:00:00Z"),
    rules: { requiredApprovals: 1, preNotificationDays: 7, noReleaseWeekdays: [], timeZone: "UTC", cna: "github" },
    isSigner: () => true,
    tracker: TRACKER,
  };
}

describe("what an approval binds to", () => {
  it("voids the approvals when the release time moves after sign-off, and publication waits for new ones", () => {
    const embargo = { event: "embargo-set" as const, data: { releaseAt: "2026-12-30T14:00:00.000Z", preNotifyAt: "2026-12-23T14:00:00.000Z" } };
    const approved = facts([...TRIAGED, embargo, { event: "approved", data: { hash: contentHash(ADVISORY, embargo.data.releaseAt) } }]);
    expect(plan({ command: "publish" }, { facts: approved })).toMatchObject({ kind: "accept" });
    const moved = facts([
      ...TRIAGED,
      embargo,
      { event: "approved", data: { hash: contentHash(ADVISORY, embargo.data.releaseAt) } },
      { event: "embargo-set", data: { releaseAt: "2026-11-25T12:10:00.000Z", preNotifyAt: "2026-11-18T12:10:00.000Z" } },
    ]);
    expect(plan({ command: "publish" }, { facts: moved })).toEqual({ kind: "refuse", reason: expect.stringContaining("approvals for an earlier version") });
    expect(plan({ command: "status" }, { facts: moved })).toEqual({ kind: "reply", body: expect.stringContaining("is **embargoed**") });
  });

  it("refuses an /approve whose hash is not the current content's, and accepts the current one", () => {
    const current = contentHash(ADVISORY).slice(0, 8);
    expect(plan({ command: "approve", hash: "00000000" })).toEqual({ kind: "refuse", reason: expect.stringContaining(`now reads as \`${current}\``) });
    expect(plan({ command: "approve", hash: current })).toMatchObject({ kind: "accept", event: "approved" });
  });

  it("shows the content hash to approve in /status", () => {
    expect(plan({ command: "status" })).toEqual({ kind: "reply", body: expect.stringContaining(`\`/approve ${contentHash(ADVISORY).slice(0, 8)}\``) });
  });

  it("refuses an /approve written before the advisory's last change, and accepts one written after", () => {
    const edited = { ...ADVISORY, updatedAt: "2026-11-25T11:59:30Z" };
    expect(plan({ command: "approve" }, { advisory: edited, commentAt: "2026-11-25T11:59:00Z" })).toEqual({ kind: "refuse", reason: expect.stringContaining("after this command was written") });
    expect(plan({ command: "approve" }, { advisory: edited, commentAt: "2026-11-25T11:59:31Z" })).toMatchObject({ kind: "accept" });
  });

  // Property: an edit strictly after the comment was written always refuses the approval.
  it("never accepts an /approve older than the latest change of the advisory or its release time", () => {
    const base = Date.parse("2026-11-25T00:00:00Z");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400 }), fc.integer({ min: 1, max: 86_400 }), fc.boolean(), (commentOffset, lag, viaEmbargo) => {
        const commentAt = new Date(base + commentOffset * 1000).toISOString();
        const changedAt = new Date(base + (commentOffset + lag) * 1000).toISOString();
        const input = viaEmbargo
          ? { facts: foldReport(GHSA, chain([...TRIAGED, { event: "embargo-set", data: { releaseAt: "2026-12-30T14:00:00.000Z", preNotifyAt: "2026-12-23T14:00:00.000Z" } }], changedAt)) }
          : { advisory: { ...ADVISORY, updatedAt: changedAt } };
        expect(plan({ command: "approve" }, { ...input, commentAt }).kind).toBe("refuse");
      }),
    );
  });
});

function chain(events: Array<Pick<LogEntryDraft, "event" | "data">>, at: string): LogRecord[] {
  const records: LogRecord[] = [];
  for (const [i, e] of events.entries()) records.push(chainEntry({ ghsa: GHSA, actor: CHAIR, at, key: `k${i}`, event: e.event, data: e.data }, records.at(-1) ?? null, "k"));
  return records;
}
