/**
 * Dashboard refresh benchmark: `npx tsx bench/dashboard-refresh.bench.ts`.
 * Plays every demo scenario at the demo's fast pacing (its scaled per-minute limits) and counts the
 * simulator's requests: reads, writes, answers refused by a rate limit (403/429). Then measures one
 * dashboard rebuild on the world the demo left (the sweep's `dashboard` step, which builds exactly
 * what an event-driven refresh builds): reads and writes, twice (the second finds it unchanged).
 * `DASHBOARD_INTERVAL_MS=0` turns the time bound off (every relevant event rebuilds, coalesced by the
 * queue only); the default is the harness's fast-pacing interval, 10 s.
 */
let rebuilds = 0;
class CountingGate extends IntervalGate {
  override submit(key: string, task: () => Promise<void>) {
    return super.submit(key, async () => {
      rebuilds++;
      await task();
    });
  }
}
const dashboardGate = new CountingGate({ intervalMs: Number(process.env.DASHBOARD_INTERVAL_MS ?? 10_000) });
import { startHarness } from "../sim/harness.js";
import { IntervalGate } from "../src/app/interval-gate.js";
import { SCENARIOS } from "../sim/scenarios.js";
import { dashboardStep } from "../src/sweep/steps/dashboard.js";

const h = await startHarness({ pacing: "fast", simulator: { limits: { pointsPerMinute: 900 * 6, contentPerMinute: 80 * 6 } }, dashboardRefresh: "timed", deps: { dashboardGate } });
const started = performance.now();
for (const scenario of SCENARIOS) await scenario.run(h, () => {});
await h.settle();
const seconds = (performance.now() - started) / 1000;
// Installation tokens (POST /app/installations/{id}/access_tokens) are not GitHub API work of the app's features.
const api = (entries: typeof h.sim.log) => entries.filter((e) => !e.path.startsWith("/app/"));
const log = api(h.sim.log);
const limited = log.filter((e) => e.status === 403 || e.status === 429).length;
const dashboardWrites = log.filter((e) => e.write && JSON.stringify(e.body ?? "").includes("secwg:dashboard:tracker")).length;
console.log(`demo: ${log.length} requests in ${seconds.toFixed(1)} s (${log.filter((e) => !e.write).length} reads, ${log.filter((e) => e.write).length} writes), ${limited} refused by a rate limit, ${rebuilds} rebuilds, ${dashboardWrites} dashboard writes`);
for (const round of [1, 2]) {
  const before = h.sim.log.length;
  await h.sweep(new Date(), { steps: [dashboardStep] });
  const entries = api(h.sim.log.slice(before));
  console.log(`one rebuild (${round}): ${entries.filter((e) => !e.write).length} reads (${entries.filter((e) => e.status === 304).length} answered 304), ${entries.filter((e) => e.write).length} writes`);
}
dashboardGate.close();
await h.stop();
