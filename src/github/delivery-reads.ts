/**
 * Reads shared by the handlers of one webhook delivery. Several features handle the same event
 * (a pull request is checked for policy files, security review and membership), and each reads the
 * repository's configuration and the pull request's files: within one delivery those answers do not
 * change, so they are fetched once. Only successful reads are kept; entries expire quickly and the
 * number of deliveries remembered is bounded.
 */
export class DeliveryReads {
  readonly #byDelivery = new Map<string, { at: number; reads: Map<string, Promise<unknown>> }>();

  constructor(
    private readonly maxDeliveries = 200,
    private readonly ttlMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The read cache of one delivery. */
  forDelivery(deliveryId: string): ReadMemo {
    return { memo: (key, load) => this.#memo(deliveryId, key, load) };
  }

  #memo<T>(deliveryId: string, key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    let entry = this.#byDelivery.get(deliveryId);
    if (!entry || now - entry.at > this.ttlMs) {
      entry = { at: now, reads: new Map() };
      this.#byDelivery.delete(deliveryId);
      this.#byDelivery.set(deliveryId, entry);
      while (this.#byDelivery.size > this.maxDeliveries) this.#byDelivery.delete(this.#byDelivery.keys().next().value as string);
    }
    const reads = entry.reads;
    const cached = reads.get(key) as Promise<T> | undefined;
    if (cached) return cached;
    const pending = load();
    reads.set(key, pending);
    // A failed read is not remembered: a retry of the event must ask GitHub again.
    pending.catch(() => reads.delete(key));
    return pending;
  }
}

export interface ReadMemo {
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** No sharing: every read goes to GitHub (the sweep, the CLI, tests of one gateway). */
export const NO_MEMO: ReadMemo = { memo: (_key, load) => load() };
