import type { Harness } from "../../sim/harness.js";

/**
 * After a repair, a second sweep must find nothing left to do: no write, every request documented,
 * no queued work failed.
 */
export async function expectRepairFinished(h: Harness): Promise<void> {
  const before = h.sim.log.length;
  await h.sweep();
  expect(h.sim.writes(before)).toEqual([]);
  expect(h.sim.violations).toEqual([]);
  expect(h.failedWork).toEqual([]);
}
