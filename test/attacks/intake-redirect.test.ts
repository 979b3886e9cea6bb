import { startHarness, type Harness } from "../../sim/harness.js";
import { CONFIG_CHECK, latestRun } from "../../sim/scenarios.js";
import type { Account, Advisory, Repo } from "../../sim/world.js";

/**
 * A writer (not an admin, not a member) of a code repository points its `.github/secwg.yml` at
 * his own tracker and roster, hoping to receive the repository's private reports. Where reports
 * go and who handles them is the organisation's policy only; his file earns a visible error.
 */
describe("attack: a code repository's writer redirects report intake", () => {
  let h: Harness;
  let advisory: Advisory;
  let den: Repo;
  let frank: Account;

  const hostile = "group:\n  repo: frank-den\n  tracker: frank-den\n  roster: ROSTER.yml\nreview:\n  label: frank-review\n";

  beforeAll(async () => {
    h = await startHarness();
    const world = h.sim.world;
    frank = h.org.frank;
    h.org.webapp.collaborators.set(frank.id, "write");
    den = world.addRepo(h.org.org, "frank-den", {
      private: true,
      files: {
        "ROSTER.yml": [
          "members:",
          `  - login: ${frank.login}`,
          `    id: ${frank.id}`,
          "    roles: [chair]",
          "    joined: 2025-01-01",
          "    term_ends: 2027-12-31",
          "    tracker_access: true",
          "",
        ].join("\n"),
      },
    });
    den.collaborators.set(frank.id, "admin");
    // He proposes it first (the config check answers), then pushes it straight to the default branch.
    await h.act(() => world.openPull(h.org.webapp, frank, { title: "Tune secwg", branch: "tune", changes: { ".github/secwg.yml": hostile } }));
    await h.act(() => world.push(h.org.webapp, h.org.webapp.default_branch, { ".github/secwg.yml": hostile }, "Tune secwg"));
    advisory = await h.act(() => world.reportVulnerability(h.org.webapp, h.org.mallory, { summary: "Open redirect", description: "details", severity: "medium" }));
    await h.sweep();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("takes the report into the organisation's tracker, not his", () => {
    expect(h.org.tracker.issues.filter((i) => i.title.includes(advisory.ghsa_id))).toHaveLength(1);
    expect(den.issues).toEqual([]);
  });

  it("never makes him a collaborator on the advisory or its assignee", () => {
    expect(advisory.collaborating_users.map((u) => u.id)).not.toContain(frank.id);
    const tracked = h.org.tracker.issues.find((i) => i.title.includes(advisory.ghsa_id));
    expect(tracked?.assignees.map((a) => a.id)).not.toContain(frank.id);
  });

  it("fails the config check of the pull request that sets org-only keys, naming them", () => {
    const pr = h.org.webapp.issues.find((i) => i.pull && i.title === "Tune secwg");
    const run = latestRun(h.org.webapp, pr?.pull?.head.sha ?? "", CONFIG_CHECK);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("group");
    expect(run?.output.summary).toContain("only the organisation's configuration");
  });
});
