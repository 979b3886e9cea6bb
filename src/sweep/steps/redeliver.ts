import { callGitHub } from "../../github/octokit-gateway.js";
import { defaultMetrics, type Metrics } from "../../metrics.js";
import type { AppSweepContext, AppSweepStep, StepReport } from "../types.js";

/** One attempt as `GET /app/hook/deliveries` lists it (only the fields secwg reads). */
export interface DeliveryAttempt {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
  action?: string | null;
}

export interface RedeliveryPlan {
  /** Attempt ids to redeliver, one per failed delivery (guid). */
  redeliver: DeliveryAttempt[];
  /** Failed deliveries left alone because a redelivery was already asked for. */
  alreadyRedelivered: number;
}

function failed(attempt: DeliveryAttempt): boolean {
  return attempt.status_code === 0 || attempt.status_code >= 400;
}

/**
 * Which deliveries to ask for again. A delivery (guid) is redelivered at most once by secwg: if any
 * attempt for it succeeded, or any attempt is itself a redelivery (ours or someone's), it is left
 * alone. That bounds the cost of a delivery that fails every time to one extra attempt.
 */
export function planRedeliveries(attempts: readonly DeliveryAttempt[]): RedeliveryPlan {
  const byGuid = new Map<string, DeliveryAttempt[]>();
  for (const attempt of attempts) {
    const group = byGuid.get(attempt.guid);
    if (group) group.push(attempt);
    else byGuid.set(attempt.guid, [attempt]);
  }
  const redeliver: DeliveryAttempt[] = [];
  let alreadyRedelivered = 0;
  for (const group of byGuid.values()) {
    if (group.some((a) => !failed(a))) continue;
    if (group.some((a) => a.redelivery)) {
      alreadyRedelivered++;
      continue;
    }
    const latest = group.reduce((a, b) => (Date.parse(b.delivered_at) > Date.parse(a.delivered_at) ? b : a));
    redeliver.push(latest);
  }
  redeliver.sort((a, b) => Date.parse(a.delivered_at) - Date.parse(b.delivered_at));
  return { redeliver, alreadyRedelivered };
}

export interface RedeliverOptions {
  /** A number, or a function read at each run (so a bad setting fails the step, not the import). */
  windowMs: number | (() => number);
  /** Listing stops after this many pages (100 deliveries each) even inside the window. */
  maxPages?: number;
  /** Redelivery requests per sweep; the rest wait for the next sweep (secondary limits). */
  maxRedeliveries?: number;
  metrics?: Metrics;
}

/**
 * Lists the app's recent deliveries newest first and stops at the window's edge.
 * @see https://docs.github.com/en/rest/apps/webhooks#list-deliveries-for-an-app-webhook
 */
async function listRecentAttempts(context: AppSweepContext, windowMs: number, maxPages: number): Promise<{ attempts: DeliveryAttempt[]; truncated: boolean }> {
  const since = context.now.getTime() - windowMs;
  const attempts: DeliveryAttempt[] = [];
  let pages = 0;
  return callGitHub("GET /app/hook/deliveries", async () => {
    const iterator = context.appOctokit.paginate.iterator(context.appOctokit.rest.apps.listWebhookDeliveries, { per_page: 100 });
    for await (const page of iterator) {
      pages++;
      for (const d of page.data) {
        if (Date.parse(d.delivered_at) < since) return { attempts, truncated: false };
        attempts.push({ id: d.id, guid: d.guid, delivered_at: d.delivered_at, redelivery: d.redelivery, status_code: d.status_code, event: d.event, action: d.action });
      }
      if (pages >= maxPages || context.signal?.aborted) return { attempts, truncated: true };
    }
    return { attempts, truncated: false };
  });
}

/**
 * GitHub never retries a failed webhook delivery; this step does, once per delivery. Redeliveries
 * keep the delivery id, and every handler is idempotent, so a redelivered event that had in fact
 * been handled writes nothing.
 * @see https://docs.github.com/en/rest/apps/webhooks#redeliver-a-delivery-for-an-app-webhook
 */
export function createRedeliverStep(options: RedeliverOptions): AppSweepStep {
  const maxPages = options.maxPages ?? 50;
  const maxRedeliveries = options.maxRedeliveries ?? 100;
  return {
    name: "redeliver",
    scope: "app",
    async run(context): Promise<StepReport> {
      const report: StepReport = { actions: [], errors: [] };
      const windowMs = typeof options.windowMs === "function" ? options.windowMs() : options.windowMs;
      const { attempts, truncated } = await listRecentAttempts(context, windowMs, maxPages);
      if (truncated) report.errors.push(`listed ${attempts.length} deliveries and stopped before the end of the window; the next sweep continues`);
      const plan = planRedeliveries(attempts);
      for (const attempt of plan.redeliver.slice(0, maxRedeliveries)) {
        if (context.signal?.aborted) break;
        const what = `delivery ${attempt.guid} (${attempt.event}${attempt.action ? `.${attempt.action}` : ""}, status ${attempt.status_code})`;
        if (context.dryRun) {
          report.actions.push(`would redeliver ${what}`);
          continue;
        }
        try {
          await callGitHub("POST /app/hook/deliveries/{delivery_id}/attempts", () =>
            context.appOctokit.rest.apps.redeliverWebhookDelivery({ delivery_id: attempt.id }),
          );
          (options.metrics ?? defaultMetrics()).redeliveriesRequested.inc();
          report.actions.push(`redelivered ${what}`);
        } catch (error) {
          report.errors.push(`could not redeliver ${what}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (plan.redeliver.length > maxRedeliveries) {
        report.errors.push(`${plan.redeliver.length - maxRedeliveries} failed deliveries left for the next sweep (at most ${maxRedeliveries} per sweep)`);
      }
      return report;
    },
  };
}
