import type { Logger } from "pino";
import type { Lifecycle } from "./lifecycle.js";
import type { WorkQueue } from "./work-queue.js";

export interface ShutdownOptions {
  lifecycle: Lifecycle;
  queue: WorkQueue;
  /** Stops the HTTP server (Probot's `Server.stop`). */
  stopServer(): Promise<void>;
  graceMs: number;
  log: Logger;
  exit(code: number): void;
}

/**
 * SIGTERM: readiness goes false and new webhooks get 503 (the load balancer stops sending them; any
 * that still arrive are recorded by GitHub as failed and redelivered by the sweep), queued work
 * gets `graceMs` to finish, and whatever is left is logged by delivery id for the sweep to repair.
 */
export async function shutDown(signal: string, options: ShutdownOptions): Promise<void> {
  const { lifecycle, queue, log } = options;
  log.info({ signal, queued: queue.size, graceMs: options.graceMs }, "shutting down: refusing new webhooks, draining queued work");
  await lifecycle.beginShutdown();
  const unfinished = await queue.drain(options.graceMs);
  for (const work of unfinished) {
    log.warn({ delivery: work.deliveryId, event: work.name, object: work.key }, "work left unfinished at shutdown; the sweep reconciles it");
  }
  try {
    await options.stopServer();
  } catch (error) {
    log.error({ err: error }, "HTTP server did not stop cleanly");
  }
  log.info({ unfinished: unfinished.length }, "shutdown complete");
  options.exit(0);
}
