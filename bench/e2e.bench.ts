/**
 * GitHub API calls per scenario step, against the minimum we can justify by hand (docs/benchmarks.md
 * explains each), and writes on redelivered or unchanged events (goal: 0).
 */
import { startHarness } from "../sim/harness.js";
import { SCENARIOS } from "../sim/scenarios.js";
import { report } from "./harness.js";

/**
 * Hand-counted minimum calls per step (reads + writes, token exchanges excluded), by step title
 * prefix. Creating an object found by marker counts one read-back: two replicas may create the
 * same object at once, and that read is how the later one notices and gives way.
 */
const MINIMUM: Array<[string, number, string]> = [
  ["frank opens a pull request on acme/webapp", 7, "config 2 (repo 404 + org) · files 1 · file at head 1 · check runs 1 · 2 check runs written"],
  ["frank pushes a fix", 7, "as above"],
  ["GitHub redelivers the last pull_request", 5, "the same reads, no write"],
  ["dave opens a roster change", 7, "config 2 · files 1 · roster at head 1 · check runs 1 · 2 check runs written"],
  ["frank opens a pull request adding mark_safe(", 13, "config 2 · files 1 · comments 1 · roster 1 · load 1 search · login 1 · check runs 1 · label, request, comment + read-back, check run 5"],
  ["GitHub redelivers pull_request.opened", 6, "config 2 · files 1 · comments 1 · roster 1 · check runs 1, no write"],
  ["erin approves", 8, "config 2 · files 1 · comments 1 · roster 1 · reviews 1 · check runs 1 · check run 1"],
  ["alice approves", 8, "as above"],
  ["frank pushes another commit", 9, "config 2 · files 1 · comments 1 · roster 1 · reviews 1 · check runs 1 · comment 1 · check run 1"],
  // Every feature the event concerns is counted, as the measurement counts them.
  [
    "frank opens a membership request",
    17,
    "shared: config 2 · files 1 | config check: roster at head 1 · check runs 1 · check run 1 | security review (a roster-only change: not needed): comments 1 · check runs 1 · check run 1 | membership: roster at base 1 · check runs 1 · comments 1 · membership check, vote comment + read-back, label, vote check 5",
  ],
  ["alice, bob and carol react", 0, "no webhook exists for reactions"],
  [
    "dave comments on the pull request",
    31,
    "the comment: config 2 · comments 1 · reactions 1 · roster 1 · branch file 1 · votes-log issue 1 · vote comment, check, log issue + comment (each + read-back), label ±2, dates commit, merge, team, welcome + read-back 15 | the dates commit's synchronize: config 2 · files 1 · roster at head 1 · pull state 1 (merged: membership stops) · config check runs 1 + check run 1 · security review of the new head (not needed): comments 1 · check runs 1 · check run 1 | the merge's closed event and secwg's own labels: nothing",
  ],
  ["mallory reports", 10, "config 2 · tracker issues 1 · roster 1 · open reports 1 · issue + read-back, log entry + read-back, advisory collaborator 5"],
  ["bob comments /ack", 7, "config 2 · tracker comments 1 · roster 1 · advisory 1 · log entry + read-back 2"],
  ["bob comments /triage valid", 8, "as /ack + advisory state 1"],
  ["bob comments /severity", 8, "as /ack + advisory severity 1"],
  ["bob comments /embargo", 7, "as /ack (the checklist goes in the log entry)"],
  ["alice comments /approve", 7, "as /ack"],
  ["carol comments /approve", 7, "as /ack"],
  [
    "the sweep runs after the embargo time",
    42,
    "every step of the sweep: deliveries 1 · installations 1 · repositories 1 · votes: labelled issues per repository 4 · review: open pulls per repository 4 · the open pull request's check runs and reviews 2 | reports: org config 1 · tracker repository 1 · tracker issues 1 · org advisories (triage, draft) 2 · roster 1 · tracker comments 1 · advisory 1 · publish 1 · log entry 1 + read-back 1 · close issue 1 | archive: repository 1 · file 1 · branch ref 1 · base ref 1 · create ref 1 · file 1 · pull request 1 | the archive pull request's opened event: config 2 · files 1 · comments 1 · check runs 1 · check run 1 | the advisory's published event: config 2 · tracker issue 1 · comments 1, nothing to do",
  ],
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
