/**
 * Work accepted from webhooks, run after the reply. Events about the same object (one issue, pull
 * request or advisory) run one at a time in arrival order, because their handlers read and then
 * write the same comments and labels; events about different objects run concurrently, up to a
 * bound that keeps secwg inside GitHub's concurrency limits. A failing task never rejects anything
 * the caller holds: it is reported to `onError` and the queue moves on.
 *
 * Three properties keep a burst bounded and fair:
 * - **Coalescing.** Routine work (`reconcile`) on an object whose reconcile task is still waiting
 *   joins that task instead of queueing another: one part per handler and action, the latest event
 *   replacing an earlier one. Handlers re-read the object from GitHub when they run, so the merged
 *   task acts on the object as it is then, and N events on one pull request cost one task. Commands
 *   (`enqueue`) carry intent and are kept, in order.
 * - **A hard cap** on objects with waiting work and on the estimated memory of what waits. Beyond it
 *   `QueueFullError` (503): the webhook is answered as failed, so GitHub's delivery log shows it and
 *   the sweep's redelivery step brings it back. Nothing is dropped silently.
 * - **Priorities.** `urgent` work (reports, commands, sign-offs) starts before `routine` work (pull
 *   request review), and `reservedForUrgent` slots are never taken by routine work, so a long review
 *   burst never makes a report wait for a slot.
 */

export type Priority = "urgent" | "routine";

export interface WorkMeta {
  /** Serialisation key: tasks with the same key never overlap and run in enqueue order. */
  key: string;
  /** `X-GitHub-Delivery`, for logs about unfinished or failed work (the latest, once coalesced). */
  deliveryId: string;
  /** `event.action`, for logs and metrics. */
  name: string;
  /** Default `routine`. */
  priority?: Priority;
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
  /** Most objects with waiting work (default `DEFAULT_MAX_OBJECTS`). */
  maxObjects?: number;
  /** Most estimated bytes of waiting work (default `DEFAULT_MAX_BYTES`). */
  maxBytes?: number;
  /** Estimated memory of one waiting task or part (default `BYTES_PER_WAITING_TASK`, measured). */
  bytesPerTask?: number;
  /** Slots routine work may not use (default 1 when `concurrency` > 1, else 0). */
  reservedForUrgent?: number;
  /**
   * Runs a task's work while holding the object (a lease shared by replicas, `src/app/leases.ts`).
   * Absent: the work runs directly (one process is its own ordering).
   */
  exclusive?(key: string, work: () => Promise<void>): Promise<void>;
}

/**
 * Memory one waiting task holds: its Probot context, dominated by the parsed webhook payload (a
 * `pull_request` payload is 20–30 KB of JSON, several times that once parsed). Measured with
 * `bench/queue-memory.ts`: see docs/operations.md.
 */
export const BYTES_PER_WAITING_TASK = 128 * 1024;
/** 2,000 objects: a burst on every open pull request of a large organisation. */
export const DEFAULT_MAX_OBJECTS = 2_000;
/** 256 MiB of waiting work, estimated at `BYTES_PER_WAITING_TASK` each. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

interface Task {
  meta: WorkMeta;
  /** Reconcile parts by id, in the order of their latest event; absent for a kept task. */
  parts?: Map<string, () => Promise<void>>;
  run?: () => Promise<void>;
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

export class QueueFullError extends Error {
  /** The webhook middleware answers GitHub with this status: the delivery log shows a failure. */
  readonly status = 503;
  constructor(readonly limit: "objects" | "memory") {
    super(`secwg's work queue is full (${limit}); the delivery is left for redelivery by the sweep`);
    this.name = "QueueFullError";
  }
}

const rank = (meta: WorkMeta) => (meta.priority === "urgent" ? 0 : 1);

export class WorkQueue {
  readonly #byKey = new Map<string, Task[]>();
  /** Keys with waiting tasks and nothing running, in the order they became ready, by priority. */
  readonly #ready: [string[], string[]] = [[], []];
  readonly #running = new Map<string, WorkMeta>();
  readonly #idleWaiters: (() => void)[] = [];
  /** Waiting tasks and parts, for the memory estimate. */
  #waitingUnits = 0;
  #waitingTasks = 0;
  #closed = false;

  constructor(private readonly options: WorkQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error("concurrency must be a positive whole number");
  }

  /** Tasks waiting or running (a coalesced task counts once). */
  get size(): number {
    return this.#waitingTasks + this.#running.size;
  }

  /** Objects with waiting work. */
  get waitingObjects(): number {
    return this.#byKey.size;
  }

  /** Estimated bytes held by waiting work. */
  get estimatedBytes(): number {
    return this.#waitingUnits * this.#bytesPerTask;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues work that is kept as it is, in order (commands, reports, the sweep's work). */
  enqueue(meta: WorkMeta, run: () => Promise<void>): void {
    this.#admit(meta, 1);
    this.#append({ meta, run, enqueuedAt: this.#now() });
  }

  /**
   * Queues routine work that may be merged: when the object's last waiting task is a reconcile
   * task, `run` joins it under `part` (replacing that part's earlier work, whose event it
   * supersedes); otherwise a new reconcile task is queued. Returns whether it was merged.
   */
  reconcile(meta: WorkMeta, part: string, run: () => Promise<void>): "merged" | "queued" {
    const tasks = this.#byKey.get(meta.key);
    const last = tasks?.[tasks.length - 1];
    if (last?.parts) {
      if (this.#closed) throw new QueueClosedError();
      const added = !last.parts.has(part);
      if (added) this.#admit(meta, 1, false);
      last.parts.delete(part);
      last.parts.set(part, run);
      if (added) this.#waitingUnits++;
      const priority = rank(meta) < rank(last.meta) ? meta.priority : last.meta.priority;
      last.meta = { ...meta, ...(priority ? { priority } : {}) };
      return "merged";
    }
    this.#admit(meta, 1);
    this.#append({ meta, parts: new Map([[part, run]]), enqueuedAt: this.#now() });
    return "queued";
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
    const waiting = [...this.#byKey.values()].flat().map((t) => t.meta);
    return [...this.#running.values(), ...waiting];
  }

  get #bytesPerTask(): number {
    return this.options.bytesPerTask ?? BYTES_PER_WAITING_TASK;
  }

  /** Refuses work beyond the caps (a new object, or more estimated memory than allowed). */
  #admit(meta: WorkMeta, units: number, mayAddObject = true): void {
    if (this.#closed) throw new QueueClosedError();
    if (mayAddObject && !this.#byKey.has(meta.key) && this.#byKey.size >= (this.options.maxObjects ?? DEFAULT_MAX_OBJECTS)) throw new QueueFullError("objects");
    if ((this.#waitingUnits + units) * this.#bytesPerTask > (this.options.maxBytes ?? DEFAULT_MAX_BYTES)) throw new QueueFullError("memory");
  }

  #append(task: Task): void {
    const key = task.meta.key;
    const tasks = this.#byKey.get(key);
    if (tasks) tasks.push(task);
    else {
      this.#byKey.set(key, [task]);
      if (!this.#running.has(key)) this.#ready[rank(task.meta)].push(key);
    }
    this.#waitingUnits++;
    this.#waitingTasks++;
    this.#pump();
    this.#depth();
  }

  #now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  #routineSlots(): number {
    const reserved = this.options.reservedForUrgent ?? (this.options.concurrency > 1 ? 1 : 0);
    return Math.max(1, this.options.concurrency - reserved);
  }

  #next(): string | undefined {
    if (this.#running.size >= this.options.concurrency) return undefined;
    const [urgent, routine] = this.#ready;
    if (urgent.length > 0) return urgent.shift();
    let routineRunning = 0;
    for (const meta of this.#running.values()) if (meta.priority !== "urgent") routineRunning++;
    if (routine.length > 0 && routineRunning < this.#routineSlots()) return routine.shift();
    return undefined;
  }

  #pump(): void {
    for (let key = this.#next(); key !== undefined; key = this.#next()) {
      const tasks = this.#byKey.get(key);
      const task = tasks?.shift();
      if (!task) continue;
      if (tasks && tasks.length === 0) this.#byKey.delete(key);
      this.#waitingTasks--;
      this.#waitingUnits -= task.parts ? task.parts.size : 1;
      this.#running.set(key, task.meta);
      void this.#execute(key, task);
    }
    if (this.size === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  async #execute(key: string, task: Task): Promise<void> {
    let outcome: "done" | "failed" = "done";
    const work = task.parts ? () => runParts([...task.parts!.values()]) : (task.run as () => Promise<void>);
    try {
      await (this.options.exclusive ? this.options.exclusive(key, work) : work());
    } catch (error) {
      outcome = "failed";
      this.#report(() => this.options.onError(error, task.meta));
    }
    // Removed before `onSettled`, so a depth read there no longer counts the task that finished.
    this.#running.delete(key);
    this.#report(() => this.options.onSettled?.(task.meta, outcome, this.#now() - task.enqueuedAt));
    const next = this.#byKey.get(key)?.[0];
    if (next) this.#ready[rank(next.meta)].push(key);
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

/** Every part runs, one after the other; the first failure is reported once all have run. */
async function runParts(parts: readonly (() => Promise<void>)[]): Promise<void> {
  let failure: { error: unknown } | undefined;
  for (const part of parts) {
    try {
      await part();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
