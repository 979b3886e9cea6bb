import { startHarness, type Harness } from "../../sim/harness.js";
import { CONFIG_CHECK, latestRun, publicWritesContaining } from "../../sim/scenarios.js";

const CANARY = "EMBARGO-CANARY-3d1e-not-public";

/**
 * A public repository's configuration extends a file in the private tracker. Nothing of that file
 * may reach the public repository's checks: secwg refuses the `_extends` before reading the source,
 * and its configuration errors never print values anyway.
 */
describe("attack: `_extends` pulls a private file into a public repository's checks", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    const world = h.sim.world;
    const embargo = `review:\n  reviewers:\n    count: "${CANARY} ships on 2026-12-02"\n  keywords: ["${CANARY}"]\n`;
    await h.act(() => world.push(h.org.tracker, "main", { "notes/embargo.yml": embargo }, "Embargo notes"));
    await h.act(() => world.push(h.org.webapp, "main", { ".github/secwg.yml": "_extends: security-tracker:notes/embargo.yml\n" }, "Share settings"));
    await h.act(() => world.openPull(h.org.webapp, h.org.frank, { title: "Touch the auth view", branch: "auth", changes: { "auth/views.py": "def login(request):\n    return None\n" } }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("writes nothing of the private file to any public repository", () => {
    expect(publicWritesContaining(h, CANARY)).toEqual([]);
  });

  it("fails the public config check naming `_extends`, not the values", () => {
    const pr = h.org.webapp.issues.find((i) => i.pull && i.title === "Touch the auth view");
    const run = latestRun(h.org.webapp, pr?.pull?.head.sha ?? "", CONFIG_CHECK);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("_extends");
    expect(run?.output.summary).toContain("may not extend a private one");
  });
});
