import { startHarness, type Harness } from "../../sim/harness.js";

/**
 * `/metrics` lives on the public webhook port. Its counters are labelled by event and route, so an
 * open endpoint would tell anyone when a private report arrives (`repository_advisory`) or moves
 * (advisory forks, CVE requests). Without the scraper's token it reveals nothing.
 */
describe("attack: reading private activity from /metrics", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.act(() => h.sim.world.reportVulnerability(h.org.webapp, h.org.mallory, { summary: "Path traversal", description: "details", severity: "high" }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("does not serve metrics to an anonymous caller, and names no event or route", async () => {
    const response = await fetch(`${h.appUrl}/metrics`);
    const text = await response.text();
    expect(response.status).not.toBe(200);
    expect(text).not.toContain("repository_advisory");
    expect(text).not.toContain("security-advisories");
  });
});
