import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";

/** The delivery an error belongs to, when it came out of a webhook handler (`error.event.id`). */
export function deliveryIdOf(error: unknown): string | undefined {
  const id = (error as { event?: { id?: unknown } } | null)?.event?.id;
  return typeof id === "string" ? id : undefined;
}

export interface ProcessGuardOptions {
  log: Logger;
  metrics: Metrics;
  /** Called after an uncaught exception has been logged (default: exit 1, so the supervisor restarts). */
  onFatal?(): void;
  target?: NodeJS.EventEmitter;
}

/**
 * Last line of defence. A stray rejected promise is logged with its delivery id and counted, and
 * the server keeps serving: one broken event must not take the others down. An uncaught exception
 * leaves the process in an unknown state, so it is logged and counted and the process exits; the
 * supervisor restarts it and the sweep repairs what was in flight.
 * Returns a function that removes the guard.
 */
export function installProcessGuard(options: ProcessGuardOptions): () => void {
  const target = options.target ?? process;
  const onRejection = (reason: unknown) => {
    options.metrics.unhandledErrors.inc({ kind: "rejection" });
    options.log.error({ err: reason, delivery: deliveryIdOf(reason) }, "unhandled promise rejection (server keeps running)");
  };
  const onException = (error: unknown) => {
    options.metrics.unhandledErrors.inc({ kind: "exception" });
    options.log.fatal({ err: error, delivery: deliveryIdOf(error) }, "uncaught exception; exiting so the supervisor restarts a clean process");
    (options.onFatal ?? (() => process.exit(1)))();
  };
  target.on("unhandledRejection", onRejection);
  target.on("uncaughtException", onException);
  return () => {
    target.off("unhandledRejection", onRejection);
    target.off("uncaughtException", onException);
  };
}
