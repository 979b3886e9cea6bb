import { Probot } from "probot";
import type { Harness } from "../../sim/harness.js";
import type { Comment, Issue } from "../../sim/world.js";
import { parseRosterYaml } from "../../src/core/roster.js";
import { electionsStep } from "../../src/features/elections/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { runSweep } from "../../src/sweep/runner.js";
import { dashboardStep } from "../../src/sweep/steps/dashboard.js";
import { DASHBOARD_MARKER } from "../../src/core/dashboard/dashboard.js";

/** The signing key the election scenarios give the app (the sweep below verifies with it). */
export const ELECTION_KEY = "election-test-key";

/** The elections step alone, as `secwg sweep [--dry-run]` runs it, at `now`. */
export async function sweepElections(h: Harness, now: Date, options: { dryRun?: boolean } = {}) {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  const report = await runSweep(probot, { steps: [electionsStep], dryRun: options.dryRun ?? false, now: () => now, log: createLogger({ level: "silent" }), signingKey: ELECTION_KEY });
  await h.settle();
  return report;
}

/** The dashboard step alone at `now`; returns the dashboard issue's body in the tracker afterwards. */
export async function sweepDashboard(h: Harness, now: Date): Promise<string> {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  await runSweep(probot, { steps: [dashboardStep], dryRun: false, now: () => now, log: createLogger({ level: "silent" }), signingKey: ELECTION_KEY });
  await h.settle();
  return h.org.tracker.issues.find((i) => i.body.includes(DASHBOARD_MARKER))?.body ?? "";
}

/** The "Open elections" section of a dashboard body. */
export function electionsSection(body: string): string {
  return /## Open elections\n\n([\s\S]*?)\n\n## /.exec(body)?.[1] ?? "";
}

export function rosterOf(h: Harness) {
  return parseRosterYaml(h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") as string, "MEMBERS.yml");
}

export function botComments(issue: Issue): Comment[] {
  return issue.comments.filter((c) => c.user.type === "Bot");
}

/** secwg's ballot comments on the issue for round `round` (0: first, 1: run-off), by candidate login. */
export function ballots(issue: Issue, round: number): Map<string, Comment> {
  const found = new Map<string, Comment>();
  for (const c of botComments(issue)) {
    if (!c.body.includes(`secwg:election-ballot:`) || !new RegExp(`election-ballot:[^ ]+:${round}:\\d+ -->`).test(c.body)) continue;
    const login = /\*\*(?:Run-off ballot|Ballot): @([\w-]+) for/.exec(c.body)?.[1];
    if (login) found.set(login, c);
  }
  return found;
}
