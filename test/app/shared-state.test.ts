import { LeaseBusyError, MemoryContentBudget, memoryLeases } from "../../src/app/shared-state.js";

/** A budget on a fake clock: `wait` advances the clock instead of sleeping, and records each wait. */
function fakeBudget(limits: { perMinute: number; perHour: number }) {
  let now = Date.parse("2026-12-01T10:00:00Z");
  const waits: number[] = [];
  const budget = new MemoryContentBudget(
    limits,
    () => now,
    async (ms) => {
      waits.push(ms);
      now += ms;
    },
  );
  return { budget, waits, advance: (ms: number) => (now += ms), elapsed: () => now - Date.parse("2026-12-01T10:00:00Z") };
}

describe("the in-memory content-creation budget", () => {
  it("lets requests through without waiting while both windows have room", async () => {
    const { budget, waits } = fakeBudget({ perMinute: 3, perHour: 10 });
    for (let i = 0; i < 3; i++) await budget.take();
    expect(waits).toEqual([]);
  });

  it("makes the request beyond the per-minute limit wait until the oldest one leaves the minute", async () => {
    const { budget, waits, advance } = fakeBudget({ perMinute: 3, perHour: 10 });
    await budget.take();
    advance(10_000);
    await budget.take();
    await budget.take();
    await budget.take();
    expect(waits).toEqual([50_000]);
  });

  it("holds to the hourly limit even when every minute has room", async () => {
    const { budget, advance, elapsed } = fakeBudget({ perMinute: 80, perHour: 5 });
    for (let i = 0; i < 5; i++) {
      await budget.take();
      advance(60_000);
    }
    await budget.take();
    // The sixth request waits until an hour after the first.
    expect(elapsed()).toBe(3_600_000);
  });

  it("never lets more than the limits through in any window, over a long burst", async () => {
    const limits = { perMinute: 4, perHour: 20 };
    const times: number[] = [];
    let now = 0;
    const budget = new MemoryContentBudget(limits, () => now, async (ms) => void (now += ms));
    for (let i = 0; i < 50; i++) {
      await budget.take();
      times.push(now);
      now += 1_000;
    }
    for (const t of times) {
      expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(4);
      expect(times.filter((u) => u >= t && u < t + 3_600_000).length).toBeLessThanOrEqual(20);
    }
  });
});

describe("in-memory leases", () => {
  it("runs two pieces of work on one key one after the other, never together", async () => {
    const leases = memoryLeases({ pollMs: 5 });
    const events: string[] = [];
    let release!: () => void;
    const first = leases.runExclusive("acme/webapp#1", async () => {
      events.push("first starts");
      await new Promise<void>((resolve) => (release = resolve));
      events.push("first ends");
    });
    const second = leases.runExclusive("acme/webapp#1", async () => void events.push("second runs"));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events).toEqual(["first starts"]);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(["first starts", "first ends", "second runs"]);
  });

  it("runs work on different keys at once", async () => {
    const leases = memoryLeases({ pollMs: 5 });
    let release!: () => void;
    const held = leases.runExclusive("a", () => new Promise<void>((resolve) => (release = resolve)));
    await expect(leases.runExclusive("b", async () => "done")).resolves.toBe("done");
    release();
    await held;
  });

  it("releases the lease when the work fails", async () => {
    const leases = memoryLeases({ pollMs: 5, maxWaitMs: 200 });
    await expect(leases.runExclusive("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(leases.runExclusive("k", async () => "again")).resolves.toBe("again");
  });

  it("gives up with a transient 503 when another holder keeps the lease too long", async () => {
    const leases = memoryLeases({ pollMs: 5, maxWaitMs: 40 });
    let release!: () => void;
    const held = leases.runExclusive("k", () => new Promise<void>((resolve) => (release = resolve)));
    const error = await leases.runExclusive("k", async () => "never").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseBusyError);
    expect((error as LeaseBusyError).status).toBe(503);
    release();
    await held;
  });
});
