import { buildDashboard, type DashboardInput } from "../../../src/core/dashboard/dashboard.js";
import { isAckOverdue } from "../../../src/core/reports/ack-deadline.js";

const DUE = "2026-11-25T10:00:00.000Z";

describe("the acknowledgement deadline", () => {
  it("is overdue from the due instant on, not a millisecond before", () => {
    expect(isAckOverdue(DUE, Date.parse(DUE) - 1)).toBe(false);
    expect(isAckOverdue(DUE, Date.parse(DUE))).toBe(true);
    expect(isAckOverdue(DUE, new Date(Date.parse(DUE) + 1))).toBe(true);
  });

  it("is never overdue without a due date", () => {
    expect(isAckOverdue(null, Date.parse(DUE))).toBe(false);
  });

  it("shows on the dashboard as overdue at the due instant, as the sweep's reminder counts it", () => {
    const input = (now: number): DashboardInput => ({
      now: new Date(now).toISOString(),
      tracker: { owner: "acme", repo: "security-tracker" },
      reports: [{ issue: 7, ghsa: "GHSA-bbbb-bbbb-bbbb", phase: "reported", assignee: "bob", ackDueAt: DUE, ackedAt: null, releaseAt: null, preNotifyAt: null, approvals: 0, requiredApprovals: 2 }],
      votes: [],
      terms: [],
      problems: [],
    });
    expect(buildDashboard(input(Date.parse(DUE) - 1)).reports[0]?.ack).toBe("due");
    expect(buildDashboard(input(Date.parse(DUE))).reports[0]?.ack).toBe("overdue");
  });
});
