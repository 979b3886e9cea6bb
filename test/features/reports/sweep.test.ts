import { parseRecord, type LogRecord } from "../../../src/core/reports/report-log.js";
import { OctokitGateway } from "../../../src/github/octokit-gateway.js";
import { createSecwgOctokit } from "../../../src/octokit.js";
import { reportsStep } from "../../../src/features/reports/sweep.js";
import { SWEEP_STEPS } from "../../../src/sweep/steps.js";
import type { SweepContext } from "../../../src/sweep/types.js";
import { captureLogger, createTestApp, useStrictNock, type TestApp } from "../../helpers/probot.js";
import type { FakeGitHub } from "./fake-github.js";
import { commentEvent, GHSA, KEY, PEOPLE, reportedEvent, setUpFake } from "./scenario.js";
import { runInstallationStep } from "../../../src/sweep/runner.js";

useStrictNock();

function sweepContext(now: string): SweepContext & { lines: string[] } {
  const Octokit = createSecwgOctokit({ throttle: false, retry: false });
  const octokit = new Octokit({ auth: { token: "ghs_sweeptoken" } } as any);
  const { log, lines } = captureLogger();
  return { installation: { id: 2, account: "Codertocat" }, gateway: new OctokitGateway(octokit), octokit, now: new Date(now), log, signingKey: KEY, lines };
}

function events(fake: FakeGitHub): string[] {
  return fake.trackerIssue(1).comments.map((c) => parseRecord(c.body)).filter((r): r is LogRecord => r !== null).map((r) => r.event);
}

async function say(fake: FakeGitHub, app: TestApp, who: { login: string; id: number }, body: string): Promise<void> {
  await app.probot.receive(commentEvent(fake, fake.comment(1, body, who)));
}

/** A report triaged valid with a release on Wednesday 9 December 2026, 14:00 UTC. */
async function embargoed(approve: boolean): Promise<FakeGitHub> {
  const fake = setUpFake();
  const app = await createTestApp();
  await app.probot.receive(reportedEvent());
  for (const command of ["/ack", "/triage valid", "/embargo 2026-12-09T14:00Z"]) await say(fake, app, PEOPLE.dave, command);
  if (approve) await say(fake, app, PEOPLE.alice, "/approve");
  return fake;
}

describe("sweep: reports", () => {
  it("is registered in the sweep", () => {
    expect(SWEEP_STEPS).toContain(reportsStep);
  });

  it("takes in a draft created by hand that no webhook announced, once", async () => {
    const fake = setUpFake((a) => {
      a.state = "draft";
    });
    const first = await reportsStep.run(sweepContext("2026-11-25T12:00:00Z"));
    expect(first).toEqual({ actions: [`took in ${GHSA} from Codertocat/Hello-World (created)`], errors: [] });
    expect(fake.issues).toHaveLength(1);
    const before = fake.writes.length;
    const second = await reportsStep.run(sweepContext("2026-11-25T13:00:00Z"));
    expect(second).toEqual({ actions: [], errors: [] });
    expect(fake.writes.slice(before)).toEqual([]);
  });

  it("reminds the assignee when the acknowledgement is due and escalates to the chairs a working day later, each once", async () => {
    const fake = setUpFake();
    const app = await createTestApp();
    await app.probot.receive(reportedEvent()); // reported Tue 24 Nov 09:15, due Fri 27 Nov 09:15

    expect((await reportsStep.run(sweepContext("2026-11-27T09:00:00Z"))).actions).toEqual([]);
    expect((await reportsStep.run(sweepContext("2026-11-27T09:15:00Z"))).actions).toEqual([`posted ack reminder for ${GHSA} (#1)`]);
    expect((await reportsStep.run(sweepContext("2026-11-27T18:00:00Z"))).actions).toEqual([]);
    // The weekend does not count: overdue by a working day on Monday 30 Nov 09:15.
    expect((await reportsStep.run(sweepContext("2026-11-29T12:00:00Z"))).actions).toEqual([]);
    expect((await reportsStep.run(sweepContext("2026-11-30T09:15:00Z"))).actions).toEqual([`posted ack escalation for ${GHSA} (#1)`]);
    const comments = fake.trackerIssue(1).comments.map((c) => c.body);
    expect(comments.find((b) => b.includes("secwg:ack-reminder"))).toContain("@alice the acknowledgement");
    expect(comments.find((b) => b.includes("secwg:ack-escalation"))).toContain("@alice @bob");
  });

  it("posts the pre-notification text in the tracker at pre-notification time", async () => {
    const fake = await embargoed(true);
    expect((await reportsStep.run(sweepContext("2026-12-02T13:59:00Z"))).actions).toEqual([]);
    expect((await reportsStep.run(sweepContext("2026-12-02T14:00:00Z"))).actions).toEqual([`posted pre-notification for ${GHSA} (#1)`]);
    const text = fake.trackerIssue(1).comments.at(-1)?.body ?? "";
    for (const fact of ["Release date: 2026-12-09 14:00 UTC", "Severity: high", "< 5.1.3", "CVE: pending"]) expect(text).toContain(fact);
    expect((await reportsStep.run(sweepContext("2026-12-03T00:00:00Z"))).actions).toEqual([]);
  });

  it("publishes at the release time when approved, then closes the report and proposes the archive entry", async () => {
    const fake = await embargoed(true);
    await reportsStep.run(sweepContext("2026-12-02T14:00:00Z"));
    const report = await reportsStep.run(sweepContext("2026-12-09T14:00:00Z"));
    expect(report.errors).toEqual([]);
    expect(report.actions).toEqual([expect.stringMatching(new RegExp(`^published ${GHSA} \\(#1\\)`))]);
    expect(fake.advisory.state).toBe("published");
    expect(fake.trackerIssue(1).state).toBe("closed");
    expect(events(fake).at(-1)).toBe("published");
    expect(fake.pulls).toHaveLength(1);
  });

  it("does not publish without approval, alerts the signers once instead", async () => {
    const fake = await embargoed(false);
    await reportsStep.run(sweepContext("2026-12-02T14:00:00Z"));
    const first = await reportsStep.run(sweepContext("2026-12-09T14:00:00Z"));
    expect(first.actions).toEqual([`posted publication blocked for ${GHSA} (#1)`]);
    expect(fake.advisory.state).toBe("draft");
    expect(fake.trackerIssue(1).comments.at(-1)?.body).toContain("@alice @bob @carol the release time");
    const before = fake.writes.length;
    expect((await reportsStep.run(sweepContext("2026-12-09T15:00:00Z"))).actions).toEqual([]);
    expect(fake.writes.slice(before)).toEqual([]);
  });

  it("does not publish when the advisory was edited after the approval", async () => {
    const fake = await embargoed(true);
    await reportsStep.run(sweepContext("2026-12-02T14:00:00Z"));
    fake.advisory.vulnerabilities[0].vulnerable_version_range = "< 5.2.0";
    const report = await reportsStep.run(sweepContext("2026-12-09T14:00:00Z"));
    expect(report.actions).toEqual([`posted approval invalidated for ${GHSA} (#1)`, `posted publication blocked for ${GHSA} (#1)`]);
    expect(fake.advisory.state).toBe("draft");
  });

  it("writes nothing in a dry run and says what it would do", async () => {
    const fake = await embargoed(true);
    const before = fake.writes.length;
    const report = await runInstallationStep(reportsStep, sweepContext("2026-12-09T14:00:00Z"), { dryRun: true });
    expect(report.actions).toEqual(["would update advisory GHSA-8r4v-5x2w-9q7c in Codertocat/Hello-World (state)", "would comment on Codertocat/security-tracker#1"]);
    expect(fake.writes.slice(before)).toEqual([]);
  });
});
