import { startHarness, type Harness } from "../../sim/harness.js";
import { CONFIG_CHECK, configCheck, latestRun } from "../../sim/scenarios.js";

describe("end to end: configuration and roster checks", () => {
  let h: Harness;
  let steps: Awaited<ReturnType<typeof configCheck.run>>;

  beforeAll(async () => {
    h = await startHarness();
    steps = await configCheck.run(h, () => {});
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("fails the config check of a pull request that breaks .github/secwg.yml, naming the key and what was expected, never the value", () => {
    const pr = h.sim.world.issue(h.org.webapp, 1);
    const first = h.org.webapp.checkRuns.find((r) => r.name === CONFIG_CHECK && r.conclusion === "failure");
    expect(pr?.pull).toBeDefined();
    expect(first?.output.summary).toContain('review.reviewers.count: expected a whole number between 1 and 5, got a string');
  });

  it("passes the config check once the pull request's head fixes the file", () => {
    const pr = h.sim.world.issue(h.org.webapp, 1);
    expect(latestRun(h.org.webapp, pr?.pull?.head.sha ?? "", CONFIG_CHECK)?.conclusion).toBe("success");
  });

  it("makes no write when GitHub redelivers an event it already handled", () => {
    const redelivery = steps[2];
    expect(redelivery).toBeDefined();
    expect(h.sim.writes(redelivery?.from).filter((w) => w.seq <= (h.sim.log[(redelivery?.to ?? 0) - 1]?.seq ?? 0))).toEqual([]);
  });

  it("fails the roster check of a pull request that gives two members the same id", () => {
    const pr = h.sim.world.issue(h.org.groupRepo, 1);
    const run = latestRun(h.org.groupRepo, pr?.pull?.head.sha ?? "", CONFIG_CHECK);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain(String(h.org.members.dave.id));
  });

  it("makes only requests GitHub's OpenAPI description documents, with valid bodies", () => {
    expect(h.sim.violations).toEqual([]);
  });

  it("answers every delivery with a success status", () => {
    expect(h.hooks.deliveries.filter((d) => d.status_code < 200 || d.status_code >= 300)).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
