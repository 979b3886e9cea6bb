/**
 * Whether the process is still taking work. Shutdown is one-way: readiness turns false, new
 * webhooks are refused with 503 (GitHub records the delivery as failed, and the redelivery step of
 * whichever instance sweeps next asks for it again), and queued work gets a grace period.
 */
export class Lifecycle {
  #shuttingDown = false;
  readonly #onShutdown: (() => Promise<void> | void)[] = [];

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Registers cleanup to run when shutdown begins (stopping the sweep timer, for example). */
  onShutdown(cleanup: () => Promise<void> | void): void {
    this.#onShutdown.push(cleanup);
  }

  /** Marks the process as shutting down and runs the cleanups; safe to call more than once. */
  async beginShutdown(): Promise<void> {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    await Promise.allSettled(this.#onShutdown.map(async (cleanup) => cleanup()));
  }
}
