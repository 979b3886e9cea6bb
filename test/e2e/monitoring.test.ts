import { Probot } from "probot";
import { startHarness, type Harness } from "../../sim/harness.js";
import { ORG_CONFIG } from "../../sim/seed.js";
import type { GlobalAdvisoryJson } from "../../sim/world.js";
import { monitoringStep } from "../../src/features/monitoring/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { runSweep } from "../../src/sweep/runner.js";
import { loadPayload } from "../helpers/fixtures.js";

const MONITOR = `
monitor:
  since: "2026-01-01"
  packages:
    - { ecosystem: pip, name: django, versions: ["5.1.3"] }
    - { ecosystem: pip, name: sqlparse, versions: ["0.5.1"] }
`;

export function advisory(ghsa: string, name: string, range: string, patched: string | null, updated = "2026-03-01T00:00:00Z"): GlobalAdvisoryJson {
  return {
    ghsa_id: ghsa,
    cve_id: null,
    type: "reviewed",
    summary: `Denial of service in ${name}`,
    severity: "high",
    published_at: updated,
    updated_at: updated,
    withdrawn_at: null,
    vulnerabilities: [{ package: { ecosystem: "pip", name }, vulnerable_version_range: range, first_patched_version: patched, vulnerable_functions: [] }],
  };
}

/** One sweep running only the monitoring step, as `secwg sweep --step monitoring` would. */
export async function sweepMonitoring(h: Harness, dryRun = false) {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  return runSweep(probot, { steps: [monitoringStep], dryRun, now: () => new Date(), log: createLogger({ level: "silent" }), signingKey: "k" });
}

describe("end to end: the advisory database is polled for the watched packages", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.sim.world.push(h.org.dotGithub, "main", { ".github/secwg.yml": `${ORG_CONFIG}${MONITOR}` }, "Watch packages");
    h.sim.world.globalAdvisories.push(
      advisory("GHSA-2222-3333-4444", "django", ">= 5.1, < 5.1.4", "5.1.4"),
      advisory("GHSA-5555-6666-7777", "sqlparse", "< 0.5.0", "0.5.0"),
      advisory("GHSA-8888-9999-cccc", "flask", "< 3.0", "3.0"),
    );
  });
  afterAll(() => h.stop());

  it("opens one tracker issue per advisory affecting a stated version, then costs no write, and no rate limit once settled, while the feed is unchanged", async () => {
    const first = await sweepMonitoring(h);
    expect(first.runs.map((r) => [r.outcome, r.errors])).toEqual([["ok", []]]);
    const opened = h.org.tracker.issues.filter((i) => i.labels.includes("secwg:monitor"));
    expect(opened.map((i) => i.title)).toEqual(["GHSA-2222-3333-4444 affects django"]);
    expect(opened[0]!.body).toContain("5.1.3: **affected**");

    // The next sweep reads back, once, the tracker the first one wrote to; after that, nothing.
    let before = h.sim.log.length;
    await sweepMonitoring(h);
    expect(h.sim.writes(before)).toEqual([]);
    before = h.sim.log.length;
    await sweepMonitoring(h);
    expect(h.sim.writes(before)).toEqual([]);
    expect(h.sim.pointsSpent(before)).toBe(0);
    expect(h.sim.violations).toEqual([]);
  });

  it("updates the issue when GitHub updates the advisory, and closes it when withdrawn", async () => {
    const db = h.sim.world.globalAdvisories;
    db[0] = { ...advisory("GHSA-2222-3333-4444", "django", ">= 5.1, < 5.1.5", "5.1.5", "2026-04-01T00:00:00Z") };
    await sweepMonitoring(h);
    const issue = h.org.tracker.issues.find((i) => i.title.startsWith("GHSA-2222"))!;
    expect(issue.body).toContain("5.1.5");
    db[0] = { ...db[0]!, withdrawn_at: "2026-04-02T00:00:00Z", updated_at: "2026-04-02T00:00:00Z" };
    await sweepMonitoring(h);
    expect(issue.state).toBe("closed");
    expect(h.sim.violations).toEqual([]);
  });
});

describe("end to end: the sweep repairs an alert issue whose event was lost", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.sim.world.push(h.org.dotGithub, "main", { ".github/secwg.yml": `${ORG_CONFIG}${MONITOR}` }, "Watch packages");
  });
  afterAll(() => h.stop());

  it("closes the issue of an alert GitHub shows fixed though no event said so; the next sweep writes nothing", async () => {
    const { webapp, tracker, members } = h.org;
    const alert = structuredClone(loadPayload("dependabot_alert", "created").alert);
    alert.number = 21;
    alert.state = "open";
    await h.act(() => h.sim.world.emit({ event: "dependabot_alert", action: "created", repo: webapp, sender: members.alice, objects: { alert } }));
    const issue = tracker.issues.find((i) => i.body.startsWith(`<!-- secwg:monitor-alert:dependabot-${webapp.id}-21 -->`));
    expect(issue?.state).toBe("open");
    // GitHub fixes the alert; the `fixed` delivery never arrives.
    webapp.alerts.set("dependabot_alert:21", { ...alert, state: "fixed" });
    await sweepMonitoring(h);
    expect(issue?.state).toBe("closed");
    expect(issue?.state_reason).toBe("completed");
    const before = h.sim.log.length;
    await sweepMonitoring(h);
    expect(h.sim.writes(before)).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });
});
