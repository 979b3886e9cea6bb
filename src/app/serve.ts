import { run } from "probot";
import { createApp } from "../index.js";
import { createLogger } from "../logger.js";
import { defaultMetrics } from "../metrics.js";
import { createSecwgOctokit } from "../octokit.js";
import { installProcessGuard } from "../process-guard.js";
import { Lifecycle } from "./lifecycle.js";
import { requireSigningKey, requireWebhookSecret } from "./secrets.js";
import { readOperationsSettings } from "./settings.js";
import { shutDown } from "./shutdown.js";
import { WorkQueue } from "./work-queue.js";
import { sharedStateFromEnv } from "./shared-state.js";

/**
 * The webhook server with credentials: deliberate throttling and retries, the reply-fast work queue,
 * the in-process sweep unless `SWEEP=off`, the process guard, and graceful shutdown on SIGTERM.
 * With `REDIS_URL`, Probot's throttling limiter, the ETag cache, per-object leases and the content
 * budget are shared with the other replicas (`src/app/shared-state.ts`).
 */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // No secret, no service: without it Probot would accept deliveries signed with its public
  // development default, and secwg would sign records with a key anyone can compute.
  requireWebhookSecret(env);
  const signingKey = requireSigningKey(env);
  const settings = readOperationsSettings(env);
  const log = createLogger();
  const metrics = defaultMetrics();
  installProcessGuard({ log, metrics });
  const lifecycle = new Lifecycle();
  // REDIS_URL: ETag cache, object leases and content budget shared with the other replicas and the CronJob.
  const shared = sharedStateFromEnv(env);
  const queue = new WorkQueue({
    ...(shared.kind === "redis" ? { exclusive: (key: string, work: () => Promise<void>) => shared.leases.runExclusive(key, work) } : {}),
    concurrency: settings.workConcurrency,
    onError: (error, meta) => log.error({ err: error, delivery: meta.deliveryId, event: meta.name }, "queued work failed"),
    onDepth: (size) => metrics.queueDepth.set(size),
  });
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  const app = createApp({ signingKey }, { queue, lifecycle, metrics, ...(metricsToken ? { metricsToken } : {}), ...(settings.sweep === "inprocess" ? { sweep: { intervalMs: settings.sweepIntervalMs } } : {}) });
  const server = await run(app, { log, Octokit: createSecwgOctokit({ metrics, log, throttleId: env.SECWG_THROTTLE_ID ?? "secwg", conditionalCache: shared.conditionalCache, contentBudget: shared.contentBudget }) });
  log.info({ sweep: settings.sweep, sweepIntervalMs: settings.sweepIntervalMs, workConcurrency: settings.workConcurrency, redis: !!env.REDIS_URL }, "secwg serving webhooks");
  process.once("SIGTERM", () => {
    void shutDown("SIGTERM", { lifecycle, queue, stopServer: async () => { await server.stop(); await shared.close(); }, graceMs: settings.shutdownGraceMs, log, exit: (code) => process.exit(code) });
  });
}
