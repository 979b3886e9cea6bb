import { Probot } from "probot";
import { startHarness, type Harness } from "../../sim/harness.js";
import { openFranksMembershipRequest, SCENARIOS } from "../../sim/scenarios.js";
import { run } from "../../src/cli/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";

const DAY = 24 * 60 * 60 * 1000;

/** `secwg sweep [--dry-run]` against the simulator, at `now`; what it printed and its exit code. */
async function secwgSweep(h: Harness, args: string[], now: Date): Promise<{ code: number; printed: string }> {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  const printed: string[] = [];
  const code = await run(args, { probot, signingKey: h.hooks.options.secret, now: () => now, log: createLogger({ level: "silent" }), print: (t) => printed.push(t) });
  return { code, printed: printed.join("\n") };
}

/**
 * A dry run is the real sweep with a gateway that records its writes: over the group the demo
 * leaves behind (a review, a vote, a report, a board report, an election), weeks later when votes,
 * deadlines and reminders are due, it sends no write to GitHub, prints each write it would make,
 * and never reads back an object it did not create (such a read would fail a step). The real sweep
 * that follows does write, so the dry run had something to show.
 */
describe("end to end: secwg sweep --dry-run over the demo's group", () => {
  let h: Harness;
  beforeAll(async () => {
    // The scenarios play weeks of activity in seconds: per-minute limits scaled as the demo scales them.
    h = await startHarness({ simulator: { limits: { pointsPerMinute: 900 * 6, contentPerMinute: 80 * 6 } } });
    for (const scenario of SCENARIOS) await scenario.run(h, () => undefined);
    // Left for the sweep: a vote whose deadline will have passed, and a report whose intake was lost
    // (its webhook never delivered), so the dry run meets flows that create and then read back.
    await h.act(() => openFranksMembershipRequest(h));
    h.hooks.paused = true;
    h.sim.world.reportVulnerability(h.org.webapp, h.org.mallory, { summary: "Open redirect in the login form", description: "The next parameter is followed unchecked.", severity: "medium" });
  }, 180_000);
  afterAll(() => h?.stop());

  it("writes nothing, prints the writes it would make, and every step finishes", async () => {
    const later = new Date(Date.now() + 120 * DAY);
    const from = h.sim.log.length;
    const dry = await secwgSweep(h, ["--dry-run"], later);
    expect(h.sim.writes(from)).toEqual([]);
    expect(dry.code).toBe(0);
    expect(dry.printed).toContain("sweep (dry run) started");
    expect(dry.printed).not.toMatch(/: (failed|timeout) in /);
    const planned = dry.printed.split("\n").filter((line) => line.startsWith("  - would "));
    // The lost report: its tracker issue, its first log entry (on the issue not yet opened) and the assignee on the advisory.
    expect(planned).toEqual(expect.arrayContaining([
      "  - would ensure the report issue in acme/security-tracker [secwg:report]",
      "  - would comment on the new issue in acme/security-tracker",
      expect.stringMatching(/^ {2}- would update advisory GHSA-[\w-]+ in acme\/webapp \(collaborating_users\)$/),
    ]));
    expect(dry.printed.split("\n").filter((line) => line.startsWith("  - ") && !line.startsWith("  - would "))).toEqual([]);
    // Nothing the dry run did not create is read: no request for an issue or comment numbered 0.
    expect(h.sim.log.slice(from).filter((e) => /\/(issues|pulls|comments)\/0(\/|$)/.test(e.path))).toEqual([]);

    const real = await secwgSweep(h, [], later);
    expect(real.code).toBe(0);
    expect(h.sim.writes(from).length).toBeGreaterThan(0);
  }, 180_000);
});
