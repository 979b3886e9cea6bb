import { ProbotOctokit } from "probot";
import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";
import { conditionalGets, type ConditionalCacheStore } from "./github/conditional-requests.js";

type OctokitInstance = InstanceType<typeof ProbotOctokit>;

/** The throttling plugin's view of a request it is about to retry. */
interface ThrottledRequest {
  method: string;
  url: string;
}

export interface OctokitPolicy {
  /** Throttling on (default). Tests turn it off so nock sees each request once and nothing waits. */
  throttle?: boolean;
  /** Retries of 5xx and network errors on (default). */
  retry?: boolean;
  /** Shared limiter id: every replica using the same Redis and id shares one write budget. */
  throttleId?: string;
  /** Longest wait (seconds) for a primary limit reset before giving up on the request. */
  maxRateLimitWaitSeconds?: number;
  /** Retries after a secondary rate limit (GitHub's answer gives the wait). */
  secondaryRetries?: number;
  /** Base of the quadratic backoff for 5xx/network retries (1 s, 4 s, 9 s by default). */
  retryBaseMs?: number;
  /** Milliseconds per second of `retry-after` (tests shrink waits with it). */
  rateLimitWaitUnitMs?: number;
  metrics?: Metrics;
  log?: Logger;
  /** Every GET conditional on its last ETag (default on): unchanged reads cost no rate limit. */
  conditional?: boolean;
  /** Where ETags and bodies are kept (default: this process's memory; Redis with `REDIS_URL`). */
  conditionalCache?: ConditionalCacheStore;
  /** Content-creating requests wait for room in this budget (shared on Redis with `REDIS_URL`). */
  contentBudget?: { take(): Promise<void> };
}

/**
 * Whether a request creates content in GitHub's sense (80 a minute, 500 an hour): every POST and
 * PUT made as an installation, counted conservatively; token exchanges and GraphQL reads are not.
 * @see https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export function createsContent(method: string, url: string): boolean {
  const m = method.toUpperCase();
  if (m !== "POST" && m !== "PUT") return false;
  return !/\/app\/installations\/[^/]+\/access_tokens|^\/?graphql|\/api\/graphql|\/app\/hook\/deliveries/.test(url);
}

/** Waits for room in the shared content budget before each content-creating request. */
function budgetContent(budget: { take(): Promise<void> }) {
  return (octokit: OctokitInstance) => {
    octokit.hook.before("request", async (options) => {
      if (createsContent(String(options.method ?? "GET"), String(options.url ?? ""))) await budget.take();
    });
    return {};
  };
}

/** Keeps the route label bounded: templated URLs as they are, absolute pagination URLs reduced to a shape. */
export function routeLabel(url: string): string {
  if (url.includes("{")) return url.split("?")[0] as string;
  let path = url;
  try {
    path = new URL(url, "http://github.invalid").pathname;
  } catch {
    return "(unparsable)";
  }
  return path.replace(/^\/api\/v3/, "").replace(/\/\d+(?=\/|$)/g, "/{id}");
}

function countRequests(metrics: Metrics) {
  return (octokit: OctokitInstance) => {
    octokit.hook.wrap("request", async (request, options) => {
      const method = String(options.method ?? "GET");
      const route = routeLabel(String(options.url ?? ""));
      const record = (status: number, headers: Record<string, unknown> | undefined) => {
        metrics.githubRequests.inc({ method, route, status: String(status) });
        const remaining = Number(headers?.["x-ratelimit-remaining"]);
        if (headers?.["x-ratelimit-remaining"] !== undefined && Number.isFinite(remaining)) {
          metrics.rateLimitRemaining.set({ resource: String(headers["x-ratelimit-resource"] ?? "core") }, remaining);
        }
      };
      try {
        const response = await request(options);
        record(response.status, response.headers as Record<string, unknown>);
        return response;
      } catch (error) {
        const e = error as { status?: unknown; response?: { headers?: Record<string, unknown> } };
        record(typeof e.status === "number" ? e.status : 0, e.response?.headers);
        throw error;
      }
    });
    return {};
  };
}

/**
 * Gives each request its own `request` options object. Octokit merges a call's options over the
 * instance defaults, and a call that passes no `request` options gets the defaults' object itself;
 * the retry and throttling plugins keep their attempt counter on it (`options.request.retryCount`),
 * so without a copy the counter runs on across requests: a request's first retry waited 16 s
 * instead of 1 s once an earlier request had retried three times, and the rate-limit callbacks saw
 * another request's attempts. Registered after those plugins, so it runs first (outermost).
 * @see https://github.com/octokit/plugin-retry.js#usage
 */
export function perRequestRetryState() {
  return (octokit: OctokitInstance) => {
    octokit.hook.wrap("request", (request, options) => {
      const own = options as { request?: Record<string, unknown> };
      own.request = { ...own.request };
      delete own.request.retryCount;
      return request(options);
    });
    return {};
  };
}

/**
 * secwg's Octokit class for Probot (`run(app, { Octokit })`, the sweep CLI, doctor), configured on
 * purpose rather than left at Probot's defaults:
 * - a secondary rate limit pauses for GitHub's `retry-after` (60 s when absent) and retries, up to
 *   `secondaryRetries` times (Probot's default only logs and drops the request);
 * - a primary limit waits until `x-ratelimit-reset` when that is at most `maxRateLimitWaitSeconds`
 *   away, twice at most; longer waits fail the request, and the sweep picks the work up later;
 * - 5xx and network errors retry three times with 1 s, 4 s, 9 s backoff, counted per request
 *   (`perRequestRetryState`); 4xx other than limits fail;
 * - the limiter id is shared (not per installation), so with `REDIS_URL` every replica draws from one
 *   budget (Probot passes the Redis connection in `throttle.connection`, kept here).
 * Probot merges its own throttle options over a plain `defaults({...})`, so this is a defaults
 * function: it runs last and wins.
 * @see https://github.com/octokit/plugin-throttling.js#options
 * @see https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
export function createSecwgOctokit(policy: OctokitPolicy = {}): typeof ProbotOctokit {
  type Plugin = Parameters<typeof ProbotOctokit.plugin>[0];
  const Counted = policy.metrics ? ProbotOctokit.plugin(countRequests(policy.metrics) as unknown as Plugin) : ProbotOctokit;
  // Outermost, so a 304 answered from the cache is still counted (as a 304) by the layer below.
  const Budgeted = policy.contentBudget ? Counted.plugin(budgetContent(policy.contentBudget) as unknown as Plugin) : Counted;
  const Conditional = policy.conditional === false ? Budgeted : Budgeted.plugin(conditionalGets(policy.conditionalCache) as unknown as Plugin);
  const Base = Conditional.plugin(perRequestRetryState() as unknown as Plugin);
  const maxWait = policy.maxRateLimitWaitSeconds ?? 600;
  const secondaryRetries = policy.secondaryRetries ?? 3;
  return Base.defaults((instance: { log?: Logger; throttle?: Record<string, unknown>; retry?: Record<string, unknown> } & Record<string, unknown> = {}) => {
    const log: Logger | undefined = policy.log ?? instance.log;
    const throttle =
      policy.throttle === false
        ? { enabled: false }
        : {
            ...instance.throttle,
            enabled: true,
            id: policy.throttleId ?? "secwg",
            ...(policy.rateLimitWaitUnitMs !== undefined ? { retryAfterBaseValue: policy.rateLimitWaitUnitMs } : {}),
            onRateLimit: (retryAfter: number, request: ThrottledRequest, _octokit: unknown, retryCount: number) => {
              const retry = retryCount < 2 && retryAfter <= maxWait;
              log?.warn({ method: request.method, route: routeLabel(request.url), retryAfter, retryCount, retry }, "GitHub primary rate limit reached");
              return retry;
            },
            onSecondaryRateLimit: (retryAfter: number, request: ThrottledRequest, _octokit: unknown, retryCount: number) => {
              const retry = retryCount < secondaryRetries;
              log?.warn({ method: request.method, route: routeLabel(request.url), retryAfter, retryCount, retry }, "GitHub secondary rate limit reached");
              return retry;
            },
          };
    const retry = policy.retry === false ? { enabled: false } : { ...instance.retry, enabled: true, retries: 3, retryAfterBaseValue: policy.retryBaseMs ?? 1000 };
    return { ...instance, throttle, retry };
  }) as typeof ProbotOctokit;
}
