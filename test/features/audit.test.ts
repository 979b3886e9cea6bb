import { jest } from "@jest/globals";
import { run as audit } from "../../src/cli/audit.js";
import { run as logExport } from "../../src/cli/log-export.js";
import { auditStep } from "../../src/sweep/steps/audit.js";
import type { SweepContext } from "../../src/sweep/types.js";
import type { Advisory } from "../../src/core/reports/advisory.js";
import type { Gateway, IssueComment, IssueSpec, ReportIssue } from "../../src/github/gateway.js";
import type { Reaction } from "../../src/core/vote/vote-tally.js";
import {
  ADVISORY,
  BOT,
  CANARY,
  GHSA,
  KEY,
  ON_TIME,
  REPORT_ISSUE,
  STRANGER_BOT,
  TRACKER_ISSUE_BODY,
  chain,
  closedVote,
  comment,
  logComments,
  logDrafts,
  voteComment,
  voteLogBody,
} from "../core/audit/fixture.js";

/**
 * The tracker (one published report, the votes log), the group repository's vote thread and the
 * advisory, as an in-memory gateway. Writes and reads are recorded; an unexpected call throws.
 */
function fakeGitHub() {
  const state = {
    logComments: logComments(chain(logDrafts())),
    voteThread: [voteComment(closedVote())] as IssueComment[],
    reactions: ON_TIME as Reaction[],
    advisory: { ...ADVISORY, ghsaId: GHSA, owner: "acme", repo: "widget", state: "published" } as unknown as Advisory,
    alert: null as null | { title: string; body: string; state: "open" | "closed" },
    writes: [] as string[],
    reads: [] as string[],
  };
  const issue = (number: number, body: string): ReportIssue => ({ number, state: "open", body, assignees: [] });
  const gateway: Partial<Gateway> = {
    self: async () => ({ id: BOT.id, login: BOT.login }),
    readConfigFile: async (repo) => (repo.repo === ".github" ? "reports:\n  requiredApprovals: 2\n" : null),
    getRepository: async (repo) => ({ ...repo, private: true, visibility: "private", default_branch: "main", html_url: "" }),
    listReportIssues: async (_repo, label) => {
      state.reads.push(`issues ${label}`);
      if (label === "secwg:report") return [issue(REPORT_ISSUE, TRACKER_ISSUE_BODY)];
      if (label === "secwg: votes log") return [issue(9, "<!-- secwg:votes-log:all -->")];
      if (label === "secwg: audit") return state.alert ? [{ ...issue(12, state.alert.body), state: state.alert.state }] : [];
      return [];
    },
    listAllComments: async (ref) => {
      state.reads.push(`comments ${ref.repo}#${ref.issue_number}`);
      if (ref.repo === "security-tracker" && ref.issue_number === REPORT_ISSUE) return state.logComments;
      if (ref.repo === "security-tracker" && ref.issue_number === 9) return [comment(900, voteLogBody("passed"))];
      if (ref.repo === "security-wg" && ref.issue_number === 7) return state.voteThread;
      throw new Error(`unexpected thread ${ref.repo}#${ref.issue_number}`);
    },
    listReactionsForIssueComment: async () => ({ notModified: false, data: state.reactions }),
    // The roster: signers only, whose tracker access follows their role (no grant to audit).
    readFile: async (_repo, path) => (path === "MEMBERS.yml" ? "members:\n  - { login: alice, id: 1, roles: [chair] }\n  - { login: bob, id: 2, roles: [co-chair] }\n" : null),
    searchIssues: async (query) => {
      state.reads.push(`search ${query}`);
      return { items: [], incomplete: false };
    },
    getAdvisory: async () => {
      state.reads.push("advisory");
      return state.advisory;
    },
    ensureIssue: async (_repo, marker, spec: IssueSpec) => {
      const body = spec.body.includes(marker) ? spec.body : `${marker}\n${spec.body}`;
      const next = { title: spec.title, body, state: spec.state ?? "open" };
      if (state.alert && JSON.stringify(state.alert) === JSON.stringify(next)) return { outcome: "unchanged", number: 12, html_url: "" };
      state.writes.push(`${state.alert ? "update" : "create"} ${next.state}: ${spec.title}\n${body}`);
      const outcome = state.alert ? "updated" : "created";
      state.alert = next;
      return { outcome, number: 12, html_url: "" };
    },
  };
  return { state, gateway: gateway as Gateway };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, print: (t: string) => void out.push(t), note: (t: string) => void err.push(t) };
}

const edited = (advisory: Advisory): Advisory => ({ ...advisory, description: `${CANARY} changed after the sign-off` });

describe("secwg audit", () => {
  it("agrees on a clean history and exits 0", async () => {
    const { gateway } = fakeGitHub();
    const io = capture();
    expect(await audit(["--org", "acme"], { gatewayFor: async () => gateway, signingKey: KEY, ...io })).toBe(0);
    const table = io.out.join("\n");
    expect(table).toMatch(/vote\s+acme\/security-wg#7\s+2026-02-08T10:30:00.000Z\s+passed\s+agrees/);
    expect(table).toMatch(/publication\s+GHSA-2c4m-59x8-3pjx.*agrees/);
    expect(table).toContain("3 decisions: 3 agrees, 0 disagrees, 0 cannot verify");
  });

  it("disagrees (exit 1) when the advisory was edited after approval, and prints no advisory text", async () => {
    const { gateway, state } = fakeGitHub();
    state.advisory = edited(state.advisory);
    const io = capture();
    expect(await audit(["--org", "acme", "--json"], { gatewayFor: async () => gateway, signingKey: KEY, ...io })).toBe(1);
    const rows = JSON.parse(io.out.join("")) as Array<{ kind: string; verdict: string; code: string }>;
    expect(rows.find((r) => r.kind === "publication")).toEqual(expect.objectContaining({ verdict: "disagrees", code: "advisory-changed-after-approval" }));
    expect(io.out.join("")).not.toContain(CANARY);
  });

  it("ignores a stranger bot's planted vote record and stays at exit 0", async () => {
    const { gateway, state } = fakeGitHub();
    state.voteThread.push({ ...voteComment(closedVote("failed"), KEY, 700), user: STRANGER_BOT });
    const io = capture();
    expect(await audit(["--org", "acme"], { gatewayFor: async () => gateway, signingKey: KEY, ...io })).toBe(0);
    expect(io.out.join("\n")).toMatch(/cannot verify\s+foreign-record: comment 700 by account 77/);
  });

  it("refuses a bad --since with exit 2 before reading GitHub", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => {});
    let asked = false;
    try {
      expect(await audit(["--org", "acme", "--since", "last tuesday"], { gatewayFor: async () => ((asked = true), fakeGitHub().gateway), signingKey: KEY })).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(asked).toBe(false);
  });
});

describe("the weekly audit sweep step", () => {
  const context = (gateway: Gateway, now: string): SweepContext =>
    ({ installation: { id: 1, account: "acme" }, gateway, octokit: {} as never, now: new Date(now), log: {} as never, signingKey: KEY }) as SweepContext;

  it("raises one alert, writes nothing again that week, records each week, and closes when all agree", async () => {
    const { gateway, state } = fakeGitHub();
    state.advisory = edited(state.advisory);
    const monday = "2026-03-09T08:00:00Z";
    expect((await auditStep.run(context(gateway, monday))).actions).toEqual(["raise the audit alert for 2026-W11: 1 of 3 decisions disagree"]);
    expect(state.alert?.state).toBe("open");
    expect(state.alert?.body).toContain("`advisory-changed-after-approval`");
    expect(state.writes.join("\n")).not.toContain(CANARY);

    // Later that week: one list of the alert issue, nothing else read, nothing written.
    state.reads.length = 0;
    expect(await auditStep.run(context(gateway, "2026-03-13T20:00:00Z"))).toEqual({ actions: [], errors: [] });
    expect(state.reads).toEqual(["issues secwg: audit"]);
    expect(state.writes).toHaveLength(1);

    // The advisory is restored: the next week's audit closes the alert.
    state.advisory = { ...state.advisory, description: ADVISORY.description };
    await auditStep.run(context(gateway, "2026-03-16T08:00:00Z"));
    expect(state.alert?.state).toBe("closed");
    expect(state.writes).toHaveLength(2);
  });

  it("opens the alert as one closed issue on a first clean audit, so the week is recorded", async () => {
    const { gateway, state } = fakeGitHub();
    await auditStep.run(context(gateway, "2026-03-09T08:00:00Z"));
    expect(state.writes).toEqual([expect.stringMatching(/^create closed: Audit: every decision agrees/)]);
    await auditStep.run(context(gateway, "2026-03-10T08:00:00Z"));
    expect(state.writes).toHaveLength(1);
  });
});

describe("secwg log export", () => {
  it("prints the verified records as JSON lines", async () => {
    const { gateway } = fakeGitHub();
    const io = capture();
    expect(await logExport(["--org", "acme", "--since", "2026-02-20", "--format", "jsonl"], { gatewayFor: async () => gateway, signingKey: KEY, ...io })).toBe(0);
    const lines = io.out.join("").trim().split("\n").map((l) => JSON.parse(l) as { event: string });
    expect(lines.map((l) => l.event)).toEqual(["approved", "approved", "published"]);
    expect(io.err).toEqual([]);
  });

  it("writes CSV to --out and names a log that does not verify on stderr (exit 1)", async () => {
    const { gateway, state } = fakeGitHub();
    state.logComments = state.logComments.filter((_, i) => i !== 3);
    const io = capture();
    const files = new Map<string, string>();
    const code = await logExport(["--org", "acme", "--since", "2026-01-01", "--format", "csv", "--out", "log.csv"], { gatewayFor: async () => gateway, signingKey: KEY, ...io, writeFile: (p, t) => void files.set(p, t) });
    expect(code).toBe(1);
    expect(files.get("log.csv")?.split("\r\n").filter(Boolean)).toHaveLength(4); // header + entries 0..2
    expect(io.err).toEqual([`acme/security-tracker#${REPORT_ISSUE} (${GHSA}): entries left out, they do not verify (unchained)`]);
    expect(io.out).toEqual([]);
  });

  it("refuses a format it does not know (exit 2)", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await logExport(["--org", "acme", "--since", "2026-01-01", "--format", "xml"], { gatewayFor: async () => fakeGitHub().gateway, signingKey: KEY })).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});
