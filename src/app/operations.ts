import type { ApplicationFunctionOptions, Probot } from "probot";
import { healthHandler } from "../http/health.js";
import { createMetricsHandler } from "../http/metrics.js";
import { createReadinessHandler } from "../http/readiness.js";
import { installWebhookBodyLimit } from "../http/webhook-body-limit.js";
import { defaultMetrics, type Metrics } from "../metrics.js";
import type { Octokit } from "../github/octokit-gateway.js";
import { runSweep, scheduleSweeps, singleFlight } from "../sweep/runner.js";
import { SWEEP_STEPS } from "../sweep/steps.js";
import type { AnySweepStep, Serialize } from "../sweep/types.js";
import type { AppDeps } from "./deps.js";
import { routeEvents } from "./event-routing.js";
import { Lifecycle } from "./lifecycle.js";
import { WorkQueue } from "./work-queue.js";

/** What the server process shares with the app: the entry point (`main.ts`) owns their lifetime. */
export interface AppOperations {
  queue?: WorkQueue;
  lifecycle?: Lifecycle;
  metrics?: Metrics;
  /** Bearer token a scraper must present on `GET /metrics` (`METRICS_TOKEN`); absent: `/metrics` is off. */
  metricsToken?: string;
  /** Sweep in this process on a jittered timer (`SWEEP=inprocess`); absent: no timer (tests, `SWEEP=off`). */
  sweep?: { intervalMs: number; steps?: readonly AnySweepStep[]; stepTimeoutMs?: number };
}

/** Default bound on objects handled at once, well under GitHub's 100 concurrent requests. */
const DEFAULT_CONCURRENCY = 8;

/**
 * Everything around the handlers: HTTP endpoints (`/healthz`, `/readyz`, `/metrics`), the work
 * queue between Probot's reply and the handlers (unless `deps.inline`), and the in-process sweep.
 * Returns the `app` the handlers should register on.
 */
export function setUpOperations(app: Probot, options: ApplicationFunctionOptions, deps: AppDeps, operations: AppOperations): Probot {
  const metrics = operations.metrics ?? defaultMetrics();
  const lifecycle = operations.lifecycle ?? new Lifecycle();
  const queue = deps.inline
    ? undefined
    : (operations.queue ??
      new WorkQueue({
        concurrency: DEFAULT_CONCURRENCY,
        onError: (error, meta) => app.log.error({ err: error, delivery: meta.deliveryId, event: meta.name }, "queued work failed"),
        onDepth: (size) => metrics.queueDepth.set(size),
      }));

  options.addHandler?.(installWebhookBodyLimit(metrics.webhookBodiesRefused));
  options.addHandler?.(healthHandler);
  options.addHandler?.(
    createReadinessHandler({
      lifecycle,
      probe: async () => {
        // GET /app with the app's JWT: proves the credentials and that GitHub answers.
        const octokit = (await app.auth()) as Octokit;
        await octokit.rest.apps.getAuthenticated();
      },
    }),
  );
  options.addHandler?.(createMetricsHandler(metrics.registry, operations.metricsToken));

  if (operations.sweep) {
    const { intervalMs, steps = SWEEP_STEPS, stepTimeoutMs } = operations.sweep;
    const log = app.log.child({ name: "sweep" });
    // Sweep work on an object goes through the same per-object queue as the webhook work on it.
    const serialize = queue ? sweepSerializer(queue) : undefined;
    const sweep = singleFlight(() =>
      runSweep(app, { steps, dryRun: false, now: deps.now, log, signingKey: deps.signingKey, metrics, stepTimeoutMs, ...(serialize ? { serialize } : {}) }),
    );
    const schedule = scheduleSweeps(sweep, intervalMs, log);
    lifecycle.onShutdown(() => schedule.stop());
  }

  return routeEvents(app, { queue, metrics, lifecycle });
}

/**
 * Runs sweep work on an object in the work queue, keyed like the object's webhook events
 * (`src/core/work-key.ts`): it waits for the event work already queued on the object, and events
 * arriving meanwhile wait for it.
 */
export function sweepSerializer(queue: WorkQueue): Serialize {
  let sequence = 0;
  return (key, work) => queue.run({ key, deliveryId: `sweep-${++sequence}`, name: "sweep" }, work);
}
