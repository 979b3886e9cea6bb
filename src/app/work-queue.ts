/**
 * Work accepted from webhooks, run after the reply. Events about the same object (one issue, pull
 * request or advisory) run one at a time in arrival order, because their handlers read and then
 * write the same comments and labels; events about different objects run concurrently, up to a
 * bound that keeps secwg inside GitHub's concurrency limits. A failing task never rejects anything
 * the caller holds: it is reported to `onError` and the queue moves on.
 */

export interface WorkMeta {
  /** Serialisation key: tasks with the same key never overlap and run in enqueue order. */
  key: string;
  /** `X-GitHub-Delivery`, for logs about unfinished or failed work. */
  deliveryId: string;
  /** `event.action`, for logs and metrics. */
  name: string;
}

export interface WorkQueueOptions {
  concurrency: number;
  onError(error: unknown, meta: WorkMeta): void;
  /**
   * Called when a task settles (after `onError` for failures), with its time since enqueue. The
   * finished task is no longer counted in `size` (the depth gauge is set from it).
   */
  onSettled?(meta: WorkMeta, outcome: "done" | "failed", elapsedMs: number): void;
  /** Called with `size` whenever it changes (a task queued, a task finished): the depth gauge. */
  onDepth?(size: number): void;
  now?(): number;
}

interface Task {
  meta: WorkMeta;
  run(): Promise<void>;
  enqueuedAt: number;
}

export class QueueClosedError extends Error {
  /** The webhook middleware answers GitHub with this status. */
  readonly status = 503;
  constructor() {
    super("secwg is shutting down and accepts no new work; the delivery is left for redelivery by the sweep");
    this.name = "QueueClosedError";
  }
}

export class WorkQueue {
  readonly #byKey = new Map<string, Task[]>();
  /** Keys with waiting tasks and nothing running, in the order they became ready. */
  readonly #ready: string[] = [];
  readonly #running = new Set<string>();
  readonly #runningMeta = new Map<string, WorkMeta>();
  readonly #idleWaiters: (() => void)[] = [];
  #closed = false;

  constructor(private readonly options: WorkQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error("concurrency must be a positive whole number");
  }

  /** Tasks waiting or running. */
  get size(): number {
    let waiting = 0;
    for (const tasks of this.#byKey.values()) waiting += tasks.length;
    return waiting + this.#running.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  enqueue(meta: WorkMeta, run: () => Promise<void>): void {
    if (this.#closed) throw new QueueClosedError();
    const tasks = this.#byKey.get(meta.key);
    const task = { meta, run, enqueuedAt: this.#now() };
    if (tasks) tasks.push(task);
    else {
      this.#byKey.set(meta.key, [task]);
      if (!this.#running.has(meta.key)) this.#ready.push(meta.key);
    }
    this.#pump();
    this.#depth();
  }

  /**
   * Queues `work` like an event's and resolves (or rejects) with its result. The sweep uses it, so
   * its work on an object waits for the webhook work queued on that object before it, and the next
   * event's work waits for it: one ordering per object, whoever asks.
   */
  run<T>(meta: WorkMeta, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.enqueue(meta, () => work().then(resolve, reject));
    });
  }

  /** Stops accepting work; what is queued still runs. */
  close(): void {
    this.#closed = true;
  }

  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Closes the queue and waits up to `graceMs` for queued work to finish. Returns what did not
   * finish (running or waiting), so the caller can log the delivery ids the sweep must repair.
   */
  async drain(graceMs: number): Promise<WorkMeta[]> {
    this.close();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), graceMs);
      timer.unref();
    });
    const result = await Promise.race([this.idle().then(() => "idle" as const), timedOut]);
    clearTimeout(timer);
    if (result === "idle") return [];
    return this.unfinished();
  }

  /** Every task not yet finished: running ones first, then waiting ones in order. */
  unfinished(): WorkMeta[] {
    const running = [...this.#running].map((key) => this.#runningMeta.get(key)).filter((m): m is WorkMeta => !!m);
    const waiting = [...this.#byKey.values()].flat().map((t) => t.meta);
    return [...running, ...waiting];
  }

  #now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  #pump(): void {
    while (this.#running.size < this.options.concurrency && this.#ready.length > 0) {
      const key = this.#ready.shift() as string;
      const tasks = this.#byKey.get(key);
      const task = tasks?.shift();
      if (!task) continue;
      if (tasks && tasks.length === 0) this.#byKey.delete(key);
      this.#running.add(key);
      this.#runningMeta.set(key, task.meta);
      void this.#execute(key, task);
    }
    if (this.size === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  async #execute(key: string, task: Task): Promise<void> {
    let outcome: "done" | "failed" = "done";
    try {
      await task.run();
    } catch (error) {
      outcome = "failed";
      this.#report(() => this.options.onError(error, task.meta));
    }
    // Removed before `onSettled`, so a depth read there no longer counts the task that finished.
    this.#running.delete(key);
    this.#runningMeta.delete(key);
    this.#report(() => this.options.onSettled?.(task.meta, outcome, this.#now() - task.enqueuedAt));
    if (this.#byKey.has(key)) this.#ready.push(key);
    this.#pump();
    this.#depth();
  }

  #depth(): void {
    const onDepth = this.options.onDepth;
    if (onDepth) this.#report(() => onDepth(this.size));
  }

  /** A throwing error reporter must not wedge the queue. */
  #report(call: () => void): void {
    try {
      call();
    } catch {
      // Nothing sensible left to do: the reporter itself failed.
    }
  }
}
