import { Probot } from "probot";
import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { parseRosterYaml } from "../../src/core/roster.js";
import { termsStep } from "../../src/features/terms/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { runSweep } from "../../src/sweep/runner.js";

/**
 * Terms end to end: two members' terms end on 2027-01-15 (notice 30 days before, grace 7 days).
 * Dave renews with `/renew` on his notice; Erin does not, and her "term ended" removal is proposed
 * on the day and merged when the grace ends. Every sweep is run twice: the second writes nothing.
 */

let clock = new Date("2026-12-20T09:00:00Z");

function roster(h: Harness) {
  return parseRosterYaml(h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") as string, "MEMBERS.yml");
}

function notices(h: Harness): Issue[] {
  return h.org.groupRepo.issues.filter((i) => !i.pull && i.labels.includes("secwg:term"));
}

/** The terms step alone (the other steps have their own scenarios), as `secwg sweep` runs it. */
async function sweepTerms(h: Harness, now: Date) {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  const report = await runSweep(probot, { steps: [termsStep], dryRun: false, now: () => now, log: createLogger({ level: "silent" }), signingKey: "k" });
  await h.settle();
  return report;
}

async function sweepTwice(h: Harness, at: string): Promise<void> {
  clock = new Date(at);
  const first = await sweepTerms(h, clock);
  expect(JSON.stringify(first)).not.toMatch(/"outcome":"(failed|errors)"/);
  const before = h.sim.log.length;
  await sweepTerms(h, clock);
  expect(h.sim.writes(before).map((w) => `${w.method} ${w.path}`)).toEqual([]);
}

describe("end to end: one-year terms, renewal and lapse", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock } });
    const text = (h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") as string)
      .replace(/(login: dave[\s\S]*?term_ends: )2027-12-31/, "$12027-01-15")
      .replace(/(login: erin[\s\S]*?term_ends: )2027-12-31/, "$12027-01-15");
    h.sim.world.push(h.org.groupRepo, h.org.groupRepo.default_branch, { "MEMBERS.yml": text }, "Two terms ending in January");
    await h.settle();
  });
  afterAll(() => h.stop());

  it("sends one renewal notice per member whose term ends within the notice period, and none twice", async () => {
    await sweepTwice(h, "2026-12-20T09:00:00Z");
    expect(notices(h).map((i) => i.title).sort()).toEqual(["Term renewal: dave's term ends on 2027-01-15", "Term renewal: erin's term ends on 2027-01-15"]);
    const dave = notices(h).find((i) => i.title.includes("dave")) as Issue;
    expect(dave.body).toContain("@dave, your term in the group ends on **2027-01-15**.");
    expect(h.sim.violations).toEqual([]);
  });

  it("/renew by the member extends term_ends from the old end by pull request, merged, the notice closed; a redelivery writes nothing", async () => {
    const notice = notices(h).find((i) => i.title.includes("dave")) as Issue;
    clock = new Date("2026-12-22T10:00:00Z");
    const first = h.hooks.deliveries.length;
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, notice, h.org.members.dave, "/renew"));
    const command = h.hooks.deliveries.slice(first).find((d) => d.event === "issue_comment" && !d.redelivery) as (typeof h.hooks.deliveries)[number];
    expect(roster(h).byId(h.org.members.dave.id)?.term_ends).toBe("2028-01-15");
    expect(roster(h).byId(h.org.members.erin.id)?.term_ends).toBe("2027-01-15");
    const pull = h.org.groupRepo.issues.find((i) => i.pull && i.title === `Term renewal of member ${h.org.members.dave.id}`);
    expect(pull?.pull?.merged).toBe(true);
    expect(notice.state).toBe("closed");
    expect(notice.comments.at(-1)?.body).toContain("@dave, your term is renewed: it now ends on 2028-01-15.");
    const before = h.sim.log.length;
    await h.act(() => h.hooks.redeliver(command));
    expect(h.sim.writes(before)).toEqual([]);
    await sweepTwice(h, "2026-12-22T10:00:00Z");
  });

  it("reminds at most weekly, proposes the removal on term_ends and merges it when the grace ends", async () => {
    const erinNotice = notices(h).find((i) => i.title.includes("erin")) as Issue;
    await sweepTwice(h, "2026-12-27T09:00:00Z");
    expect(erinNotice.comments.filter((c) => c.body.includes("a reminder"))).toHaveLength(1);
    await sweepTwice(h, "2026-12-30T09:00:00Z");
    expect(erinNotice.comments.filter((c) => c.body.includes("a reminder"))).toHaveLength(1);

    await sweepTwice(h, "2027-01-15T09:00:00Z");
    const lapse = h.org.groupRepo.issues.find((i) => i.pull && i.title === `Term ended: removal of member ${h.org.members.erin.id}`);
    expect(lapse?.state).toBe("open");
    expect(erinNotice.comments.filter((c) => c.body.includes("a reminder"))).toHaveLength(2);
    expect(roster(h).byId(h.org.members.erin.id)).toBeDefined();

    await sweepTwice(h, "2027-01-21T09:00:00Z");
    expect(lapse?.pull?.merged).toBe(false);
    await sweepTwice(h, "2027-01-22T09:00:00Z");
    expect(lapse?.pull?.merged).toBe(true);
    expect(roster(h).byId(h.org.members.erin.id)).toBeUndefined();
    expect(erinNotice.state).toBe("closed");
    expect(roster(h).byId(h.org.members.dave.id)?.term_ends).toBe("2028-01-15");
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
