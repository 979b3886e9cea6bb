import { spawnSync } from "node:child_process";
import { Probot } from "probot";
import { testPrivateKey } from "../helpers/probot.js";
import { startHarness, type Harness } from "../../sim/harness.js";
import { LeaseBusyError, RedisContentBudget, redisLeases, redisState } from "../../src/app/shared-state.js";
import { ConditionalGetCache, RedisConditionalCache, type ConditionalCacheStore } from "../../src/github/conditional-requests.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { runSweep } from "../../src/sweep/runner.js";
import { SWEEP_STEPS } from "../../src/sweep/steps.js";
import { redisServerAvailable, startRedis, type TestRedis } from "../helpers/redis.js";

const available = redisServerAvailable();
const describeRedis = available ? describe : describe.skip;

describeRedis("state shared on a real Redis", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  describe("a CronJob-style sweep over an unchanged organisation", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
      // A compliant organisation: a repository without a security policy answers its three possible
      // places with 404s, which carry no ETag and so cost a point on every sweep (docs/benchmarks.md).
      for (const repo of [h.org.dotGithub, h.org.tracker, h.org.groupRepo]) {
        await h.act(() => h.sim.world.push(repo, repo.default_branch, { "SECURITY.md": "Report vulnerabilities privately.\n" }, "Add a security policy"));
      }
      const views = h.sim.world.filesAt(h.org.webapp)?.get("auth/views.py") ?? "";
      await h.act(() => h.sim.world.openPull(h.org.webapp, h.org.frank, { title: "Show the banner", body: "", branch: "banner", changes: { "auth/views.py": `${views}\nmark_safe(x)\n` } }));
    });
    afterAll(async () => {
      await h?.stop();
    });

    /** One `secwg sweep` in a fresh process: its own Probot and Octokit, the given ETag cache. */
    async function sweepInFreshProcess(cache: ConditionalCacheStore): Promise<number> {
      const before = h.sim.log.length;
      const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20, conditionalCache: cache }) });
      await runSweep(probot, { steps: SWEEP_STEPS, dryRun: false, now: () => new Date(), log: createLogger({ level: "silent" }), signingKey: "unused" });
      await h.settle();
      // GitHub's points: 1 per GET answered with a body, 5 per write, 0 for a 304; installation requests only.
      return h.sim.log.slice(before).filter((e) => e.installationId !== null && e.status !== 304).reduce((n, e) => n + (e.method === "GET" ? 1 : 5), 0);
    }

    it("costs 0 points from its second run on when the ETag cache is on Redis", async () => {
      // The first run repairs what needs it (its writes change what the next run reads) and fills
      // the cache; the run after it sees the organisation as it stays.
      await sweepInFreshProcess(new RedisConditionalCache(redis.client()));
      await sweepInFreshProcess(new RedisConditionalCache(redis.client()));
      const second = await sweepInFreshProcess(new RedisConditionalCache(redis.client()));
      // The same run with a cache of its own (what each CronJob process had before): every read costs.
      const withoutShared = await sweepInFreshProcess(new ConditionalGetCache());
      expect(withoutShared).toBeGreaterThan(0);
      expect(second).toBe(0);
    });
  });

  it("gives Probot's throttling the Redis connection, kept by secwg's Octokit options (one write budget for all replicas)", async () => {
    // In a process of its own, as a replica: Probot's Redis client lives as long as its process.
    const octokitModule = new URL("../../src/octokit.ts", import.meta.url).href;
    const script = `
      import { createProbot } from "probot";
      import { createSecwgOctokit } from ${JSON.stringify(octokitModule)};
      const probot = createProbot({ env: { APP_ID: "1", PRIVATE_KEY: process.env.TEST_KEY, REDIS_URL: process.env.TEST_REDIS, LOG_LEVEL: "silent", GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http" }, overrides: { Octokit: createSecwgOctokit({ throttleId: "throttle-test", retry: false }) } });
      const octokit = await probot.auth();
      // Goes through the limiter, then fails to connect (nothing listens): only the limiter matters.
      await octokit.request("GET /app").catch(() => {});
      process.exit(0);`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, NODE_OPTIONS: "", TEST_KEY: testPrivateKey(), TEST_REDIS: redis.url }, encoding: "utf8", timeout: 30_000 });
    expect(child.stderr).toBe("");
    // Bottleneck's keys for the limiter group `octokit-global-<id>`: the limiter lives in Redis.
    const keys = await redis.client().keys("b_octokit-global-throttle-test*");
    expect(keys.length).toBeGreaterThan(0);
  });

  it("shares one content budget between two processes", async () => {
    const limits = { perMinute: 3, perHour: 100 };
    const a = new RedisContentBudget(redis.client(), limits, "budget-test:");
    const b = new RedisContentBudget(redis.client(), limits, "budget-test:");
    await a.take();
    await b.take();
    await a.take();
    // The fourth request, from either process, has to wait for the minute window.
    const pending = b.take().then(() => "sent", () => "closed");
    const fourth = await Promise.race([pending, new Promise((r) => setTimeout(() => r("waiting"), 500))]);
    expect(fourth).toBe("waiting");
  });

  it("counts the hourly budget as well as the per-minute one", async () => {
    const a = new RedisContentBudget(redis.client(), { perMinute: 100, perHour: 2 }, "hour-test:");
    const b = new RedisContentBudget(redis.client(), { perMinute: 100, perHour: 2 }, "hour-test:");
    await a.take();
    await b.take();
    const pending = a.take().then(() => "sent", () => "closed");
    const third = await Promise.race([pending, new Promise((r) => setTimeout(() => r("waiting"), 500))]);
    expect(third).toBe("waiting");
  });

  it("lets two replicas contending for one object's lease run its work one at a time", async () => {
    const one = redisLeases(redis.client(), { ttlMs: 300, pollMs: 10 }, "lease-test:");
    const two = redisLeases(redis.client(), { ttlMs: 300, pollMs: 10 }, "lease-test:");
    let active = 0;
    let overlap = false;
    const runs: string[] = [];
    // Longer than the lease's lifetime: the holder renews it, so the other replica still waits.
    const work = (who: string) => async () => {
      active++;
      if (active > 1) overlap = true;
      await new Promise((r) => setTimeout(r, 700));
      runs.push(who);
      active--;
    };
    await Promise.all([one.runExclusive("acme/webapp#1", work("one")), two.runExclusive("acme/webapp#1", work("two"))]);
    expect(overlap).toBe(false);
    expect(runs.sort()).toEqual(["one", "two"]);
    const raw = redis.client();
    expect(await raw.exists("lease-test:lease:acme/webapp#1")).toBe(0);
  });

  it("never releases a lease another process holds (compare-and-delete)", async () => {
    const raw = redis.client();
    await raw.set("lease-test:lease:acme/webapp#2", "someone-else", "PX", 5_000);
    const leases = redisLeases(redis.client(), { ttlMs: 1_000, pollMs: 10, maxWaitMs: 200 }, "lease-test:");
    await expect(leases.runExclusive("acme/webapp#2", async () => "ran")).rejects.toBeInstanceOf(LeaseBusyError);
    expect(await raw.get("lease-test:lease:acme/webapp#2")).toBe("someone-else");
  });

  it("builds the shared state from a redis:// URL and closes it", async () => {
    const state = redisState(redis.url, { prefix: "state-test:" });
    expect(state.kind).toBe("redis");
    expect(await state.leases.runExclusive("k", async () => 42)).toBe(42);
    await state.close();
  });
});
