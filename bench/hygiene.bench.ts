/**
 * Hygiene sweep benchmark: `npx tsx bench/hygiene.bench.ts`.
 * The seeded `acme` organisation on the simulator, grown to 500 repositories, every one compliant
 * (SECURITY.md at the root, private vulnerability reporting on, a ruleset requiring the review
 * check, the review label), every check at `issue`. Three hygiene sweeps: the first reads
 * everything, the next ones are answered 304. Counts writes, requests and rate-limit points (a
 * 304 costs none) per sweep.
 *
 * The first pass reads about four resources per repository (~2,000 points for 500): more than
 * GitHub's secondary limit of 900 points a minute, so on GitHub it spreads over a few sweeps (the
 * step stops at the first rate-limit answer and the next sweep continues). To measure the steady
 * state in one run, the simulator's per-minute limit is raised here; the hourly budget is GitHub's.
 */
import { Probot } from "probot";
import { startHarness } from "../sim/harness.js";
import { ORG_CONFIG } from "../sim/seed.js";
import { hygieneStep } from "../src/features/hygiene/sweep.js";
import { createLogger } from "../src/logger.js";
import { createSecwgOctokit } from "../src/octokit.js";
import { runSweep } from "../src/sweep/runner.js";
import { report } from "./harness.js";

const h = await startHarness({ simulator: { limits: { pointsPerMinute: 100_000 } } });
for (let i = h.sim.world.repos.length; i < 500; i++) h.sim.world.addRepo(h.org.org, `project-${i}`);
h.sim.world.push(h.org.dotGithub, "main", { ".github/secwg.yml": `${ORG_CONFIG}\nhygiene:\n  security_policy: issue\n  private_vulnerability_reporting: issue\n  review_check: issue\n  labels: issue\n` }, "Check security basics");
for (const repo of h.sim.world.repos) {
  if (!h.sim.world.filesAt(repo)?.has("SECURITY.md")) h.sim.world.push(repo, repo.default_branch, { "SECURITY.md": "# Security\n" }, "Add a security policy");
  repo.privateVulnerabilityReporting = true;
  repo.rulesetRequiredChecks = ["secwg / security review"];
  h.sim.world.ensureRepoLabel(repo, "security-review");
}

const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
for (const pass of [1, 2, 3]) {
  const before = h.sim.log.length;
  const started = performance.now();
  const result = await runSweep(probot, { steps: [hygieneStep], dryRun: false, now: () => new Date(), log: createLogger({ level: "silent" }), signingKey: "k" });
  const ms = Math.round(performance.now() - started);
  const requests = h.sim.log.slice(before).filter((e) => !e.route?.startsWith("POST /app/installations")).length;
  const line = `${h.sim.writes(before).length} writes, ${requests} requests, ${h.sim.pointsSpent(before)} rate-limit points, ${ms} ms`;
  report({ bench: "hygiene", metric: `sweep ${pass} over ${h.sim.world.repos.length} compliant repositories`, value: line, ...(pass > 1 ? { goal: "0 writes, 0 points" } : {}), ...(result.runs.some((r) => r.outcome !== "ok") ? { note: JSON.stringify(result.runs) } : {}) });
}
if (h.sim.violations.length > 0) report({ bench: "hygiene", metric: "OpenAPI violations", value: String(h.sim.violations.length) });
await h.stop();
