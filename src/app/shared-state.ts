import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { ConditionalGetCache, RedisConditionalCache, type ConditionalCacheStore } from "../github/conditional-requests.js";

/**
 * State that replicas of secwg (and the `secwg sweep` CronJob) share when `REDIS_URL` is set, with
 * in-memory equivalents for a single process:
 * - the ETag cache of conditional requests (`src/github/conditional-requests.ts`), so a read one
 *   process made is answered 304 (free) for every other;
 * - a lease per object, so two replicas never run work on the same issue, pull request or advisory
 *   at once;
 * - the content-creation budget (GitHub: 80 content-creating requests a minute, 500 an hour), so
 *   all of them together slow down before GitHub refuses.
 * Probot's own throttling (Bottleneck) connects to the same `REDIS_URL` by itself.
 */
export interface SharedState {
  kind: "redis" | "memory";
  conditionalCache: ConditionalCacheStore;
  leases: Leases;
  contentBudget: ContentBudget;
  close(): Promise<void>;
}

/** Holds an object while work runs on it, across every process sharing the state. */
export interface Leases {
  /** Runs `work` holding `key`'s lease: waits for it, renews it while `work` runs, releases it after. */
  runExclusive<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** Slows content-creating requests down so that all processes together stay under GitHub's limits. */
export interface ContentBudget {
  /** Resolves when one more content-creating request fits in both windows (and counts it). */
  take(): Promise<void>;
}

export interface BudgetLimits {
  perMinute: number;
  perHour: number;
}

/**
 * Below GitHub's 80 a minute and 500 an hour, so a request made elsewhere (a person's action
 * through the same app is not possible, but another process's retry is) does not tip it over.
 * @see https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export const DEFAULT_BUDGET: BudgetLimits = { perMinute: 72, perHour: 480 };

export interface LeaseOptions {
  /** Lease lifetime; renewed every third of it while the work runs (default 30 s). */
  ttlMs?: number;
  /** Wait between attempts to take a lease another process holds (default 100 ms). */
  pollMs?: number;
  /** Longest wait for a lease before giving up with `LeaseBusyError` (default 10 min). */
  maxWaitMs?: number;
}

export class LeaseBusyError extends Error {
  /** Transient: the work is retried later (src/core/retry-policy.ts treats 503 as transient). */
  readonly status = 503;
  constructor(key: string) {
    super(`another secwg process held ${key} for too long`);
    this.name = "LeaseBusyError";
  }
}

/** Waits without keeping the process alive on its own (a server or a sweep does that). */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The acquire/renew/release steps of a lease store, shared by the Redis and in-memory leases. */
interface LeaseStore {
  acquire(key: string, token: string, ttlMs: number): Promise<boolean>;
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
  release(key: string, token: string): Promise<void>;
}

class TokenLeases implements Leases {
  constructor(
    private readonly store: LeaseStore,
    private readonly options: LeaseOptions = {},
  ) {}

  async runExclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const ttlMs = this.options.ttlMs ?? 30_000;
    const pollMs = this.options.pollMs ?? 100;
    const deadline = Date.now() + (this.options.maxWaitMs ?? 600_000);
    // A random token: only the holder can renew or release, and a lease that expired and was
    // taken by another process is never released by the first.
    const token = randomBytes(16).toString("hex");
    while (!(await this.store.acquire(key, token, ttlMs))) {
      if (Date.now() >= deadline) throw new LeaseBusyError(key);
      await sleep(pollMs);
    }
    const renewal = setInterval(() => void this.store.renew(key, token, ttlMs).catch(() => {}), Math.max(10, Math.floor(ttlMs / 3)));
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.store.release(key, token).catch(() => {});
    }
  }
}

class MemoryLeaseStore implements LeaseStore {
  readonly #held = new Map<string, { token: string; until: number }>();
  async acquire(key: string, token: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const held = this.#held.get(key);
    if (held && held.until > now) return false;
    this.#held.set(key, { token, until: now + ttlMs });
    return true;
  }
  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    const held = this.#held.get(key);
    if (held?.token !== token) return false;
    held.until = Date.now() + ttlMs;
    return true;
  }
  async release(key: string, token: string): Promise<void> {
    if (this.#held.get(key)?.token === token) this.#held.delete(key);
  }
}

/** Compare-and-delete: releases the lease only while this token holds it. */
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
/** Compare-and-extend. */
const RENEW = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;

class RedisLeaseStore implements LeaseStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}
  async acquire(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}lease:${key}`, token, "PX", ttlMs, "NX")) === "OK";
  }
  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, `${this.prefix}lease:${key}`, token, String(ttlMs))) === 1;
  }
  async release(key: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, `${this.prefix}lease:${key}`, token);
  }
}

export function memoryLeases(options?: LeaseOptions): Leases {
  return new TokenLeases(new MemoryLeaseStore(), options);
}

export function redisLeases(redis: Redis, options?: LeaseOptions, prefix = "secwg:"): Leases {
  return new TokenLeases(new RedisLeaseStore(redis, prefix), options);
}

/** How long to wait before one more request fits, given the times of the requests in the windows. */
function waitFor(minute: number[], hour: number[], now: number, limits: BudgetLimits): number {
  let wait = 0;
  if (minute.length >= limits.perMinute) wait = Math.max(wait, (minute[minute.length - limits.perMinute] as number) + 60_000 - now);
  if (hour.length >= limits.perHour) wait = Math.max(wait, (hour[hour.length - limits.perHour] as number) + 3_600_000 - now);
  return wait;
}

export class MemoryContentBudget implements ContentBudget {
  readonly #times: number[] = [];
  constructor(
    private readonly limits: BudgetLimits = DEFAULT_BUDGET,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}
  async take(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.#times.length > 0 && (this.#times[0] as number) <= now - 3_600_000) this.#times.shift();
      const minute = this.#times.filter((t) => t > now - 60_000);
      const ms = waitFor(minute, this.#times, now, this.limits);
      if (ms <= 0) {
        this.#times.push(now);
        return;
      }
      await this.wait(ms);
    }
  }
}

/**
 * Two sliding windows in sorted sets, checked and counted atomically with Redis's clock (replicas'
 * clocks may differ). Returns 0 when the request was counted, else the milliseconds to wait.
 */
const TAKE = `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now - 60000)
redis.call("ZREMRANGEBYSCORE", KEYS[2], "-inf", now - 3600000)
local wait = 0
local perMinute = tonumber(ARGV[1])
local perHour = tonumber(ARGV[2])
if redis.call("ZCARD", KEYS[1]) >= perMinute then
  local oldest = redis.call("ZRANGE", KEYS[1], -perMinute, -perMinute, "WITHSCORES")
  wait = math.max(wait, tonumber(oldest[2]) + 60000 - now)
end
if redis.call("ZCARD", KEYS[2]) >= perHour then
  local oldest = redis.call("ZRANGE", KEYS[2], -perHour, -perHour, "WITHSCORES")
  wait = math.max(wait, tonumber(oldest[2]) + 3600000 - now)
end
if wait > 0 then return wait end
local member = now .. "-" .. ARGV[3]
redis.call("ZADD", KEYS[1], now, member)
redis.call("ZADD", KEYS[2], now, member)
redis.call("PEXPIRE", KEYS[1], 60000)
redis.call("PEXPIRE", KEYS[2], 3600000)
return 0`;

export class RedisContentBudget implements ContentBudget {
  constructor(
    private readonly redis: Redis,
    private readonly limits: BudgetLimits = DEFAULT_BUDGET,
    private readonly prefix = "secwg:",
  ) {}
  async take(): Promise<void> {
    for (;;) {
      const member = randomBytes(8).toString("hex");
      const wait = Number(await this.redis.eval(TAKE, 2, `${this.prefix}content:minute`, `${this.prefix}content:hour`, String(this.limits.perMinute), String(this.limits.perHour), member));
      if (!(wait > 0)) return;
      await sleep(Math.min(wait, 60_000));
    }
  }
}

export interface SharedStateOptions {
  /** Key prefix in Redis (default `secwg:`, or `SECWG_THROTTLE_ID:` when set). */
  prefix?: string;
  budget?: BudgetLimits;
  lease?: LeaseOptions;
}

export function memoryState(options: SharedStateOptions = {}): SharedState {
  return {
    kind: "memory",
    conditionalCache: new ConditionalGetCache(),
    leases: memoryLeases(options.lease),
    contentBudget: new MemoryContentBudget(options.budget),
    close: async () => {},
  };
}

/** Shared state on one Redis (`REDIS_URL`: `redis://` or `rediss://` for TLS, with user and password). */
export function redisState(url: string, options: SharedStateOptions = {}): SharedState {
  // Commands wait while Redis reconnects rather than failing at once; a lease wait is bounded anyway.
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  redis.on("error", () => {
    // Reported by the commands that fail; the client reconnects by itself.
  });
  const prefix = options.prefix ?? "secwg:";
  return {
    kind: "redis",
    conditionalCache: new RedisConditionalCache(redis, { prefix }),
    leases: redisLeases(redis, options.lease, prefix),
    contentBudget: new RedisContentBudget(redis, options.budget, prefix),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Redis when `REDIS_URL` is set, else in-memory. */
export function sharedStateFromEnv(env: NodeJS.ProcessEnv = process.env, options: SharedStateOptions = {}): SharedState {
  const prefix = options.prefix ?? (env.SECWG_THROTTLE_ID ? `${env.SECWG_THROTTLE_ID}:` : "secwg:");
  return env.REDIS_URL ? redisState(env.REDIS_URL, { ...options, prefix }) : memoryState(options);
}
