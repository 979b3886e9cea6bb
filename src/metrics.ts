import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics served on `GET /metrics`. Labels carry only event names, routes, step names and
 * outcomes: never repository names, logins or anything from a payload, so cardinality stays bounded
 * and nothing private reaches the scraper.
 */
export interface Metrics {
  registry: Registry;
  eventsReceived: Counter<"event" | "action">;
  eventsHandled: Counter<"event" | "action">;
  eventsFailed: Counter<"event" | "action">;
  /** Events refused with 503 because the process was shutting down (GitHub records a failed delivery). */
  eventsRefused: Counter<"event">;
  /** Webhook requests refused for their size before their body was read (413) or cut off (chunked). */
  webhookBodiesRefused: Counter<"reason">;
  handlerDuration: Histogram<"event">;
  queueDepth: Gauge;
  githubRequests: Counter<"method" | "route" | "status">;
  rateLimitRemaining: Gauge<"resource">;
  sweepStepDuration: Histogram<"step">;
  sweepStepOutcomes: Counter<"step" | "outcome">;
  redeliveriesRequested: Counter;
  unhandledErrors: Counter<"kind">;
}

export function createMetrics(registry = new Registry()): Metrics {
  const registers = [registry];
  return {
    registry,
    eventsReceived: new Counter({ name: "secwg_events_received_total", help: "Webhook events accepted for handling.", labelNames: ["event", "action"], registers }),
    eventsHandled: new Counter({ name: "secwg_events_handled_total", help: "Webhook events whose handlers finished without error.", labelNames: ["event", "action"], registers }),
    eventsFailed: new Counter({ name: "secwg_events_failed_total", help: "Webhook events whose handler threw.", labelNames: ["event", "action"], registers }),
    eventsRefused: new Counter({ name: "secwg_events_refused_total", help: "Webhook events refused (503) during shutdown; the redelivery step asks for them again.", labelNames: ["event"], registers }),
    handlerDuration: new Histogram({
      name: "secwg_handler_duration_seconds",
      help: "Time from an event being queued to its handler finishing.",
      labelNames: ["event"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    queueDepth: new Gauge({ name: "secwg_work_queue_depth", help: "Events queued or running.", registers }),
    webhookBodiesRefused: new Counter({
      name: "secwg_webhook_bodies_refused_total",
      help: "Webhook requests refused for a body above GitHub's 25 MB payload cap: answered 413 unread (declared-length) or cut off (cut).",
      labelNames: ["reason"],
      registers,
    }),
    githubRequests: new Counter({ name: "secwg_github_requests_total", help: "GitHub API requests by route template and response status (0 = no response).", labelNames: ["method", "route", "status"], registers }),
    rateLimitRemaining: new Gauge({ name: "secwg_github_rate_limit_remaining", help: "Last x-ratelimit-remaining GitHub reported, by resource.", labelNames: ["resource"], registers }),
    sweepStepDuration: new Histogram({
      name: "secwg_sweep_step_duration_seconds",
      help: "Wall time of one sweep step for one installation (or the app).",
      labelNames: ["step"],
      buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300],
      registers,
    }),
    sweepStepOutcomes: new Counter({ name: "secwg_sweep_step_runs_total", help: "Sweep step runs by outcome (ok, errors, failed, timeout).", labelNames: ["step", "outcome"], registers }),
    redeliveriesRequested: new Counter({ name: "secwg_redeliveries_requested_total", help: "Failed webhook deliveries secwg asked GitHub to redeliver.", registers }),
    unhandledErrors: new Counter({ name: "secwg_unhandled_errors_total", help: "Unhandled promise rejections and uncaught exceptions caught by the process guard.", labelNames: ["kind"], registers }),
  };
}

let processMetrics: Metrics | undefined;

/** The process's metrics (with Node's default process metrics), created on first use. */
export function defaultMetrics(): Metrics {
  if (!processMetrics) {
    processMetrics = createMetrics();
    collectDefaultMetrics({ register: processMetrics.registry, prefix: "secwg_" });
  }
  return processMetrics;
}
