/**
 * GitHub API calls per scenario step, against the minimum we can justify by hand (docs/benchmarks.md
 * explains each), and writes on redelivered or unchanged events (goal: 0).
 */
import { startHarness } from "../sim/harness.js";
import { SCENARIOS } from "../sim/scenarios.js";
import { report } from "./harness.js";

/** Hand-counted minimum calls per step (reads + writes, token exchanges excluded), by step title prefix. */
const MINIMUM: Array<[string, number, string]> = [
  ["frank opens a pull request on acme/webapp", 7, "config 2 (repo 404 + org) · files 1 · file at head 1 · check runs 1 · 2 check runs written"],
  ["frank pushes a fix", 7, "as above"],
  ["GitHub redelivers the last pull_request", 5, "the same reads, no write"],
  ["dave opens a roster change", 7, "config 2 · files 1 · roster at head 1 · check runs 1 · 2 check runs written"],
  ["frank opens a pull request adding mark_safe(", 12, "config 2 · files 1 · comments 1 · roster 1 · load 1 search · login 1 · check runs 1 · label, request, comment, check run 4"],
  ["GitHub redelivers pull_request.opened", 6, "config 2 · files 1 · comments 1 · roster 1 · check runs 1, no write"],
  ["erin approves", 8, "config 2 · files 1 · comments 1 · roster 1 · reviews 1 · check runs 1 · check run 1"],
  ["alice approves", 8, "as above"],
  ["frank pushes another commit", 9, "config 2 · files 1 · comments 1 · roster 1 · reviews 1 · check runs 1 · comment 1 · check run 1"],
  ["frank opens a membership request", 12, "config 2 · files 1 · roster at head and base 2 · comments 1 · check runs 1 · config check, membership check, vote comment, label, vote check 5 (security review not counted)"],
  ["alice, bob and carol react", 0, "no webhook exists for reactions"],
  ["dave comments on the pull request", 18, "config 2 · comments 1 · reactions 1 · roster 1 · branch file 1 · votes-log issue 1 · vote comment, check, log issue + comment, label ±2, dates commit, merge, team, welcome 12"],
  ["mallory reports", 8, "config 2 · tracker issues 1 · roster 1 · open reports 1 · issue, log entry, advisory collaborator 3"],
  ["bob comments /ack", 6, "config 2 · tracker comments 1 · roster 1 · advisory 1 · log entry 1"],
  ["bob comments /triage valid", 7, "as /ack + advisory state 1"],
  ["bob comments /severity", 7, "as /ack + advisory severity 1"],
  ["bob comments /embargo", 6, "as /ack (the checklist goes in the log entry)"],
  ["alice comments /approve", 6, "as /ack"],
  ["carol comments /approve", 6, "as /ack"],
  ["the sweep runs after the embargo time", 13, "installations 1 · deliveries 1 · org advisories 1 · tracker issue + comments 2 · publish 1 · log entry 1 · close issue 1 · archive: ref, branch, file, pull request 4"],
];

const h = await startHarness();
try {
  for (const scenario of SCENARIOS) {
    const steps = await scenario.run(h, () => {});
    for (const step of steps) {
      const calls = h.sim.log.slice(step.from, step.to).filter((e) => !e.route?.includes("/access_tokens"));
      const writes = calls.filter((e) => e.write).length;
      const min = MINIMUM.find(([prefix]) => step.title.startsWith(prefix));
      const redelivery = step.title.includes("redelivers");
      report({
        bench: `calls: ${scenario.name}`,
        metric: step.title,
        value: `${calls.length} (${calls.length - writes} reads, ${writes} writes)`,
        goal: min ? `≤ ${Math.floor(min[1] * 1.2)} (min ${min[1]}${min[1] > 0 ? `; ratio ${(calls.length / min[1]).toFixed(2)}` : ""})${redelivery ? " · 0 writes" : ""}` : "",
        note: redelivery && writes > 0 ? "writes on a redelivery" : undefined,
      });
    }
  }
  report({ bench: "calls", metric: "requests outside GitHub's OpenAPI description", value: String(h.sim.violations.length), goal: "0" });
} finally {
  await h.stop();
}
