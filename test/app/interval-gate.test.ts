import { jest } from "@jest/globals";
import { IntervalGate } from "../../src/app/interval-gate.js";

describe("interval gate: at most one run per interval per key, plus one trailing run", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setUp(intervalMs = 1000) {
    let clock = 0;
    const runs: string[] = [];
    const gate = new IntervalGate({ intervalMs, now: () => clock });
    const task = (name: string) => async () => void runs.push(name);
    const advance = async (ms: number) => {
      clock += ms;
      await jest.advanceTimersByTimeAsync(ms);
    };
    return { gate, runs, task, advance };
  }

  it("runs the first request at once, folds a burst into one trailing run of the latest task, then runs at once again after a quiet interval", async () => {
    const { gate, runs, task, advance } = setUp();
    expect(await gate.submit("a", task("first"))).toBe("ran");
    for (let i = 0; i < 20; i++) expect(await gate.submit("a", task(`burst ${i}`))).toBe("deferred");
    expect(runs).toEqual(["first"]);
    await advance(999);
    expect(runs).toEqual(["first"]);
    await advance(1);
    expect(runs).toEqual(["first", "burst 19"]);
    // Within the interval after the trailing run: deferred again.
    expect(await gate.submit("a", task("soon"))).toBe("deferred");
    await advance(1000);
    expect(runs).toEqual(["first", "burst 19", "soon"]);
    await advance(5000);
    expect(await gate.submit("a", task("later"))).toBe("ran");
    expect(runs.at(-1)).toBe("later");
  });

  it("keeps keys apart", async () => {
    const { gate, runs, task } = setUp();
    expect(await gate.submit("a", task("a1"))).toBe("ran");
    expect(await gate.submit("b", task("b1"))).toBe("ran");
    expect(await gate.submit("a", task("a2"))).toBe("deferred");
    expect(runs).toEqual(["a1", "b1"]);
    expect(gate.pending("a")).toBe(true);
    expect(gate.pending("b")).toBe(false);
  });

  it("flush runs the trailing run now; close drops it and refuses new runs", async () => {
    const { gate, runs, task, advance } = setUp();
    await gate.submit("a", task("first"));
    await gate.submit("a", task("trailing"));
    await gate.flush();
    expect(runs).toEqual(["first", "trailing"]);
    expect(gate.pending()).toBe(false);
    await gate.submit("a", task("dropped"));
    gate.close();
    await advance(10_000);
    expect(await gate.submit("a", task("after close"))).toBe("deferred");
    expect(runs).toEqual(["first", "trailing"]);
  });

  it("never overlaps runs under one key, and a failed trailing run is reported", async () => {
    let clock = 0;
    const errors: unknown[] = [];
    const gate = new IntervalGate({ intervalMs: 10, now: () => clock, onError: (e) => errors.push(e) });
    let release = () => {};
    const order: string[] = [];
    const slow = gate.submit("a", () => new Promise<void>((r) => (release = () => (order.push("slow done"), r()))));
    await gate.submit("a", async () => {
      order.push("trailing");
      throw new Error("boom");
    });
    clock += 10;
    await jest.advanceTimersByTimeAsync(10);
    expect(order).toEqual([]);
    release();
    await slow;
    await jest.advanceTimersByTimeAsync(0);
    expect(order).toEqual(["slow done", "trailing"]);
    expect(errors).toHaveLength(1);
  });
});
