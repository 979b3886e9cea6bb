import { startHarness, type Harness } from "../../sim/harness.js";
import { SCENARIOS, type Scenario } from "../../sim/scenarios.js";

/**
 * GitHub may deliver an event more than once (a redelivery from the delivery log, the sweep's
 * redeliver step, a retry after a timeout). Every event of every scenario is redelivered three
 * times as soon as the step that caused it has been handled: the first handling did all the work,
 * so the redeliveries write nothing.
 */
describe.each(SCENARIOS.map((s): [string, Scenario] => [s.name, s]))("end to end: redelivering every event of the %s scenario three times", (_name, scenario) => {
  let h: Harness;
  const writes: string[] = [];
  let redelivered = 0;

  beforeAll(async () => {
    h = await startHarness();
    const act = h.act.bind(h);
    h.act = async (action) => {
      const first = h.hooks.deliveries.length;
      const result = await act(action);
      const handled = h.hooks.deliveries.slice(first).filter((d) => !d.redelivery && d.status_code >= 200 && d.status_code < 300);
      for (const delivery of handled) {
        for (let time = 2; time <= 4; time++) {
          const before = h.sim.log.length;
          await act(() => h.hooks.redeliver(delivery));
          redelivered++;
          for (const w of h.sim.writes(before)) writes.push(`${delivery.event}.${delivery.action ?? ""} delivery ${time}: ${w.method} ${w.path}`);
        }
      }
      return result;
    };
    await scenario.run(h, () => {});
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it("writes nothing on the second, third and fourth delivery of each event", () => {
    expect(redelivered).toBeGreaterThanOrEqual(3);
    expect(writes).toEqual([]);
  });

  it("makes only documented requests and leaves no work failed", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
