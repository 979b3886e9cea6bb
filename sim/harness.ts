/**
 * Starts the local GitHub simulator with the seeded organisation and the real, unmodified secwg app
 * against it, in one process: Probot's `run()` with the environment an operator would set for GitHub
 * Enterprise Server (`GHE_HOST`, `GHE_PROTOCOL=http`), a freshly generated private key and webhook
 * secret. Used by the end-to-end tests, the demo and the benchmarks.
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import type { DestinationStream } from "pino";
import { Probot, run, type ApplicationFunction } from "probot";
import type { AppDeps } from "../src/app/deps.js";
import { sweepSerializer } from "../src/app/operations.js";
import { WorkQueue, type WorkMeta } from "../src/app/work-queue.js";
import { IntervalGate } from "../src/app/interval-gate.js";
import { DASHBOARD_REFRESH_INTERVAL_MS } from "../src/features/dashboard/events.js";
import { createApp } from "../src/index.js";

/** The bearer token the harness's app asks of `/metrics` scrapers (`METRICS_TOKEN` in production). */
export const HARNESS_METRICS_TOKEN = "harness-metrics-scraper";
import { createLogger } from "../src/logger.js";
import { createSecwgOctokit } from "../src/octokit.js";
import { runSweep } from "../src/sweep/runner.js";
import { SWEEP_STEPS } from "../src/sweep/steps.js";
import type { SweepStep } from "../src/sweep/types.js";
import { seedOrg, type SeededOrg } from "./seed.js";
import { Simulator, type SimulatorOptions } from "./server.js";
import { WebhookDispatcher } from "./webhooks.js";

type ProbotServer = Awaited<ReturnType<typeof run>>;

export interface HarnessOptions {
  simulator?: SimulatorOptions;
  /**
   * `github`: Probot's defaults (writes spaced 1 s apart, 3 s for notifications) as in production.
   * `fast`: no spacing and short retry back-off, so tests and benchmarks are not dominated by waits.
   */
  pacing?: "github" | "fast";
  /** Log level of the app (default `silent`; the demo uses `warn`). */
  logLevel?: string;
  /**
   * Where the app's log lines go (default stdout), after the app's own scrubbing, so a test can
   * read every line the app and its sweep wrote (e.g. that no secret reached the log).
   */
  logDestination?: DestinationStream;
  /** Replaces parts of the app's dependencies (e.g. the clock). */
  deps?: Partial<AppDeps>;
  /**
   * The dashboard's event-driven rebuilds are bounded in time (one per interval per organisation,
   * then one trailing rebuild). `settle` (default): one rebuild when a step has settled, if an event
   * asked for one, so every step ends with the dashboard current, a step costs one rebuild and no
   * timer outlives it (tests). `timed`: as in production (the demo, benchmarks).
   */
  dashboardRefresh?: "settle" | "timed";
  /** Run another Probot app instead of secwg (the benchmarks' no-op baseline). */
  app?: ApplicationFunction;
  /**
   * `queued` (production): Probot replies at once and the work follows in the app's queue, so a
   * failed GitHub call does not fail the delivery. `inline`: handlers run before the reply, so a
   * failure becomes the delivery's status and can be redelivered (used by the fault scenarios).
   */
  mode?: "queued" | "inline";
  /**
   * A test that sends undocumented requests on purpose (the simulator's own tests). Otherwise
   * `stop()` fails when the app made any request GitHub's OpenAPI description does not document
   * (an operation, a query parameter, a body), so no test passes with such a request unnoticed.
   */
  expectViolations?: boolean;
}

export interface Harness {
  sim: Simulator;
  hooks: WebhookDispatcher;
  org: SeededOrg;
  appUrl: string;
  /** The app's private key (to build more clients of the same app, e.g. the sweep). */
  privateKey: string;
  /** Work that failed after the reply (queued mode): what only the sweep can repair. */
  failedWork: Array<{ meta: WorkMeta; message: string }>;
  /** Resolves when every delivery has been answered and the app's queue is empty. */
  settle(): Promise<void>;
  /** Performs a person's action on "GitHub" and waits until the app has answered every webhook it caused. */
  act<T>(action: () => T | Promise<T>): Promise<T>;
  /**
   * Runs the app's sweep once (every step, as `secwg sweep` does) with the clock at `now`. With
   * `inProcess`, its work on each object goes through the app's work queue, as the sweep a
   * serving process runs on its timer (`SWEEP=inprocess`) does.
   */
  /** Runs the sweep at `now`; `steps` narrows it to some steps (as `secwg sweep --step`). */
  sweep(now?: Date, options?: { inProcess?: boolean; steps?: SweepStep[] }): Promise<unknown>;
  /** Redelivers failed deliveries until all succeed (what the sweep does with `GET /app/hook/deliveries`), at most `rounds` times. */
  redeliverFailed(rounds?: number): Promise<number>;
  /**
   * Starts another secwg, the way `npm start` runs it, as a child process against the simulator
   * (same credentials, its own port, no in-process sweep). Point `hooks.options.target` at its
   * `webhookUrl` to deliver to it; `kill()` ends it with SIGKILL, as a crash would. `env` changes
   * its environment (a variable set to undefined is removed). Rejects when the process exits
   * before serving. `entry` runs another script instead of `src/main.ts` (a benchmark's no-op app),
   * which must serve `/healthz` too.
   */
  startAppProcess(env?: Record<string, string | undefined>, entry?: string): Promise<AppProcess>;
  stop(): Promise<void>;
}

export interface AppProcess {
  webhookUrl: string;
  /** The child's process id (for its CPU time and memory in `/proc`). */
  pid: number;
  /** SIGKILL: no graceful shutdown, queued work is lost. Resolves once the process has exited. */
  kill(): Promise<void>;
}

/**
 * The events the app receives: those its manifest subscribes to, plus `installation` and
 * `installation_repositories`, which GitHub delivers to every app. GitHub delivers nothing else.
 */
export function subscribedEvents(): string[] {
  const manifest = yaml.load(readFileSync(new URL("../app.yml", import.meta.url), "utf8")) as { default_events?: string[] };
  return [...(manifest.default_events ?? []), "installation", "installation_repositories"];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let cachedKey: string | undefined;
function privateKey(): string {
  cachedKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return cachedKey;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // `fast` pacing plays minutes of a group's activity in seconds: GitHub's per-minute limits are
  // scaled to the compressed clock (×6, as the demo does; the hourly ones stay) unless given.
  const compressed = (options.pacing ?? "fast") === "fast" ? { pointsPerMinute: 900 * 6, contentPerMinute: 80 * 6 } : {};
  const sim = new Simulator({ ...options.simulator, limits: { ...compressed, ...options.simulator?.limits } });
  await sim.start();
  const org = seedOrg(sim.world);
  const secret = randomBytes(20).toString("hex");
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const fast = (options.pacing ?? "fast") === "fast";
  const env: Record<string, string> = {
    APP_ID: "1",
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET: secret,
    GHE_HOST: sim.host,
    GHE_PROTOCOL: "http",
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: options.logLevel ?? "silent",
    NODE_ENV: "development",
  };
  const failedWork: Harness["failedWork"] = [];
  const queue = new WorkQueue({
    concurrency: 8,
    onError: (error, meta) => failedWork.push({ meta, message: error instanceof Error ? error.message : String(error) }),
  });
  // `settle`: one rebuild when a step has settled. `timed`: at `fast` pacing the clock is compressed
  // like the per-minute limits, one rebuild per 10 s plus one trailing.
  const timed = options.dashboardRefresh === "timed";
  const dashboardGate = options.deps?.dashboardGate ?? new IntervalGate({ intervalMs: fast ? 10_000 : DASHBOARD_REFRESH_INTERVAL_MS, manual: !timed });
  // The app signs vote records with a key derived from the webhook secret it reads from the environment.
  const app = options.app ?? createApp({ signingKey: secret, inline: options.mode === "inline", dashboardGate, ...options.deps }, { queue, metricsToken: HARNESS_METRICS_TOKEN });
  // Probot's run() registers a SIGINT handler per server and never removes it; stop() does.
  const sigintBefore = new Set(process.listeners("SIGINT"));
  const server: ProbotServer = await run(app, {
    env: env as NodeJS.ProcessEnv,
    log: createLogger({ level: (options.logLevel ?? "silent") as "silent", destination: options.logDestination }),
    // The production Octokit policy (src/octokit.ts); `fast` drops the write spacing and shortens back-off.
    Octokit: fast ? createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) : createSecwgOctokit({ throttleId: `sim-${port}` }),
  });
  const hooks = new WebhookDispatcher(sim, { target: `${appUrl}/api/github/webhooks`, secret, events: subscribedEvents() });

  // Deliveries can cause work, and work can cause deliveries (the app's own comments and labels).
  const settle = async (): Promise<void> => {
    for (let round = 0; round < 50; round++) {
      await hooks.settle();
      await queue.idle();
      if (!timed && dashboardGate.pending()) {
        await dashboardGate.flush();
        continue;
      }
      if (!hooks.busy) return;
    }
  };
  const harness: Harness = {
    sim,
    hooks,
    org,
    appUrl,
    privateKey: privateKey(),
    failedWork,
    settle,
    async act(action) {
      const result = await action();
      await settle();
      return result;
    },
    async sweep(now = new Date(), sweepOptions = {}) {
      const probot = new Probot({ appId: 1, privateKey: privateKey(), baseUrl: sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
      const report = await runSweep(probot, {
        steps: sweepOptions.steps ?? SWEEP_STEPS,
        dryRun: false,
        now: () => now,
        log: createLogger({ level: (options.logLevel ?? "silent") as "silent", destination: options.logDestination }),
        signingKey: secret,
        ...(sweepOptions.inProcess ? { serialize: sweepSerializer(queue) } : {}),
      });
      if (process.env.SIM_DEBUG) console.log(JSON.stringify(report, null, 1));
      await settle();
      return report;
    },
    async redeliverFailed(rounds = 5) {
      let redelivered = 0;
      for (let i = 0; i < rounds; i++) {
        const failed = hooks.failed();
        if (failed.length === 0) break;
        for (const delivery of failed) {
          await hooks.redeliver(delivery);
          redelivered++;
        }
        await settle();
      }
      return redelivered;
    },
    async startAppProcess(overrides = {}, entry) {
      const childPort = await freePort();
      const childEnv: Record<string, string | undefined> = { ...process.env, ...env, PORT: String(childPort), SWEEP: "off", LOG_LEVEL: "silent", ...overrides };
      for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
      const main = entry ?? fileURLToPath(new URL("../src/main.ts", import.meta.url));
      const child = spawn(process.execPath, ["--import", "tsx", main], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: childEnv as NodeJS.ProcessEnv,
        stdio: "ignore",
      });
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const base = `http://127.0.0.1:${childPort}`;
      for (let i = 0; ; i++) {
        if (child.exitCode !== null) throw new Error(`secwg exited with ${child.exitCode} before serving`);
        const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        if (i >= 300) {
          child.kill("SIGKILL");
          throw new Error("secwg did not start within 30 s");
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return {
        webhookUrl: `${base}/api/github/webhooks`,
        pid: child.pid ?? 0,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
        },
      };
    },
    async stop() {
      // Bounded: a benchmark may stop with work still queued.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([settle().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
      clearTimeout(timer);
      dashboardGate.close();
      await server.stop();
      await sim.stop();
      for (const listener of process.listeners("SIGINT")) if (!sigintBefore.has(listener)) process.removeListener("SIGINT", listener);
      if (!options.expectViolations && sim.violations.length > 0) {
        const shown = sim.violations.slice(0, 5).map((v) => `${v.method} ${v.path}: ${v.problem}`);
        throw new Error(`requests GitHub's API description does not document (${sim.violations.length}):\n  ${shown.join("\n  ")}`);
      }
    },
  };
  return harness;
}
