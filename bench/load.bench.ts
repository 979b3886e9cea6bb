/**
 * Load against the simulator, every loop bounded in count and time, traffic only to 127.0.0.1:
 *  1. webhook sent → HTTP reply, p50/p99, at 20 events/s with 150 ms latency per GitHub call;
 *  2. throughput of secwg vs a no-op Probot app receiving the same signed webhooks;
 *  3. RSS after 1k and after N (default 100k) cheap events;
 *  4. rate-limit points a sweep spends over an unchanged organisation.
 *   npx tsx bench/load.bench.ts [memoryEvents]
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Probot } from "probot";
import { SWEEP_STEPS } from "../src/sweep/steps.js";
import { runSweep } from "../src/sweep/runner.js";
import { createLogger } from "../src/logger.js";
import { createSecwgOctokit } from "../src/octokit.js";
import { startHarness, type Harness } from "../sim/harness.js";
import { configCheck, membershipVote, securityReview } from "../sim/scenarios.js";
import { mb, percentile, pool, report, sleep, webhookSender } from "./harness.js";

const MEMORY_EVENTS = Number(process.argv[2] ?? 100_000);

/** A comment that is not a command: secwg verifies, routes and drops it without calling GitHub. */
function plainComment(h: Harness): { event: string; body: string } {
  const world = h.sim.world;
  const issue = world.createIssue(h.org.groupRepo, h.org.frank, { title: "Question about the process" });
  const comment = world.addComment(h.org.groupRepo, issue, h.org.frank, "Thanks, that answers it.");
  return { event: "issue_comment", body: JSON.stringify(h.hooks.payload({ event: "issue_comment", action: "created", repo: h.org.groupRepo, sender: h.org.frank, objects: { issue, comment } })) };
}

async function replyLatency(): Promise<void> {
  const h = await startHarness({ pacing: "github", simulator: { latencyMs: 150 } });
  try {
    const world = h.sim.world;
    const pr = await h.act(() =>
      world.openPull(h.org.webapp, h.org.frank, { title: "Load", branch: "load", changes: { "auth/views.py": "def f(r):\n    return mark_safe(r.GET['x'])\n" } }),
    );
    const body = JSON.stringify(h.hooks.payload({ event: "pull_request", action: "synchronize", repo: h.org.webapp, sender: h.org.frank, objects: { pull_request: pr } }));
    const sender = webhookSender(`${h.appUrl}/api/github/webhooks`, secretOf(h));
    const times: number[] = [];
    const EVENTS = 200; // 10 s at 20/s
    const sends: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      const due = started + i * 50;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      sends.push(sender.send("pull_request", body).then((r) => void times.push(r.ms)));
    }
    await Promise.all(sends);
    const drainStart = performance.now();
    const drained = await Promise.race([h.settle().then(() => true), sleep(30_000).then(() => false)]);
    sender.close();
    report({ bench: "reply time @20/s, 150 ms/call", metric: "p50 / p99 / max", value: `${percentile(times, 50).toFixed(1)} / ${percentile(times, 99).toFixed(1)} / ${Math.max(...times).toFixed(1)} ms`, goal: "p99 ≤ 1000 ms; max < 10 s" });
    report({
      bench: "reply time @20/s, 150 ms/call",
      metric: "work drained after last reply",
      value: drained ? `${((performance.now() - drainStart) / 1000).toFixed(1)} s` : "not within 30 s (stopped)",
      note: `${EVENTS} pull_request.synchronize of one PR (serialised per object), production pacing`,
    });
  } finally {
    await h.stop();
  }
}

function secretOf(h: Harness): string {
  return (h.hooks.options as { secret: string }).secret;
}

async function throughput(): Promise<void> {
  const COUNT = 3000;
  const result: Record<string, number> = {};
  for (const [name, app] of [
    ["no-op Probot app", (probot: Probot) => void probot.on("issue_comment.created", async () => {})],
    ["secwg", undefined],
  ] as const) {
    const h = await startHarness(app ? { app: app as never } : {});
    try {
      const { event, body } = plainComment(h);
      await h.settle();
      const sender = webhookSender(`${h.appUrl}/api/github/webhooks`, secretOf(h));
      await pool(200, 20, 10_000, async () => void (await sender.send(event, body)));
      const started = performance.now();
      const done = await pool(COUNT, 20, 30_000, async () => void (await sender.send(event, body)));
      await h.settle();
      result[name] = done / ((performance.now() - started) / 1000);
      sender.close();
    } finally {
      await h.stop();
    }
  }
  const floor = result["no-op Probot app"] ?? NaN;
  const secwg = result.secwg ?? NaN;
  report({ bench: "throughput (issue_comment, 20 in flight)", metric: "no-op Probot / secwg", value: `${floor.toFixed(0)} / ${secwg.toFixed(0)} events/s`, goal: "ratio near 1", note: `secwg at ${((secwg / floor) * 100).toFixed(0)} % of the framework floor` });
}

async function memory(): Promise<void> {
  const h = await startHarness();
  try {
    const { event, body } = plainComment(h);
    await h.settle();
    const sender = webhookSender(`${h.appUrl}/api/github/webhooks`, secretOf(h));
    const gc = (globalThis as { gc?: () => void }).gc;
    const rssAfter = async (target: number, sent: number): Promise<{ sent: number; rss: number }> => {
      const done = await pool(target - sent, 32, 240_000, async () => void (await sender.send(event, body)));
      await h.settle();
      gc?.();
      await sleep(200);
      gc?.();
      return { sent: sent + done, rss: process.memoryUsage().rss };
    };
    const first = await rssAfter(1000, 0);
    const second = await rssAfter(MEMORY_EVENTS, first.sent);
    sender.close();
    const growth = ((second.rss - first.rss) / first.rss) * 100;
    report({
      bench: "memory (issue_comment, no API call)",
      metric: `RSS after 1k / after ${second.sent.toLocaleString("en")}`,
      value: `${mb(first.rss)} / ${mb(second.rss)} (${growth >= 0 ? "+" : ""}${growth.toFixed(1)} %)`,
      goal: "within 10 %",
      note: `${gc ? "after gc" : "no --expose-gc"}; simulator and sender share the process`,
    });
  } finally {
    await h.stop();
  }
}

async function sweepCost(): Promise<void> {
  const h = await startHarness();
  try {
    // Open pull requests with checks (one waiting for review), a merged membership request and a vote log.
    for (const scenario of [configCheck, securityReview, membershipVote]) await scenario.run(h, () => {});
    const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false }) });
    const options = { steps: SWEEP_STEPS, dryRun: false, now: () => new Date(), log: createLogger({ level: "silent" }), signingKey: secretOf(h) };
    const first = h.sim.log.length;
    await runSweep(probot, options);
    await h.settle();
    // Everything was handled by its webhook, so the first sweep must find nothing to repair either.
    const repairs = h.sim.writes(first).filter((e) => !e.route?.includes("/access_tokens"));
    const from = h.sim.log.length;
    await runSweep(probot, options);
    await h.settle();
    const calls = h.sim.log.slice(from).filter((e) => !e.route?.includes("/access_tokens"));
    const notModified = calls.filter((e) => e.status === 304).length;
    report({
      bench: "sweep over an unchanged org",
      metric: "calls / 304s / points spent",
      value: `${calls.length} / ${notModified} / ${h.sim.pointsSpent(from) - (h.sim.log.slice(from).length - calls.length)}`,
      goal: "0 points beyond conditional requests",
      note: `first sweep after the scenarios wrote ${repairs.length} (${repairs.map((w) => w.route).join(", ") || "nothing"}); steps: ${SWEEP_STEPS.map((s) => s.name).join(", ")}; routes: ${[...new Set(calls.map((c) => c.route))].join(", ")}`,
    });
  } finally {
    await h.stop();
  }
}

const SECTIONS = { latency: replyLatency, throughput, memory, sweep: sweepCost } as const;
const only = process.env.BENCH_ONLY as keyof typeof SECTIONS | undefined;
if (only) {
  try {
    await SECTIONS[only]();
  } catch (error) {
    report({ bench: only, metric: "error", value: error instanceof Error ? error.message : String(error) });
  }
  process.exit(0);
} else {
  // One process per section, so queued work or memory of one cannot skew the next.
  for (const name of Object.keys(SECTIONS)) {
    const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      env: { ...process.env, BENCH_ONLY: name },
      stdio: "inherit",
      timeout: 600_000,
    });
    if (child.status !== 0) report({ bench: name, metric: "error", value: `exited with ${child.status ?? child.signal}` });
  }
}
