import type { Context, Probot } from "probot";
import type { Metrics } from "../metrics.js";
import type { Lifecycle } from "./lifecycle.js";
import { nextRetryDelay } from "../core/retry-policy.js";
import { workKeyFor } from "../core/work-key.js";
import { QueueClosedError, type Priority, type WorkQueue } from "./work-queue.js";

export interface EventRouting {
  /** Absent: handlers run inline, before Probot replies (tests, and a fallback). */
  queue?: WorkQueue | undefined;
  metrics: Metrics;
  lifecycle: Lifecycle;
  /** Waits between attempts of a queued event that failed transiently (default 5 s, 30 s, 2 min). */
  retryDelaysMs?: readonly number[] | undefined;
}

type Handler = (context: Context) => Promise<void> | void;

const OWN_KEY = Symbol("secwg.ownWorkKey");

/** A handler queued under a key of its own instead of the event's object (see `coalescedUnder`). */
type KeyedHandler = Handler & { [OWN_KEY]?: (payload: unknown) => string | null };

/**
 * A handler whose work is about something wider than the event's object (the organisation's
 * dashboard): queued as routine work under `key(payload)`, one part per handler whatever the event,
 * so a burst of events while a task waits costs one run. A null key means the event is not
 * relevant: nothing is queued.
 */
export function coalescedUnder(key: (payload: unknown) => string | null, handler: Handler): Handler {
  return Object.assign(handler, { [OWN_KEY]: key });
}

/**
 * How an event's work is queued. Reports (`repository_advisory`) and comments (which carry
 * commands: sign-offs, votes, tracker commands) are urgent and kept, each in order. Everything else
 * (pull request and review activity) is routine and coalesces: its handlers re-read the object from
 * GitHub when they run, so the latest event of a burst stands for the earlier ones.
 */
export function queueingFor(event: string): { priority: Priority; keep: boolean } {
  if (event.startsWith("repository_advisory.") || event === "issue_comment.created") return { priority: "urgent", keep: true };
  return { priority: "routine", keep: false };
}

/**
 * `app` as the handlers see it, with `on` rerouted: each event is counted, its logger bound to the
 * delivery, event, installation and repository, and its handler queued per object so Probot can
 * reply as soon as the signature is verified. Everything else is the real Probot.
 */
export function routeEvents(app: Probot, routing: EventRouting): Probot {
  let handlers = 0;
  const on = ((events: Parameters<Probot["on"]>[0], handler: Handler) => app.on(events, routedHandler(handler, ++handlers, routing) as never)) as Probot["on"];
  return new Proxy(app, {
    get(target, property) {
      if (property === "on") return on;
      const value = Reflect.get(target, property, target) as unknown;
      // Probot keeps its state in private fields, so its methods must run on the real instance.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** One handler as routed: refused when closing, counted, timed, then run inline or queued with retries. */
function routedHandler(handler: KeyedHandler, handlerId: number, routing: EventRouting) {
  const { queue, metrics, lifecycle } = routing;
  return async (context: Context) => {
    const ownKey = handler[OWN_KEY]?.(context.payload);
    if (ownKey === null) return;
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
    const { priority, keep } = ownKey !== undefined ? { priority: "routine" as const, keep: false } : queueingFor(event);
    const meta = { key: ownKey ?? workKeyFor(context.payload), deliveryId: context.id, name: event, priority };
    // One part per handler and action: a later event of the same kind supersedes a waiting one (a
    // handler under its own key: one part whatever the event).
    const part = ownKey !== undefined ? `${handlerId}` : `${handlerId}:${event}`;
    const submit = (run: () => Promise<void>) => (keep ? queue.enqueue(meta, run) : queue.reconcile(meta, part, run));
    try {
      submit(retrying(context, work, submit, queue, routing)(1));
    } catch (error) {
      // Full (or closing): answered 503, so GitHub's delivery log shows a failure and the sweep's
      // redelivery step asks for it again.
      metrics.eventsRefused.inc({ event: context.name });
      context.log.warn({ err: error }, "delivery refused: the work queue is full");
      throw error;
    }
  };
}

/**
 * Attempt `number` of queued work. GitHub already has its 200 and will not redeliver: what failed
 * transiently is submitted again after a wait; the rest is left to the sweep, which reconciles the object.
 */
function retrying(context: Context, work: () => Promise<void>, submit: (run: () => Promise<void>) => void, queue: WorkQueue, routing: EventRouting) {
  const attempt = (number: number) => async () => {
    try {
      await work();
    } catch (error) {
      const delay = nextRetryDelay(error, number, routing.retryDelaysMs);
      if (delay === null || routing.lifecycle.shuttingDown) {
        context.log.error({ err: error, attempt: number }, "event handler failed after the reply; the sweep reconciles this object");
        return;
      }
      context.log.warn({ err: error, attempt: number, retryInMs: delay }, "event handler failed transiently; retrying");
      setTimeout(() => {
        if (queue.closed) {
          context.log.error({ attempt: number }, "retry dropped: shutting down; the sweep reconciles this object");
          return;
        }
        try {
          submit(attempt(number + 1));
        } catch (refused) {
          context.log.error({ err: refused, attempt: number }, "retry refused by the work queue; the sweep reconciles this object");
        }
      }, delay).unref();
    }
  };
  return attempt;
}
