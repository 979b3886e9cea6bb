import { jest } from "@jest/globals";
import fc from "fast-check";
import { QueueClosedError, QueueFullError, WorkQueue, type WorkMeta } from "../../src/app/work-queue.js";
import { workKeyFor } from "../../src/core/work-key.js";
import { createMetrics } from "../../src/metrics.js";
import { sweepSerializer } from "../../src/app/operations.js";

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const meta = (key: string, deliveryId: string): WorkMeta => ({ key, deliveryId, name: "issue_comment.created" });
const tick = () => new Promise((r) => setImmediate(r));

describe("work queue", () => {
  it("runs events about one object in arrival order, one at a time", async () => {
    const order: string[] = [];
    const queue = new WorkQueue({ concurrency: 4, onError: () => {} });
    const first = deferred();
    queue.enqueue(meta("o/r#1", "d1"), async () => {
      order.push("d1 start");
      await first.promise;
      order.push("d1 end");
    });
    queue.enqueue(meta("o/r#1", "d2"), async () => void order.push("d2"));
    await tick();
    expect(order).toEqual(["d1 start"]);
    first.resolve();
    await queue.idle();
    expect(order).toEqual(["d1 start", "d1 end", "d2"]);
  });

  it("runs events about different objects concurrently, up to the bound", async () => {
    const queue = new WorkQueue({ concurrency: 2, onError: () => {}, reservedForUrgent: 0 });
    const gates = [deferred(), deferred(), deferred()];
    let running = 0;
    let peak = 0;
    gates.forEach((gate, i) =>
      queue.enqueue(meta(`o/r#${i}`, `d${i}`), async () => {
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
      }),
    );
    await tick();
    expect(running).toBe(2);
    gates.forEach((g) => g.resolve());
    await queue.idle();
    expect(peak).toBe(2);
  });

  it("reports a failing task with its delivery id and carries on", async () => {
    const failures: string[] = [];
    const done: string[] = [];
    const queue = new WorkQueue({ concurrency: 1, onError: (_e, m) => failures.push(m.deliveryId), onSettled: (m, outcome) => done.push(`${m.deliveryId}:${outcome}`) });
    queue.enqueue(meta("k", "bad"), async () => Promise.reject(new Error("boom")));
    queue.enqueue(meta("k", "good"), async () => {});
    await queue.idle();
    expect(failures).toEqual(["bad"]);
    expect(done).toEqual(["bad:failed", "good:done"]);
  });

  it("no longer counts a finished task when it reports the task settled", async () => {
    const sizes: number[] = [];
    const queue: WorkQueue = new WorkQueue({ concurrency: 1, onError: () => {}, onSettled: () => sizes.push(queue.size) });
    queue.enqueue(meta("k", "d1"), async () => {});
    queue.enqueue(meta("k", "d2"), async () => {});
    await queue.idle();
    expect(sizes).toEqual([1, 0]);
  });

  it("sets the depth gauge back to 0 once a burst has finished", async () => {
    const metrics = createMetrics();
    const queue = new WorkQueue({ concurrency: 2, onError: () => {}, onDepth: (size) => metrics.queueDepth.set(size) });
    const gate = deferred();
    for (let i = 0; i < 5; i++) queue.enqueue(meta(`o/r#${i % 3}`, `d${i}`), () => gate.promise);
    expect((await metrics.queueDepth.get()).values[0]?.value).toBe(5);
    gate.resolve();
    await queue.idle();
    await tick();
    expect((await metrics.queueDepth.get()).values[0]?.value).toBe(0);
  });

  it("runs sweep work on an object after the event work queued on it, and event work arriving meanwhile after the sweep's", async () => {
    const order: string[] = [];
    const queue = new WorkQueue({ concurrency: 4, onError: () => {} });
    const serialize = sweepSerializer(queue);
    const webhook = deferred();
    queue.enqueue(meta("acme/security-wg#1", "d1"), async () => {
      order.push("webhook start");
      await webhook.promise;
      order.push("webhook end");
    });
    const swept = serialize("acme/security-wg#1", async () => {
      order.push("sweep");
      return 42;
    });
    queue.enqueue(meta("acme/security-wg#1", "d2"), async () => void order.push("next event"));
    const other = serialize("acme/webapp#1", async () => void order.push("sweep elsewhere"));
    await other;
    expect(order).toEqual(["webhook start", "sweep elsewhere"]);
    webhook.resolve();
    expect(await swept).toBe(42);
    await queue.idle();
    expect(order).toEqual(["webhook start", "sweep elsewhere", "webhook end", "sweep", "next event"]);
    await expect(serialize("k", () => Promise.reject(new Error("sweep failed")))).rejects.toThrow("sweep failed");
  });

  it("survives an error reporter that throws", async () => {
    const queue = new WorkQueue({ concurrency: 1, onError: () => { throw new Error("reporter broke"); } });
    let ran = false;
    queue.enqueue(meta("k", "bad"), async () => Promise.reject(new Error("boom")));
    queue.enqueue(meta("k", "next"), async () => void (ran = true));
    await queue.idle();
    expect(ran).toBe(true);
  });

  it("refuses work once closed and lists unfinished deliveries when the grace period ends", async () => {
    const queue = new WorkQueue({ concurrency: 1, onError: () => {} });
    const stuck = deferred();
    queue.enqueue(meta("a", "running"), () => stuck.promise);
    queue.enqueue(meta("b", "waiting"), async () => {});
    await tick();
    const unfinished = await queue.drain(10);
    expect(unfinished.map((m) => m.deliveryId)).toEqual(["running", "waiting"]);
    expect(() => queue.enqueue(meta("c", "late"), async () => {})).toThrow(QueueClosedError);
    stuck.resolve();
    await queue.idle();
  });

  it("drains to nothing when the work finishes within the grace period", async () => {
    const queue = new WorkQueue({ concurrency: 1, onError: () => {} });
    queue.enqueue(meta("a", "quick"), async () => {});
    expect(await queue.drain(1000)).toEqual([]);
  });

  it("keeps per-object order and runs everything exactly once for any interleaving (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.integer({ min: 0, max: 3 })), { maxLength: 25 }), fc.integer({ min: 1, max: 4 }), async (items, concurrency) => {
        const queue = new WorkQueue({ concurrency, onError: () => {} });
        const seen = new Map<string, number[]>();
        const active = new Set<string>();
        let overlap = false;
        items.forEach(([key, delay], index) =>
          queue.enqueue(meta(key, String(index)), async () => {
            if (active.has(key)) overlap = true;
            active.add(key);
            for (let i = 0; i < delay; i++) await tick();
            active.delete(key);
            seen.set(key, [...(seen.get(key) ?? []), index]);
          }),
        );
        await queue.idle();
        expect(overlap).toBe(false);
        for (const [key, indices] of seen) {
          expect(indices).toEqual(items.map(([k], i) => (k === key ? i : -1)).filter((i) => i >= 0));
        }
        expect([...seen.values()].flat()).toHaveLength(items.length);
      }),
      { numRuns: 50 },
    );
  });
});

const routine = (key: string, deliveryId: string): WorkMeta => ({ key, deliveryId, name: "pull_request.synchronize", priority: "routine" });
const urgent = (key: string, deliveryId: string): WorkMeta => ({ key, deliveryId, name: "repository_advisory.reported", priority: "urgent" });

describe("work queue under bursts", () => {
  it("coalesces a burst of routine events on one object into one run per part, the latest event winning", async () => {
    const queue = new WorkQueue({ concurrency: 2, onError: () => {} });
    const busy = deferred();
    const runs: string[] = [];
    queue.enqueue(meta("o/r#1", "running"), () => busy.promise);
    for (let i = 0; i < 100; i++) queue.reconcile(routine("o/r#1", `sync-${i}`), "review:pull_request.synchronize", async () => void runs.push(`review ${i}`));
    queue.reconcile(routine("o/r#1", "labeled"), "review:pull_request.labeled", async () => void runs.push("labeled"));
    expect(queue.size).toBe(2);
    expect(queue.unfinished().map((m) => m.deliveryId)).toEqual(["running", "labeled"]);
    busy.resolve();
    await queue.idle();
    expect(runs).toEqual(["review 99", "labeled"]);
  });

  it("keeps commands in order: routine work queued after a command does not merge into work before it", async () => {
    const queue = new WorkQueue({ concurrency: 1, onError: () => {} });
    const busy = deferred();
    const runs: string[] = [];
    queue.enqueue(meta("o/r#1", "running"), () => busy.promise);
    queue.reconcile(routine("o/r#1", "e1"), "p", async () => void runs.push("e1"));
    queue.enqueue(meta("o/r#1", "c1"), async () => void runs.push("c1"));
    queue.enqueue(meta("o/r#1", "c2"), async () => void runs.push("c2"));
    queue.reconcile(routine("o/r#1", "e2"), "p", async () => void runs.push("e2"));
    queue.reconcile(routine("o/r#1", "e3"), "p", async () => void runs.push("e3"));
    busy.resolve();
    await queue.idle();
    expect(runs).toEqual(["e1", "c1", "c2", "e3"]);
  });

  it("refuses a new object beyond the cap with a 503, and still merges into objects already waiting", async () => {
    const queue = new WorkQueue({ concurrency: 1, onError: () => {}, maxObjects: 2 });
    const busy = deferred();
    queue.enqueue(meta("running", "r"), () => busy.promise);
    queue.reconcile(routine("o/r#1", "a"), "p", async () => {});
    queue.reconcile(routine("o/r#2", "b"), "p", async () => {});
    let refused: unknown;
    try {
      queue.reconcile(routine("o/r#3", "c"), "p", async () => {});
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(QueueFullError);
    expect((refused as QueueFullError).status).toBe(503);
    expect(queue.reconcile(routine("o/r#1", "a2"), "p", async () => {})).toBe("merged");
    expect(queue.waitingObjects).toBe(2);
    busy.resolve();
    await queue.idle();
    expect(queue.reconcile(routine("o/r#3", "c"), "p", async () => {})).toBe("queued");
    await queue.idle();
  });

  it("refuses work beyond the memory estimate, whatever the object", async () => {
    const queue = new WorkQueue({ concurrency: 1, onError: () => {}, bytesPerTask: 100, maxBytes: 250 });
    const busy = deferred();
    queue.enqueue(meta("running", "r"), () => busy.promise);
    queue.enqueue(meta("o/r#1", "c1"), async () => {});
    queue.enqueue(meta("o/r#1", "c2"), async () => {});
    expect(() => queue.enqueue(meta("o/r#1", "c3"), async () => {})).toThrow(QueueFullError);
    expect(queue.estimatedBytes).toBe(200);
    busy.resolve();
    await queue.idle();
  });

  it("starts a report within milliseconds while a long burst of slow reviews holds every routine slot", async () => {
    jest.useFakeTimers();
    try {
      let clock = 0;
      const queue = new WorkQueue({ concurrency: 4, onError: () => {}, now: () => clock });
      const slowReview = () => new Promise<void>((resolve) => setTimeout(resolve, 30_000));
      for (let i = 0; i < 50; i++) queue.reconcile(routine(`o/r#${i}`, `pr-${i}`), "review", slowReview);
      await jest.advanceTimersByTimeAsync(2_000);
      clock = 2_000;
      let startedAt = -1;
      queue.enqueue(urgent("o/tracker@GHSA-1", "report"), async () => void (startedAt = clock));
      await jest.advanceTimersByTimeAsync(0);
      expect(startedAt).toBe(2_000);
      // An urgent task also goes before every routine task still waiting.
      clock = 3_000;
      const order: string[] = [];
      queue.enqueue(urgent("o/tracker#9", "command"), async () => void order.push("command"));
      queue.reconcile(routine("o/r#100", "late-pr"), "review", async () => void order.push("late review"));
      await jest.advanceTimersByTimeAsync(0);
      expect(order).toEqual(["command"]);
      for (let i = 0; i < 20; i++) await jest.advanceTimersByTimeAsync(30_000);
      await queue.idle();
      expect(order).toEqual(["command", "late review"]);
    } finally {
      jest.useRealTimers();
    }
  });

  it("gives urgent work the first free slot when every slot is busy", async () => {
    const queue = new WorkQueue({ concurrency: 1, onError: () => {} });
    const busy = deferred();
    const order: string[] = [];
    queue.enqueue(meta("x", "running"), () => busy.promise);
    queue.reconcile(routine("o/r#1", "review"), "p", async () => void order.push("review"));
    queue.enqueue(urgent("o/r@GHSA", "report"), async () => void order.push("report"));
    busy.resolve();
    await queue.idle();
    expect(order).toEqual(["report", "review"]);
  });

  it("runs a task's work inside `exclusive`, keyed by its object", async () => {
    const held: string[] = [];
    const queue = new WorkQueue({ concurrency: 2, onError: () => {}, exclusive: async (key, work) => { held.push(key); await work(); } });
    queue.enqueue(meta("o/r#1", "a"), async () => {});
    queue.reconcile(routine("o/r#2", "b"), "p", async () => {});
    await queue.idle();
    expect(held.sort()).toEqual(["o/r#1", "o/r#2"]);
  });
});

describe("work key", () => {
  it("keys an issue comment by repository and issue number", () => {
    expect(workKeyFor({ repository: { full_name: "o/r" }, issue: { number: 7 } })).toBe("o/r#7");
  });
  it("keys a pull request event by repository and pull request number", () => {
    expect(workKeyFor({ repository: { full_name: "o/r" }, number: 3, pull_request: { number: 3 } })).toBe("o/r#3");
  });
  it("keys an advisory event by repository and GHSA id", () => {
    expect(workKeyFor({ repository: { full_name: "o/r" }, repository_advisory: { ghsa_id: "GHSA-xxxx-yyyy-zzzz" } })).toBe("o/r@GHSA-xxxx-yyyy-zzzz");
  });
  it("falls back to the installation for events without a repository, and never throws on junk", () => {
    expect(workKeyFor({ installation: { id: 5 } })).toBe("installation-5");
    fc.assert(fc.property(fc.anything(), (payload) => typeof workKeyFor(payload) === "string"));
  });
});
