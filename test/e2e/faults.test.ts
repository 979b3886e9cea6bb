import { startHarness, type Harness } from "../../sim/harness.js";
import { configCheck, membershipVote, REPORT_CANARY, securityReview, summarise, vulnerabilityReport, type Scenario } from "../../sim/scenarios.js";

/**
 * The fault schedule is seeded so a failure can be replayed (`SIM_FAULT_SEED=3 npm run e2e` runs
 * that seed only). By default several seeds run, each strictly: each one interrupts different
 * steps (a vote's close half done, a review requested but its record not written, a welcome
 * comment failing after the merge, …).
 */
const SEEDS = process.env.SIM_FAULT_SEED ? [Number(process.env.SIM_FAULT_SEED)] : [7, 3, 11, 1, 5];

/** Scenarios played once cleanly and once with 10 % of GitHub calls failing (seeded, replayable). */
async function play(scenarios: Scenario[], faultRate: number, seed = 7): Promise<{ h: Harness; summary: Record<string, unknown> }> {
  // Inline mode: a failed call fails the delivery, which is then redelivered as the sweep would.
  const h = await startHarness({ mode: "inline" });
  h.sim.configure({ faults: { rate: faultRate, seed, timeoutMs: 200, retryAfterSeconds: 0 } });
  for (const scenario of scenarios) await scenario.run(h, () => {});
  await h.redeliverFailed(10);
  // Webhooks are hints, the sweep is the truth: production sweeps periodically, so the test does too.
  // A step a fault interrupted (the dashboard, the weekly audit) is finished by a later sweep, as in production:
  // at 10 % faults a step with many reads (the audit) can be interrupted several rounds running.
  for (let round = 0; round < 5; round++) {
    await h.sweep().catch(() => undefined);
    await h.redeliverFailed(10);
  }
  return { h, summary: summarise(h) };
}

describe.each(SEEDS)("end to end: pull request scenarios with 10 %% injected faults (seed %i)", (seed) => {
  const scenarios = [configCheck, securityReview, membershipVote];
  let clean: Awaited<ReturnType<typeof play>>;
  let faulty: Awaited<ReturnType<typeof play>>;

  beforeAll(async () => {
    clean = await play(scenarios, 0);
    faulty = await play(scenarios, 0.1, seed);
  }, 120_000);
  afterAll(async () => {
    await clean?.h.stop();
    await faulty?.h.stop();
  });

  it("actually injected faults", () => {
    expect(faulty.h.sim.log.filter((e) => e.fault !== null).length).toBeGreaterThan(0);
  });

  it("ends in the same labels, reviewers, app comments and check conclusions as the clean run", () => {
    // The access log says who gave access: when a fault stops the welcome after a merge, the sweep's
    // access step adds the new member to the team instead, and records it. Same access either way.
    const withoutAccessLog = (summary: Record<string, unknown>) => Object.fromEntries(Object.entries(summary).filter(([title]) => title !== "security-tracker: Access log"));
    expect(withoutAccessLog(faulty.summary)).toEqual(withoutAccessLog(clean.summary));
    expect(clean.summary["security-tracker: Access log"]).toBeUndefined();
  });

  it("never writes a second comment for the same marker", () => {
    for (const repo of faulty.h.sim.world.repos) {
      for (const issue of repo.issues) {
        const markers = issue.comments.filter((c) => c.user.id === faulty.h.sim.bot.id).map((c) => /<!-- secwg:[^>]+-->/.exec(c.body)?.[0]);
        expect(new Set(markers).size).toBe(markers.length);
      }
    }
  });

  it("leaves no delivery failed after redelivery", () => {
    expect(faulty.h.hooks.failed()).toEqual([]);
  });
});

describe.each(SEEDS)("end to end: a vulnerability report with 10 %% injected faults (seed %i)", (seed) => {
  let clean: Awaited<ReturnType<typeof play>>;
  let faulty: Awaited<ReturnType<typeof play>>;

  beforeAll(async () => {
    clean = await play([vulnerabilityReport], 0);
    faulty = await play([vulnerabilityReport], 0.1, seed);
  }, 120_000);
  afterAll(async () => {
    await clean?.h.stop();
    await faulty?.h.stop();
  });

  it("opens exactly one tracker issue per report", () => {
    expect(faulty.h.org.tracker.issues.filter((i) => i.title.startsWith("GHSA-")).length).toBeLessThanOrEqual(1);
  });

  it("never writes the same log entry twice", () => {
    for (const issue of faulty.h.org.tracker.issues) {
      const entries = issue.comments.filter((c) => c.user.id === faulty.h.sim.bot.id).map((c) => /\*\*Log #(\d+)\*\*/.exec(c.body)?.[1]).filter(Boolean);
      expect(new Set(entries).size).toBe(entries.length);
    }
  });

  it("never writes the report's text outside the advisory", () => {
    const leaks = faulty.h.sim.log.filter((e) => e.write && !e.path.includes("/security-advisories/") && JSON.stringify(e.body ?? "").includes(REPORT_CANARY));
    expect(leaks).toEqual([]);
  });
});
