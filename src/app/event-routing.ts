import type { Context, Probot } from "probot";
import type { Metrics } from "../metrics.js";
import type { Lifecycle } from "./lifecycle.js";
import { nextRetryDelay } from "./retry-policy.js";
import { workKeyFor } from "./work-key.js";
import { QueueClosedError, type WorkQueue } from "./work-queue.js";

export interface EventRouting {
  /** Absent: handlers run inline, before Probot replies (tests, and a fallback). */
  queue?: WorkQueue | undefined;
  metrics: Metrics;
  lifecycle: Lifecycle;
  /** Waits between attempts of a queued event that failed transiently (default 5 s, 30 s, 2 min). */
  retryDelaysMs?: readonly number[] | undefined;
}

type Handler = (context: Context) => Promise<void> | void;

/**
 * `app` as the handlers see it, with `on` rerouted: each event is counted, its logger bound to the
 * delivery, event, installation and repository, and its handler queued per object so Probot can
 * reply as soon as the signature is verified. Everything else is the real Probot.
 */
export function routeEvents(app: Probot, routing: EventRouting): Probot {
  const { queue, metrics, lifecycle } = routing;
  const wrap = (handler: Handler) => async (context: Context) => {
    const payload = context.payload as { action?: string; installation?: { id?: number }; repository?: { full_name?: string } };
    const action = typeof payload.action === "string" ? payload.action : "";
    const event = action ? `${context.name}.${action}` : context.name;
    if (lifecycle.shuttingDown || queue?.closed) {
      metrics.eventsRefused.inc({ event: context.name });
      throw new QueueClosedError();
    }
    context.log = context.log.child({ delivery: context.id, event, installation: payload.installation?.id, repository: payload.repository?.full_name });
    const labels = { event: context.name, action };
    metrics.eventsReceived.inc(labels);
    const work = async () => {
      const stopTimer = metrics.handlerDuration.startTimer({ event: context.name });
      try {
        await handler(context);
        metrics.eventsHandled.inc(labels);
      } catch (error) {
        metrics.eventsFailed.inc(labels);
        throw error;
      } finally {
        stopTimer();
      }
    };
    if (!queue) return work();
    const meta = { key: workKeyFor(context.payload), deliveryId: context.id, name: event };
    const attempt = (number: number) => async () => {
      try {
        await work();
      } catch (error) {
        // GitHub already has its 200 and will not redeliver: retry what may pass later, and leave
        // the rest to the sweep, which reconciles the object.
        const delay = nextRetryDelay(error, number, routing.retryDelaysMs);
        if (delay === null || lifecycle.shuttingDown) {
          context.log.error({ err: error, attempt: number }, "event handler failed after the reply; the sweep reconciles this object");
          return;
        }
        context.log.warn({ err: error, attempt: number, retryInMs: delay }, "event handler failed transiently; retrying");
        setTimeout(() => {
          if (queue.closed) {
            context.log.error({ attempt: number }, "retry dropped: shutting down; the sweep reconciles this object");
            return;
          }
          queue.enqueue(meta, attempt(number + 1));
        }, delay).unref();
      }
    };
    queue.enqueue(meta, attempt(1));
  };
  const on = ((events: Parameters<Probot["on"]>[0], handler: Handler) => app.on(events, wrap(handler) as never)) as Probot["on"];
  return new Proxy(app, {
    get(target, property) {
      if (property === "on") return on;
      const value = Reflect.get(target, property, target) as unknown;
      // Probot keeps its state in private fields, so its methods must run on the real instance.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
