import type { ApplicationFunctionOptions, Probot } from "probot";
import { healthHandler } from "../http/health.js";
import { createMetricsHandler } from "../http/metrics.js";
import { createReadinessHandler } from "../http/readiness.js";
import { installWebhookBodyLimit } from "../http/webhook-body-limit.js";
import { defaultMetrics, type Metrics } from "../metrics.js";
import type { Octokit } from "../github/octokit-gateway.js";
import { runSweep, scheduleSweeps, singleFlight } from "../sweep/runner.js";
import { SWEEP_STEPS } from "../sweep/steps.js";
import type { AnySweepStep } from "../sweep/types.js";
import type { AppDeps } from "./deps.js";
import { routeEvents } from "./event-routing.js";
import { Lifecycle } from "./lifecycle.js";
import { WorkQueue } from "./work-queue.js";

/** What the server process shares with the app: the entry point (`main.ts`) owns their lifetime. */
export interface AppOperations {
  queue?: WorkQueue;
  lifecycle?: Lifecycle;
  metrics?: Metrics;
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
  options.addHandler?.(createMetricsHandler(metrics.registry));

  if (operations.sweep) {
    const { intervalMs, steps = SWEEP_STEPS, stepTimeoutMs } = operations.sweep;
    const log = app.log.child({ name: "sweep" });
    const sweep = singleFlight(() => runSweep(app, { steps, dryRun: false, now: deps.now, log, signingKey: deps.signingKey, metrics, stepTimeoutMs }));
    const schedule = scheduleSweeps(sweep, intervalMs, log);
    lifecycle.onShutdown(() => schedule.stop());
  }

  return routeEvents(app, { queue, metrics, lifecycle });
}
