import { readFileSync, writeFileSync } from "node:fs";
import { buildDashboard, renderDashboard, type DashboardInput } from "../../../src/core/dashboard/dashboard.js";

const GOLDEN = new URL("./golden/dashboard.md", import.meta.url);

export const INPUT: DashboardInput = {
  now: "2026-12-01T12:00:00.000Z",
  tracker: { owner: "acme", repo: "security-tracker" },
  reports: [
    { issue: 7, ghsa: "GHSA-bbbb-bbbb-bbbb", phase: "reported", assignee: "bob", ackDueAt: "2026-12-03T12:00:00.000Z", ackedAt: null, releaseAt: null, preNotifyAt: null, approvals: 0, requiredApprovals: 2 },
    { issue: 3, ghsa: "GHSA-aaaa-aaaa-aaaa", phase: "embargoed", assignee: "alice", ackDueAt: "2026-11-01T12:00:00.000Z", ackedAt: "2026-11-01T10:00:00.000Z", releaseAt: "2026-12-09T14:00:00.000Z", preNotifyAt: "2026-12-02T14:00:00.000Z", approvals: 1, requiredApprovals: 2 },
    { issue: 9, ghsa: "GHSA-cccc-cccc-cccc", phase: "reported", assignee: null, ackDueAt: "2026-11-28T12:00:00.000Z", ackedAt: null, releaseAt: "2027-03-01T00:00:00.000Z", preNotifyAt: null, approvals: 0, requiredApprovals: 2 },
  ],
  votes: [{ target: "acme/security-wg#18", url: "https://github.com/acme/security-wg/pull/18", subject: "frank", yes: 2, no: 0, electorate: 5, deadline: "2026-12-05T10:00:00.000Z" }],
  terms: [
    { login: "bob", roles: ["co-chair"], termEnds: "2027-06-30" },
    { login: "alice", roles: ["chair"], termEnds: "2027-01-15" },
  ],
  onboarding: [
    { login: "erin", until: "2027-01-20" },
    { login: "dave", until: "2027-03-01" },
  ],
  elections: [
    { target: "acme/security-wg#31", url: "https://github.com/acme/security-wg/issues/31", seat: "co-chair", phase: "tie", candidates: [{ login: "dave", votes: null }, { login: "erin", votes: null }], against: null, electorate: 5, deadline: null },
    { target: "acme/security-wg#30", url: "https://github.com/acme/security-wg/issues/30", seat: "chair", phase: "ballot", candidates: [{ login: "dave", votes: 2 }, { login: "erin", votes: 1 }], against: null, electorate: 5, deadline: "2026-12-15T00:00:00.000Z" },
    { target: "acme/security-wg#32", url: "https://github.com/acme/security-wg/issues/32", seat: "chair", phase: "nominations", candidates: [], against: null, electorate: null, deadline: "2026-12-08T00:00:00.000Z" },
  ],
  problems: ["the log of #12 does not verify (run `secwg log verify`)"],
};

describe("dashboard", () => {
  it("marks acknowledgements due or overdue, approvals missing, dates in the next 30 days and terms in the next 60", () => {
    const d = buildDashboard(INPUT);
    expect(d.reports.map((r) => [r.issue, r.ack, r.approvalsMissing])).toEqual([
      [3, "done", 1],
      [7, "due", 0],
      [9, "overdue", 0],
    ]);
    expect(d.upcoming.map((u) => `${u.what} ${u.ghsa}`)).toEqual(["pre-notification GHSA-aaaa-aaaa-aaaa", "release GHSA-aaaa-aaaa-aaaa"]);
    expect(d.termsEnding.map((t) => t.login)).toEqual(["alice"]);
    expect(d.onboardingEnding).toEqual([{ login: "erin", until: "2027-01-20" }]);
    expect(d.elections?.map((e) => e.target)).toEqual(["acme/security-wg#32", "acme/security-wg#30", "acme/security-wg#31"]);
  });

  it("renders the golden Markdown", () => {
    const text = renderDashboard(buildDashboard(INPUT));
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("says when votes or elections were not collected instead of showing none", () => {
    expect(renderDashboard(buildDashboard({ ...INPUT, votes: null }))).toContain("## Open votes\n\nNot collected.");
    expect(renderDashboard(buildDashboard({ ...INPUT, elections: null }))).toContain("## Open elections\n\nNot collected.");
    expect(renderDashboard(buildDashboard({ ...INPUT, elections: [] }))).toContain("## Open elections\n\nNone.");
  });
});
