import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../src/cli/report.js";
import { renderRecord } from "../../src/core/reports/report-log.js";
import { renderTrackerIssue } from "../../src/core/reports/tracker-issue.js";
import type { Gateway, IssueComment, IssueSpec, NamedCheckRun } from "../../src/github/gateway.js";
import { renderRecord as renderReviewRecord, type ReviewRecord } from "../../src/core/review/checklist.js";
import { CANARY, KEY, LOGS, SPECS, UNPUBLISHED_GHSA } from "../core/board-report/quarter-fixture.js";

const BOT = { id: 99, login: "secwg[bot]", type: "Bot" };

/** The tracker as GitHub would list it: one issue per report, its log in secwg's comments. */
interface FlaggedPull {
  number: number;
  createdAt: string;
  checklist: string | null;
  checkRuns: NamedCheckRun[];
}

const searches: string[] = [];

function fakeTracker(options: { private?: boolean; tamper?: string; strangerRecord?: boolean; pulls?: FlaggedPull[] } = {}) {
  const issues = SPECS.map((spec, i) => ({
    number: i + 1,
    state: "open" as const,
    body: renderTrackerIssue({
      advisory: { ghsaId: spec.ghsa, owner: spec.repo.split("/")[0] as string, repo: spec.repo.split("/")[1] as string, htmlUrl: "https://example.invalid", severity: null },
      reportedAt: spec.reported,
      ackDueAt: spec.reported,
      assignee: null,
      requiredApprovals: 1,
      preNotificationDays: 7,
      timeZone: "UTC",
    }).body,
    assignees: [],
  }));
  const ensured: Array<{ marker: string; spec: IssueSpec }> = [];
  const gateway = {
    readConfigFile: async (repo: { repo: string }) => (repo.repo === ".github" ? "reports:\n  timeZone: UTC\n  ackWorkingDays: 3\n" : null),
    self: async () => ({ id: BOT.id, login: BOT.login }),
    getRepository: async (repo: { owner: string; repo: string }) => ({ ...repo, private: options.private ?? true, default_branch: "main", html_url: "" }),
    listReportIssues: async () => issues,
    searchIssues: async (query: string) => {
      searches.push(query);
      return { incomplete: false, items: (options.pulls ?? []).map((p) => ({ owner: "acme", repo: "web", number: p.number, isPull: true, createdAt: p.createdAt, closedAt: null })) };
    },
    // The gateway's find-by-marker keeps secwg's own comments only.
    findComment: async ({ issue_number }: { issue_number: number }) => {
      const pull = options.pulls?.find((p) => p.number === issue_number);
      return pull?.checklist ? { id: issue_number, body: pull.checklist, user: BOT, html_url: "", created_at: pull.createdAt, updated_at: "" } : null;
    },
    getPull: async ({ issue_number }: { issue_number: number }) => ({ head: { sha: `head-${issue_number}`, ref: "topic", repo: null } }),
    listCheckRunsNamed: async (_repo: unknown, ref: string) => options.pulls?.find((p) => `head-${p.number}` === ref)?.checkRuns ?? [],
    listAllComments: async ({ issue_number }: { issue_number: number }): Promise<IssueComment[]> => {
      const log = LOGS[issue_number - 1]!;
      const records = log.records.map((r) => (options.tamper === log.ghsa && r.seq === 1 ? { ...r, at: "2026-10-01T00:00:00.000Z" } : r));
      const comments = records.map((r, i) => ({ id: issue_number * 100 + i, body: `**Log #${r.seq}**\n${renderRecord(r)}`, user: BOT, html_url: "", created_at: "", updated_at: "" }));
      if (options.strangerRecord && issue_number === 1) {
        // A person pastes a copy of a valid record: only secwg's own (Bot) comments hold the log.
        comments.push({ id: 1, body: renderRecord(records[0]!), user: { id: 5, login: "mallory", type: "User" }, html_url: "", created_at: "", updated_at: "" });
      }
      return comments;
    },
    ensureIssue: async (_repo: unknown, marker: string, spec: IssueSpec) => {
      const before = ensured.find((e) => e.marker === marker);
      if (before && before.spec.body === spec.body) return { outcome: "unchanged" as const, number: 50, html_url: "https://github.com/acme/security-tracker/issues/50" };
      ensured.push({ marker, spec });
      return { outcome: before ? ("updated" as const) : ("created" as const), number: 50, html_url: "https://github.com/acme/security-tracker/issues/50" };
    },
  };
  return { gateway: gateway as unknown as Gateway, ensured };
}

async function secwgReport(args: string[], tracker = fakeTracker()) {
  const printed: string[] = [];
  const notes: string[] = [];
  const code = await run(args, { gatewayFor: async () => tracker.gateway, signingKey: KEY, print: (t) => printed.push(t), note: (t) => notes.push(t) });
  return { code, printed: printed.join("\n"), notes: notes.join("\n"), ensured: tracker.ensured };
}

describe("secwg report", () => {
  it("prints the quarter's report from the verified logs and opens one tracker issue for it", async () => {
    const { code, printed, notes, ensured } = await secwgReport(["--quarter", "2026Q4", "--org", "acme"]);
    expect(code).toBe(0);
    expect(printed).toContain("7 reports received. Not a valid vulnerability: 60 %");
    expect(ensured).toHaveLength(1);
    expect(ensured[0]!.spec.title).toBe("Board report 2026-Q4");
    expect(ensured[0]!.marker).toBe("<!-- secwg:board-report:2026-Q4 -->");
    expect(notes).toContain("created: https://github.com/acme/security-tracker/issues/50");
  });

  it("regenerates the same issue in place and writes nothing when the figures did not change", async () => {
    const tracker = fakeTracker();
    await secwgReport(["--quarter", "2026Q4", "--org", "acme"], tracker);
    const again = await secwgReport(["--quarter", "2026Q4", "--org", "acme"], tracker);
    expect(again.notes).toContain("unchanged");
    expect(tracker.ensured).toHaveLength(1);
  });

  it("with --dry-run prints the plan and writes nothing to GitHub", async () => {
    const { code, notes, ensured } = await secwgReport(["--quarter", "2026Q4", "--org", "acme", "--dry-run"]);
    expect(code).toBe(0);
    expect(notes).toContain("would ensure the board-report issue in acme/security-tracker [secwg:board-report]");
    expect(ensured).toHaveLength(0);
  });

  it("writes the Markdown to --out", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "secwg-report-")), "report.md");
    expect((await secwgReport(["--quarter", "2026Q4", "--org", "acme", "--out", file, "--dry-run"])).code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("# Security Working Group report, 2026-Q4");
  });

  it("keeps every canary of the unpublished reports out of every output", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "secwg-report-")), "report.md");
    const { printed, notes, ensured } = await secwgReport(["--quarter", "2026Q4", "--org", "acme"]);
    await secwgReport(["--quarter", "2026Q4", "--org", "acme", "--out", file]);
    for (const output of [printed, notes, ensured.map((e) => `${e.spec.title}\n${e.spec.body}`).join("\n"), readFileSync(file, "utf8")]) {
      expect(output).not.toContain(CANARY);
      for (const ghsa of UNPUBLISHED_GHSA) expect(output).not.toContain(ghsa);
    }
  });

  it("leaves a log whose chain does not verify out of the figures and says so", async () => {
    const { printed } = await secwgReport(["--quarter", "2026Q4", "--org", "acme", "--dry-run"], fakeTracker({ tamper: "GHSA-bbbb-bbbb-bbbb" }));
    expect(printed).toContain("6 reports received");
    expect(printed).toContain("1 report log did not verify");
  });

  it("reads the log from secwg's own comments only", async () => {
    const { printed } = await secwgReport(["--quarter", "2026Q4", "--org", "acme", "--dry-run"], fakeTracker({ strangerRecord: true }));
    expect(printed).toContain("7 reports received");
    expect(printed).not.toContain("did not verify");
  });

  it("refuses a public tracker", async () => {
    const { code, notes } = await secwgReport(["--quarter", "2026Q4", "--org", "acme"], fakeTracker({ private: false }));
    expect(code).toBe(1);
    expect(notes).toContain("acme/security-tracker is public");
  });

  it("exits 2 for a malformed quarter", async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (t: string) => void errors.push(t);
    try {
      expect(await run(["--quarter", "2026Q5", "--org", "acme"], { gatewayFor: async () => fakeTracker().gateway })).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors.join("\n")).toContain("expected a quarter like 2026Q4");
  });

  describe("security reviews", () => {
    const target = (n: number) => `acme/web#${n}`;
    const checklist = (n: number, record: Partial<ReviewRecord>, key = KEY) =>
      `<!-- secwg:review-checklist:${n} -->\nchecklist\n${renderReviewRecord({ v: 1, labelAdded: true, forced: null, skip: null, ...record }, key, target(n))}`;
    const run = (over: Partial<NamedCheckRun> = {}): NamedCheckRun => ({
      id: 1,
      externalId: "secwg:security-review",
      appSlug: "secwg",
      status: "completed",
      conclusion: "success",
      title: "Approved by `alice`",
      startedAt: "2026-10-10T09:00:00Z",
      completedAt: "2026-10-10T13:00:00Z",
      ...over,
    });
    const skip = { sha: "head-2", by: 1, login: "alice", reason: "docs only", at: "2026-11-02T10:00:00Z" };
    const pulls: FlaggedPull[] = [
      // Approved four hours after secwg flagged it.
      { number: 1, createdAt: "2026-10-10T09:00:00Z", checklist: checklist(1, {}), checkRuns: [run()] },
      // Skipped by a signer.
      { number: 2, createdAt: "2026-11-02T09:00:00Z", checklist: checklist(2, { skip }), checkRuns: [run({ title: "Review skipped by alice", completedAt: "2026-11-02T10:00:00Z" })] },
      // Still waiting; another app's "approval" of the same name and external id does not count.
      { number: 3, createdAt: "2026-12-01T09:00:00Z", checklist: checklist(3, {}), checkRuns: [run({ appSlug: "impostor", completedAt: "2026-12-01T10:00:00Z" })] },
      // A record signed with another key (or edited): left out and counted.
      { number: 4, createdAt: "2026-12-02T09:00:00Z", checklist: checklist(4, {}, "another-key"), checkRuns: [run()] },
      // A record copied from another pull request: bound to #1, so it does not verify here.
      { number: 5, createdAt: "2026-12-03T09:00:00Z", checklist: checklist(1, {}).replace("review-checklist:1", "review-checklist:5"), checkRuns: [run()] },
      // Labelled, but secwg never flagged it (no checklist of secwg's): not counted at all.
      { number: 6, createdAt: "2026-12-04T09:00:00Z", checklist: null, checkRuns: [] },
      // Flagged in the previous quarter: outside the figures.
      { number: 7, createdAt: "2026-09-20T09:00:00Z", checklist: checklist(7, {}), checkRuns: [run({ completedAt: "2026-09-21T09:00:00Z" })] },
    ];

    it("counts flagged, reviewed and skipped pull requests and the turnaround from secwg's own records and check runs", async () => {
      searches.length = 0;
      const { code, printed } = await secwgReport(["--org", "acme", "--quarter", "2026Q4", "--dry-run"], fakeTracker({ pulls }));
      expect(code).toBe(0);
      const text = printed;
      expect(text).toContain("- Flagged: 3; reviewed: 1; review skipped by a signer: 1.");
      expect(text).toContain("- Review turnaround: median 4 hours, 90th percentile 4 hours (1).");
      expect(text).toContain("- Left out: 2 pull requests whose review record did not verify.");
      expect(searches).toEqual(['is:pr org:acme label:"security-review" updated:>=2026-09-30']);
    });
  });
});
