import { run } from "../../src/cli/status.js";
import { DASHBOARD_MARKER } from "../../src/core/dashboard/dashboard.js";
import { dashboardStep } from "../../src/sweep/steps/dashboard.js";
import { SWEEP_STEPS } from "../../src/sweep/steps.js";
import type { SweepContext } from "../../src/sweep/types.js";
import { captureLogger } from "../helpers/probot.js";
import { CANARY, KEY } from "../core/board-report/quarter-fixture.js";
import { BOT, fakeBoardGitHub, openVoteBody, VOTE_THREAD } from "./board-report-fake.js";
import { runInstallationStep } from "../../src/sweep/runner.js";

const NOW = new Date("2026-12-21T09:00:00Z");

function sweepContext(gateway: SweepContext["gateway"]): SweepContext {
  return { installation: { id: 2, account: "acme" }, gateway, octokit: {} as SweepContext["octokit"], now: NOW, log: captureLogger().log, signingKey: KEY };
}

describe("dashboard", () => {
  it("is kept by the sweep as one issue, written only when it changes", async () => {
    expect(SWEEP_STEPS).toContain(dashboardStep);
    const fake = fakeBoardGitHub();
    expect((await dashboardStep.run(sweepContext(fake.gateway))).actions).toEqual(["created the dashboard: https://github.com/acme/security-tracker/issues/60"]);
    expect(await dashboardStep.run(sweepContext(fake.gateway))).toEqual({ actions: [], errors: [] });
    fake.state.dropReport = "GHSA-bbbb-bbbb-bbbb";
    expect((await dashboardStep.run(sweepContext(fake.gateway))).actions).toEqual(["updated the dashboard: https://github.com/acme/security-tracker/issues/60"]);
    expect(fake.state.writes).toEqual([`created ${DASHBOARD_MARKER}`, `updated ${DASHBOARD_MARKER}`]);
    const body = fake.state.others.get(DASHBOARD_MARKER)!.body;
    expect(body).toContain("| [GHSA-ffff-ffff-ffff](https://github.com/acme/security-tracker/issues/6) | reported |");
    expect(body).toContain("- `alice` (chair): 2027-01-31");
    expect(body).not.toContain("bob` (co-chair)");
    // The tracker may hold assignees; repositories, credits and duplicate references stay out.
    for (const canary of [`${CANARY}-repo`, `${CANARY}-finder`, `${CANARY}-dup`, `${CANARY}-other`]) expect(body).not.toContain(canary);
  });

  it("writes nothing on a dry run", async () => {
    const fake = fakeBoardGitHub();
    expect((await runInstallationStep(dashboardStep, sweepContext(fake.gateway), { dryRun: true })).actions[0]).toBe("would ensure the dashboard issue in acme/security-tracker [secwg:dashboard]");
    expect(fake.state.writes).toEqual([]);
  });

  it("secwg status --json prints the same data and writes nothing", async () => {
    const fake = fakeBoardGitHub();
    const printed: string[] = [];
    expect(await run(["--org", "acme", "--json"], { gatewayFor: async () => fake.gateway, signingKey: KEY, now: () => NOW, print: (t) => printed.push(t) })).toBe(0);
    const data = JSON.parse(printed.join("\n"));
    expect(data.reports.map((r: { ghsa: string }) => r.ghsa)).toContain("GHSA-ffff-ffff-ffff");
    expect(data.termsEnding).toEqual([{ login: "alice", roles: ["chair"], termEnds: "2027-01-31" }]);
    // The open vote from its signed record: only the frozen electorate's reactions count (not the stranger's).
    expect(data.votes).toEqual([{ target: "acme/security-wg#18", url: "https://github.com/acme/security-wg/pull/18", subject: "frank", yes: 1, no: 0, electorate: 3, deadline: "2026-12-25T09:00:00.000Z" }]);
    expect(data.onboardingEnding).toEqual([{ login: "dave", until: "2027-01-10" }]);
    expect(data.elections).toEqual([]);
    for (const canary of [`${CANARY}-repo`, `${CANARY}-finder`, `${CANARY}-dup`]) expect(printed.join("\n")).not.toContain(canary);
    expect(fake.state.writes).toEqual([]);
  });

  it("secwg status refuses a public tracker", async () => {
    const fake = fakeBoardGitHub({ private: false });
    const notes: string[] = [];
    expect(await run(["--org", "acme"], { gatewayFor: async () => fake.gateway, signingKey: KEY, now: () => NOW, print: () => undefined, note: (t) => notes.push(t) })).toBe(1);
    expect(notes.join("\n")).toContain("is public");
  });

  it("shows an open vote only from secwg's own signed record bound to its thread", async () => {
    const cases: Array<[string, { body: string; author: typeof BOT }]> = [
      ["posted by another account", { body: openVoteBody(), author: { id: 5, login: "secwg-bot", type: "Bot" } }],
      ["edited", { body: openVoteBody().replace(/vote-record:([A-Za-z0-9_-]{10})/, "vote-record:$1x"), author: BOT }],
      ["signed with another key", { body: openVoteBody("another-key"), author: BOT }],
    ];
    for (const [what, vote] of cases) {
      const fake = fakeBoardGitHub();
      fake.state.votes.set(VOTE_THREAD, vote);
      const printed: string[] = [];
      expect(await run(["--org", "acme", "--json"], { gatewayFor: async () => fake.gateway, signingKey: KEY, now: () => NOW, print: (t) => printed.push(t) })).toBe(0);
      const data = JSON.parse(printed.join("\n"));
      expect([what, data.votes]).toEqual([what, []]);
      expect(data.problems).toContain("the vote on acme/security-wg#18 has no signed open record that verifies (see the votes step)");
    }
  });
});
