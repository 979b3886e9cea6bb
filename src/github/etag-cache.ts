/**
 * Remembers the ETag and body of GET responses so that asking again sends `If-None-Match`: GitHub
 * answers 304 when nothing changed, and a 304 does not count against the primary rate limit. This
 * is what makes polling votes (reactions have no webhook) nearly free.
 *
 * Keys are the request URL prefixed by a scope (the installation when known). Serving a cached
 * body needs GitHub's 304, which GitHub only sends to a caller allowed to read the resource, so a
 * cached body is never shown to a caller who could not fetch it. Bounded: least recently used
 * entries go first.
 */
export interface CachedResponse {
  etag: string;
  data: unknown;
  /** Whether the response's `link` header announced a next page. */
  hasNext: boolean;
}

export class EtagCache {
  readonly #entries = new Map<string, CachedResponse>();

  constructor(readonly maxEntries = 2000) {}

  get(key: string): CachedResponse | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedResponse): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** The process-wide cache gateways share (one per process; each replica warms its own). */
export const sharedEtagCache = new EtagCache();
