import { parseQuarter } from "../../src/core/board-report/quarter.js";
import { reportDueFor } from "../../src/core/board-report/schedule.js";
import { reportContentHash, signOffLogKey } from "../../src/core/board-report/sign-off.js";
import { chainEntry, parseRecord, renderRecord, verifyLog, type LogRecord } from "../../src/core/reports/report-log.js";
import { planQuarterReport } from "../../src/features/board-report/build.js";
import { readSignOffLog, runSignOffCommand } from "../../src/features/board-report/sign-off.js";
import { boardReportStep } from "../../src/sweep/steps/board-report.js";
import { SWEEP_STEPS } from "../../src/sweep/steps.js";
import type { SweepContext } from "../../src/sweep/types.js";
import { captureLogger } from "../helpers/probot.js";
import { CANARY, KEY, UNPUBLISHED_GHSA } from "../core/board-report/quarter-fixture.js";
import { BOARD_ISSUE, BOT, fakeBoardGitHub } from "./board-report-fake.js";
import { runInstallationStep } from "../../src/sweep/runner.js";

const Q4 = parseQuarter("2026Q4")!;
const ALICE = { id: 1, login: "alice" };
const SIGNERS = new Set([ALICE.id, 2]);
const FIRST_WEEK = new Date("2027-01-05T09:00:00Z");
const LATER = new Date("2027-01-20T09:00:00Z");

function sweepContext(gateway: SweepContext["gateway"], now: Date): SweepContext {
  return { installation: { id: 2, account: "acme" }, gateway, octokit: {} as SweepContext["octokit"], now, log: captureLogger().log, signingKey: KEY };
}

async function setUp(options: Parameters<typeof fakeBoardGitHub>[0] = {}) {
  const fake = fakeBoardGitHub(options);
  await boardReportStep.run(sweepContext(fake.gateway, FIRST_WEEK));
  let line = 0;
  const command = (name: "approve-report" | "publish-report", actor = ALICE, key = `${900 + ++line}-1`) =>
    runSignOffCommand(fake.gateway, {
      command: name,
      owner: "acme",
      issue: { owner: "acme", repo: "security-tracker", issue_number: BOARD_ISSUE },
      issueBody: fake.state.board?.body ?? "",
      quarter: Q4,
      actor,
      key,
      now: new Date("2027-01-06T10:00:00Z"),
      signingKey: KEY,
      isSigner: (id) => SIGNERS.has(id),
    });
  return { ...fake, command };
}

function records(comments: Array<{ body: string }>): LogRecord[] {
  return comments.map((c) => parseRecord(c.body)).filter((r): r is LogRecord => r !== null);
}

describe("board report sweep step", () => {
  it("is registered in the sweep", () => expect(SWEEP_STEPS).toContain(boardReportStep));

  it("is due in the first working week of a quarter only, in the group's calendar", () => {
    const utc = { timeZone: "UTC", holidays: [] };
    expect(reportDueFor(new Date("2027-01-01T00:00:00Z"), utc)).toEqual(Q4);
    expect(reportDueFor(new Date("2027-01-07T23:00:00Z"), utc)).toEqual(Q4); // 5th working day (Fri 1, Mon 4 … Thu 7)
    expect(reportDueFor(new Date("2027-01-08T09:00:00Z"), utc)).toBeNull();
    expect(reportDueFor(new Date("2027-01-08T09:00:00Z"), { timeZone: "UTC", holidays: ["2027-01-01"] })).toEqual(Q4);
    expect(reportDueFor(new Date("2026-12-01T09:00:00Z"), utc)).toBeNull();
    // 2027-01-01 02:00 UTC is still 31 December in Los Angeles: nothing due yet.
    expect(reportDueFor(new Date("2027-01-01T02:00:00Z"), { timeZone: "America/Los_Angeles", holidays: [] })).toBeNull();
  });

  it("opens ONE issue for the previous quarter in the first working week, and writes nothing when run again", async () => {
    const fake = fakeBoardGitHub();
    const report = await boardReportStep.run(sweepContext(fake.gateway, FIRST_WEEK));
    expect(report.actions).toEqual(["created board report 2026-Q4: https://github.com/acme/security-tracker/issues/50"]);
    expect(fake.state.board?.title).toBe("Board report 2026-Q4");
    expect(fake.state.board?.body).toContain("<!-- secwg:board-report:2026-Q4 -->");
    const again = await boardReportStep.run(sweepContext(fake.gateway, FIRST_WEEK));
    expect(again).toEqual({ actions: [], errors: [] });
    expect(fake.state.writes).toEqual(["created issue"]);
  });

  it("does not open the issue after the first working week, but regenerates an open one in place when the data changes", async () => {
    const late = fakeBoardGitHub();
    expect((await boardReportStep.run(sweepContext(late.gateway, LATER))).actions).toEqual([]);
    expect(late.state.board).toBeNull();

    const fake = fakeBoardGitHub();
    await boardReportStep.run(sweepContext(fake.gateway, FIRST_WEEK));
    fake.state.dropReport = "GHSA-bbbb-bbbb-bbbb";
    const report = await boardReportStep.run(sweepContext(fake.gateway, LATER));
    expect(report.actions).toEqual(["updated board report 2026-Q4: https://github.com/acme/security-tracker/issues/50"]);
    expect(fake.state.board?.body).toContain("6 reports received");
    expect(fake.state.writes).toEqual(["created issue", "updated issue"]);
  });

  it("with a dry run prints the plan and writes nothing", async () => {
    const fake = fakeBoardGitHub();
    const report = await runInstallationStep(boardReportStep, sweepContext(fake.gateway, FIRST_WEEK), { dryRun: true });
    expect(report.actions[0]).toContain("would ensure the board-report issue in acme/security-tracker [secwg:board-report]");
    expect(fake.state.writes).toEqual([]);
  });

  it("refuses a public tracker", async () => {
    const fake = fakeBoardGitHub({ private: false });
    const report = await boardReportStep.run(sweepContext(fake.gateway, FIRST_WEEK));
    expect(report.errors[0]).toContain("tracker repository is public");
    expect(fake.state.writes).toEqual([]);
  });

  it("leaves a published report alone", async () => {
    const fake = await setUp();
    await fake.command("approve-report");
    await fake.command("publish-report");
    fake.state.dropReport = "GHSA-bbbb-bbbb-bbbb";
    expect((await boardReportStep.run(sweepContext(fake.gateway, LATER))).actions).toEqual([]);
    expect(fake.state.board?.body).toContain("7 reports received");
  });
});

describe("/approve-report and /publish-report", () => {
  it("records a signed approval bound to the report's content, then proposes exactly that content", async () => {
    const fake = await setUp();
    const { markdown } = await planQuarterReport(fake.gateway, { owner: "acme", quarter: Q4, signingKey: KEY });
    expect(await fake.command("approve-report")).toContain("@alice approved the 2026-Q4 report");
    const log = records(fake.state.boardComments);
    expect(log).toMatchObject([{ ghsa: signOffLogKey("2026-Q4"), event: "approved", actor: ALICE, data: { contentHash: reportContentHash(markdown) } }]);
    expect(verifyLog(log, KEY).ok).toBe(true);

    expect(await fake.command("publish-report")).toBe("@alice proposed the 2026-Q4 report to the group repository: acme/security-wg#7.");
    expect(fake.state.proposals).toHaveLength(1);
    expect(fake.state.proposals[0]).toMatchObject({ repo: "acme/security-wg", proposal: { path: "reports/2026-Q4.md", content: markdown } });
    expect(records(fake.state.boardComments).map((r) => r.event)).toEqual(["approved", "published"]);
    expect(readSignOffLog(fake.state.boardComments, "2026-Q4", KEY, { id: BOT.id, login: BOT.login }).ok).toBe(true);
  });

  it("keeps the canaries of unpublished reports out of the public pull request", async () => {
    const fake = await setUp();
    await fake.command("approve-report");
    await fake.command("publish-report");
    const publicText = JSON.stringify(fake.state.proposals);
    expect(publicText).not.toContain(CANARY);
    for (const ghsa of UNPUBLISHED_GHSA) expect(publicText).not.toContain(ghsa);
  });

  it("refuses to publish without an approval", async () => {
    const fake = await setUp();
    expect(await fake.command("publish-report")).toContain("no signer has approved this report yet");
    expect(fake.state.proposals).toEqual([]);
  });

  it("refuses to publish when the report changed after the approval, and shows the new version", async () => {
    const fake = await setUp();
    await fake.command("approve-report");
    fake.state.dropReport = "GHSA-bbbb-bbbb-bbbb";
    expect(await fake.command("publish-report")).toContain("the report changed after it was approved");
    expect(fake.state.proposals).toEqual([]);
    expect(fake.state.board?.body).toContain("6 reports received");
    // A fresh approval of the new version lets it through.
    await fake.command("approve-report");
    expect(await fake.command("publish-report")).toContain("proposed the 2026-Q4 report");
    expect(fake.state.proposals[0]!.proposal.content).toContain("6 reports received");
  });

  it("refuses an approval of a version the issue does not show", async () => {
    const fake = await setUp();
    fake.state.dropReport = "GHSA-bbbb-bbbb-bbbb";
    expect(await fake.command("approve-report")).toContain("the report changed since this issue was written");
    expect(records(fake.state.boardComments)).toEqual([]);
    expect(fake.state.board?.body).toContain("6 reports received");
  });

  it("does not count the approval of someone who is no longer a signer", async () => {
    const fake = await setUp();
    const bob = { id: 2, login: "bob" };
    await fake.command("approve-report", bob);
    SIGNERS.delete(bob.id);
    try {
      expect(await fake.command("publish-report")).toContain("not applied");
      expect(fake.state.proposals).toEqual([]);
    } finally {
      SIGNERS.add(bob.id);
    }
  });

  it("ignores an approval record pasted by a person, and refuses on a broken sign-off chain", async () => {
    const fake = await setUp();
    const { markdown } = await planQuarterReport(fake.gateway, { owner: "acme", quarter: Q4, signingKey: "guessed" });
    const forged = chainEntry({ ghsa: signOffLogKey("2026-Q4"), event: "approved", actor: ALICE, at: "2027-01-05T00:00:00Z", key: "x", data: { contentHash: reportContentHash(markdown) } }, null, KEY);
    fake.say(renderRecord(forged));
    expect(await fake.command("publish-report")).toContain("no signer has approved");

    await fake.command("approve-report");
    const entry = fake.state.boardComments.find((c) => c.user?.type === "Bot")!;
    const record = parseRecord(entry.body)!;
    entry.body = renderRecord({ ...record, data: { ...record.data, contentHash: "0".repeat(64) } });
    expect(await fake.command("publish-report")).toContain("does not verify");
    expect(fake.state.proposals).toEqual([]);
  });

  it("does nothing for a redelivered command", async () => {
    const fake = await setUp();
    await fake.command("approve-report", ALICE, "77-1");
    const writes = fake.state.writes.length;
    expect(await fake.command("approve-report", ALICE, "77-1")).toBeNull();
    await fake.command("publish-report", ALICE, "78-1");
    const after = fake.state.writes.length;
    expect(await fake.command("publish-report", ALICE, "78-1")).toBeNull();
    expect(fake.state.writes.length).toBe(after);
    expect(after).toBe(writes + 2);
  });
});
