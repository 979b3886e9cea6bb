import fc from "fast-check";
import { QueueClosedError, WorkQueue, type WorkMeta } from "../../src/app/work-queue.js";
import { workKeyFor } from "../../src/app/work-key.js";
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
    const queue = new WorkQueue({ concurrency: 2, onError: () => {} });
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
