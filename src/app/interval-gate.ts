/**
 * At most one run per interval for each key, with one trailing run: the first request after a
 * quiet interval runs at once; requests within the interval after a run are folded into a single
 * run when the interval ends (the latest request's task stands for all of them). Runs under one
 * key never overlap. Used to bound the dashboard's rebuilds per organisation: a burst of events
 * costs one rebuild now and one at the end of the interval, whatever its size.
 */
export interface IntervalGateOptions {
  intervalMs: number;
  /** Milliseconds, monotonic; defaults to `performance.now()`. */
  now?: () => number;
  /** A trailing run's failure (it runs outside its request). */
  onError?: (error: unknown, key: string) => void;
  /**
   * Every request waits for `flush()`: no run at once, no timer (the simulator's harness, which
   * flushes when a step has settled, so a step costs one run and no timer outlives it).
   */
  manual?: boolean;
}

interface KeyState {
  lastStart: number | null;
  /** The run in progress (or the last one), so runs under a key never overlap. */
  chain: Promise<void>;
  trailing: { task: () => Promise<void>; timer: ReturnType<typeof setTimeout> | null } | null;
}

export class IntervalGate {
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #onError: (error: unknown, key: string) => void;
  readonly #keys = new Map<string, KeyState>();
  readonly #manual: boolean;
  #closed = false;

  constructor(options: IntervalGateOptions) {
    this.#intervalMs = options.intervalMs;
    this.#now = options.now ?? (() => performance.now());
    this.#onError = options.onError ?? (() => {});
    this.#manual = options.manual ?? false;
  }

  /**
   * Runs `task` now (resolving when it is done, rejecting with its error) when nothing ran under
   * `key` within the interval and no trailing run waits; otherwise keeps it as the trailing run
   * and resolves at once with `deferred`.
   */
  async submit(key: string, task: () => Promise<void>): Promise<"ran" | "deferred"> {
    if (this.#closed) return "deferred";
    const state = this.#keys.get(key) ?? { lastStart: null, chain: Promise.resolve(), trailing: null };
    this.#keys.set(key, state);
    const now = this.#now();
    if (!this.#manual && state.trailing === null && (state.lastStart === null || now - state.lastStart >= this.#intervalMs)) {
      await this.#run(key, state, task);
      return "ran";
    }
    if (state.trailing) {
      state.trailing.task = task;
      return "deferred";
    }
    const wait = Math.max(0, (state.lastStart ?? now) + this.#intervalMs - now);
    const timer = this.#manual ? null : setTimeout(() => void this.#runTrailing(key, state).catch((error: unknown) => this.#onError(error, key)), wait);
    timer?.unref?.();
    state.trailing = { task, timer };
    return "deferred";
  }

  /** Runs every waiting trailing run now (tests and a graceful stop use it), and waits for them. */
  async flush(): Promise<void> {
    const pending = [...this.#keys.entries()].filter(([, state]) => state.trailing !== null);
    await Promise.all(pending.map(([key, state]) => this.#runTrailing(key, state).catch((error: unknown) => this.#onError(error, key))));
  }

  /** Drops waiting trailing runs and refuses new ones (shutdown: the sweep catches up). */
  close(): void {
    this.#closed = true;
    for (const state of this.#keys.values()) {
      if (state.trailing?.timer) clearTimeout(state.trailing.timer);
      state.trailing = null;
    }
  }

  /** Whether a trailing run waits under `key`, or under any key. */
  pending(key?: string): boolean {
    if (key !== undefined) return this.#keys.get(key)?.trailing != null;
    return [...this.#keys.values()].some((state) => state.trailing !== null);
  }

  async #runTrailing(key: string, state: KeyState): Promise<void> {
    const trailing = state.trailing;
    if (!trailing) return;
    if (trailing.timer) clearTimeout(trailing.timer);
    state.trailing = null;
    if (this.#closed) return;
    await this.#run(key, state, trailing.task);
  }

  #run(_key: string, state: KeyState, task: () => Promise<void>): Promise<void> {
    // Counted from the decision to run (synchronously), so requests meanwhile are deferred.
    state.lastStart = this.#now();
    const run = state.chain.then(() => task());
    state.chain = run.catch(() => {});
    return run;
  }
}
