/**
 * Makes every GET conditional. GitHub answers `304 Not Modified` to `If-None-Match` when nothing
 * changed, and a 304 does not count against the primary rate limit: polling an unchanged
 * organisation (the sweep) or re-reading the same configuration on every event then costs nothing.
 *
 * Keyed by media type and URL only, not by caller. That is safe: GitHub sends a 304 only to a
 * caller allowed to read the resource, and only when the body it would send has the cached ETag,
 * so a cached body is served only to a caller who would have received exactly that body.
 * @see https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 */

/**
 * A remembered answer. The body is kept serialized, never as the object a caller received: callers
 * and Octokit's own plugins change what they get (pagination deletes `total_count` and unwraps the
 * list in place), and a shared object would hand the next caller the changed body after a 304.
 */
export interface CachedGet {
  etag: string;
  status: number;
  headers: Record<string, unknown>;
  /** `JSON.stringify` of the body, or the body itself when GitHub sent text (raw media types). */
  body: string;
  json: boolean;
  bytes: number;
}

/** Where remembered answers live: this process's memory, or Redis shared by every replica. */
export interface ConditionalCacheStore {
  get(key: string): CachedGet | undefined | Promise<CachedGet | undefined>;
  set(key: string, entry: CachedGet): void | Promise<void>;
}

/** The part of an ioredis client the shared cache uses. */
export interface RedisLike {
  getBuffer(key: string): Promise<Buffer | null>;
  set(key: string, value: string, mode: "PX", ms: number): Promise<unknown>;
}

/**
 * The cache on Redis, shared by every replica and the `secwg sweep` CronJob: a read any of them made
 * is answered 304 for all of them, so a sweep over an unchanged organisation costs no rate limit
 * from its second run on, even in a fresh process. Entries expire after `ttlMs` (default 24 h) and
 * entries over `maxEntryBytes` are not stored. A Redis failure is a cache miss, never an error.
 * Redis then holds bodies of GitHub answers, which may include a private tracker's content: it must
 * be a private instance (see docs/operations.md).
 */
export class RedisConditionalCache implements ConditionalCacheStore {
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #maxEntryBytes: number;
  constructor(
    private readonly redis: RedisLike,
    options: { prefix?: string; ttlMs?: number; maxEntryBytes?: number } = {},
  ) {
    this.#prefix = `${options.prefix ?? "secwg:"}etag:`;
    this.#ttlMs = options.ttlMs ?? 24 * 3_600_000;
    this.#maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
  }

  async get(key: string): Promise<CachedGet | undefined> {
    try {
      const raw = await this.redis.getBuffer(this.#prefix + key);
      return raw ? (JSON.parse(raw.toString("utf8")) as CachedGet) : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, entry: CachedGet): Promise<void> {
    if (entry.bytes > this.#maxEntryBytes) return;
    try {
      await this.redis.set(this.#prefix + key, JSON.stringify(entry), "PX", this.#ttlMs);
    } catch {
      // A cache that cannot be written is a cache that misses.
    }
  }
}

/** Least-recently-used responses, bounded by total size. */
export class ConditionalGetCache implements ConditionalCacheStore {
  readonly #entries = new Map<string, CachedGet>();
  #bytes = 0;

  constructor(
    readonly maxBytes = 32 * 1024 * 1024,
    readonly maxEntryBytes = 1024 * 1024,
  ) {}

  get(key: string): CachedGet | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedGet): void {
    this.delete(key);
    if (entry.bytes > this.maxEntryBytes) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    while (this.#bytes > this.maxBytes) this.delete(this.#entries.keys().next().value as string);
  }

  delete(key: string): void {
    const old = this.#entries.get(key);
    if (!old) return;
    this.#entries.delete(key);
    this.#bytes -= old.bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached responses, least recently used first, for keeping them between runs of a command. */
  entries(): [string, CachedGet][] {
    return [...this.#entries];
  }

  /** Adds responses saved by `entries()` (entries that are not shaped like one are skipped). */
  load(entries: unknown): void {
    if (!Array.isArray(entries)) return;
    for (const item of entries) {
      if (!Array.isArray(item) || typeof item[0] !== "string") continue;
      const entry = item[1] as Partial<CachedGet> | null;
      if (!entry || typeof entry.etag !== "string" || typeof entry.status !== "number" || typeof entry.bytes !== "number" || typeof entry.body !== "string") continue;
      this.set(item[0], { etag: entry.etag, status: entry.status, headers: entry.headers ?? {}, body: entry.body, json: entry.json === true, bytes: entry.bytes });
    }
  }
}

/** The process-wide cache (each replica warms its own). */
export const sharedConditionalGets = new ConditionalGetCache();

type RequestOptions = { method?: string; headers?: Record<string, unknown> } & Record<string, unknown>;
type Response = { status: number; url: string; headers: Record<string, unknown>; data: unknown };
type RequestFn = (options: RequestOptions) => Promise<Response>;
interface HookableOctokit {
  hook: { wrap(name: "request", wrapper: (request: RequestFn, options: RequestOptions) => Promise<Response>): void };
  request: { endpoint(options: RequestOptions): { url: string; headers: Record<string, unknown> } };
}

/** The body as the cache keeps it; null when it cannot be serialized (then it is not cached). */
function serialize(data: unknown): { body: string; json: boolean } | null {
  if (typeof data === "string") return { body: data, json: false };
  try {
    const body = JSON.stringify(data);
    return body === undefined ? null : { body, json: true };
  } catch {
    return null;
  }
}

/** A fresh copy of a remembered body for each caller. */
function revive(entry: CachedGet): unknown {
  return entry.json ? JSON.parse(entry.body) : entry.body;
}

/** Response header set on answers served from the cache after GitHub's 304 (nothing changed). */
export const NOT_MODIFIED_HEADER = "x-secwg-not-modified";

/** Whether GitHub said this response's resource had not changed since the last read. */
export function wasNotModified(response: { headers: Record<string, unknown> }): boolean {
  return response.headers[NOT_MODIFIED_HEADER] === "true";
}

/** An Octokit plugin: GETs carry `If-None-Match` when a previous answer had an ETag. */
export function conditionalGets(cache: ConditionalCacheStore = sharedConditionalGets) {
  return (octokit: HookableOctokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      const headers = options.headers ?? {};
      // Callers that manage their own ETags (paged polling) are left alone.
      if (String(options.method ?? "GET").toUpperCase() !== "GET" || headers["if-none-match"] !== undefined) return request(options);
      const { url, headers: sent } = octokit.request.endpoint(options);
      const key = `${String(sent.accept ?? "")} ${url}`;
      const cached = await cache.get(key);
      try {
        // Inner hooks are bound to this very options object, so the header goes onto it, not a copy.
        if (cached) options.headers = { ...headers, "if-none-match": cached.etag };
        const response = await request(options);
        const etag = response.headers.etag;
        // Serialized now, before the caller (or a plugin such as pagination) can change the body.
        const stored = typeof etag === "string" ? serialize(response.data) : null;
        if (typeof etag === "string" && stored) {
          await cache.set(key, { etag, status: response.status, headers: { ...response.headers }, ...stored, bytes: stored.body.length });
        }
        return response;
      } catch (error) {
        if (cached && (error as { status?: unknown }).status === 304) {
          // Parsed afresh, so a caller that changes what it got cannot change what the next caller gets.
          return { status: cached.status, url, headers: { ...cached.headers, [NOT_MODIFIED_HEADER]: "true" }, data: revive(cached) };
        }
        throw error;
      }
    });
    return {};
  };
}
