/**
 * Monitoring sweep benchmark: `npx tsx bench/monitoring.bench.ts`.
 * The seeded `acme` organisation on the simulator, grown to 500 repositories, watching 20 packages in
 * two ecosystems, with an advisory feed of 200 advisories (40 about watched packages, 12 of them
 * affecting a stated version). Three monitoring sweeps on an unchanged feed: the first opens the
 * tracker issues, the second reads back once what the first wrote, the third is the steady state.
 * Counts writes, requests and rate-limit points (a 304 costs none) per sweep.
 */
import { Probot } from "probot";
import { startHarness } from "../sim/harness.js";
import { ORG_CONFIG } from "../sim/seed.js";
import type { GlobalAdvisoryJson } from "../sim/world.js";
import { monitoringStep } from "../src/features/monitoring/sweep.js";
import { createLogger } from "../src/logger.js";
import { createSecwgOctokit } from "../src/octokit.js";
import { runSweep } from "../src/sweep/runner.js";
import { report } from "./harness.js";

const h = await startHarness();
for (let i = 0; i < 500 - h.sim.world.repos.length; i++) h.sim.world.addRepo(h.org.org, `project-${i}`, { files: { "SECURITY.md": "# Security\n" } });
const pip = Array.from({ length: 12 }, (_, i) => `pkg-${i}`);
const npm = Array.from({ length: 8 }, (_, i) => `lib-${i}`);
const packages = [...pip.map((name) => `    - { ecosystem: pip, name: ${name}, versions: ["1.4.0"] }`), ...npm.map((name) => `    - { ecosystem: npm, name: ${name}, versions: ["2.1.0"] }`)];
h.sim.world.push(h.org.dotGithub, "main", { ".github/secwg.yml": `${ORG_CONFIG}\nmonitor:\n  since: "2026-01-01"\n  packages:\n${packages.join("\n")}\n` }, "Watch packages");

const CHARS = "23456789cfghjmpqrvwx";
const ghsa = (n: number) => `GHSA-${[0, 1, 2].map((k) => Array.from({ length: 4 }, (_, j) => CHARS[(n * 7 + k * 5 + j * 3 + Math.floor(n / 20) * (j + 1)) % 20]).join("")).join("-")}`;
for (let n = 0; n < 200; n++) {
  const watched = n < 40;
  const eco = n % 2 === 0 ? "pip" : "npm";
  const name = watched ? (eco === "pip" ? pip[n % pip.length] : npm[n % npm.length])! : `other-${n}`;
  const affecting = watched && n < 12;
  const advisory: GlobalAdvisoryJson = {
    ghsa_id: ghsa(n),
    cve_id: null,
    type: "reviewed",
    summary: `Issue ${n} in ${name}`,
    severity: "high",
    published_at: "2026-02-01T00:00:00Z",
    updated_at: `2026-03-${String((n % 28) + 1).padStart(2, "0")}T00:00:00Z`,
    withdrawn_at: null,
    vulnerabilities: [{ package: { ecosystem: eco, name }, vulnerable_version_range: affecting ? "< 3.0.0" : "< 1.0.0", first_patched_version: affecting ? "3.0.0" : "1.0.0", vulnerable_functions: [] }],
  };
  h.sim.world.globalAdvisories.push(advisory);
}

const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
const tracked = () => h.org.tracker.issues.filter((i) => i.labels.includes("secwg:monitor")).length;
for (const pass of [1, 2, 3]) {
  const before = h.sim.log.length;
  const started = performance.now();
  const result = await runSweep(probot, { steps: [monitoringStep], dryRun: false, now: () => new Date(), log: createLogger({ level: "silent" }), signingKey: "k" });
  const ms = Math.round(performance.now() - started);
  const requests = h.sim.log.slice(before).filter((e) => !e.route?.startsWith("POST /app/installations")).length;
  const line = `${h.sim.writes(before).length} writes, ${requests} requests, ${h.sim.pointsSpent(before)} rate-limit points, ${ms} ms; ${tracked()} tracker issues`;
  report({ bench: "monitoring", metric: `sweep ${pass} over 500 repositories, unchanged feed`, value: line, ...(pass === 3 ? { goal: "0 writes, 0 points" } : {}), ...(result.runs.some((r) => r.outcome !== "ok") ? { note: JSON.stringify(result.runs) } : {}) });
}
if (h.sim.violations.length > 0) report({ bench: "monitoring", metric: "OpenAPI violations", value: String(h.sim.violations.length) });
await h.stop();
