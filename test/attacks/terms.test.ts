import { Probot } from "probot";
import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { parseRosterYaml } from "../../src/core/roster.js";
import { termsStep } from "../../src/features/terms/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { runSweep } from "../../src/sweep/runner.js";

/**
 * Attacks on terms: renewing someone else's term, a renewal notice forged by a person, a pushed
 * change riding on secwg's "term ended" pull request, and a "term ended" pull request opened by a
 * person on secwg's branch name. Dave's and Erin's terms end on 2027-01-15.
 */

let clock = new Date("2026-12-20T09:00:00Z");

async function sweepTerms(h: Harness, at: string): Promise<void> {
  clock = new Date(at);
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  await runSweep(probot, { steps: [termsStep], dryRun: false, now: () => clock, log: createLogger({ level: "silent" }), signingKey: "k" });
  await h.settle();
}

describe("attack: terms and renewal", () => {
  let h: Harness;
  const rosterText = (h: Harness) => h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") as string;
  const termOf = (h: Harness, id: number) => parseRosterYaml(rosterText(h), "MEMBERS.yml").byId(id)?.term_ends;
  const notice = (h: Harness, login: string) => h.org.groupRepo.issues.find((i) => !i.pull && i.labels.includes("secwg:term") && i.title.includes(login)) as Issue;

  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock } });
    const text = rosterText(h)
      .replace(/(login: dave[\s\S]*?term_ends: )2027-12-31/, "$12027-01-15")
      .replace(/(login: erin[\s\S]*?term_ends: )2027-12-31/, "$12027-01-15");
    h.sim.world.push(h.org.groupRepo, h.org.groupRepo.default_branch, { "MEMBERS.yml": text }, "Two terms ending in January");
    await h.settle();
    await sweepTerms(h, "2026-12-20T09:00:00Z");
  });
  afterAll(() => h.stop());

  it("refuses /renew by another member or a stranger on someone's notice, saying why, and changes nothing", async () => {
    const dave = notice(h, "dave");
    const pullsBefore = h.org.groupRepo.issues.filter((i) => i.pull).length;
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, dave, h.org.members.erin, "/renew"));
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, dave, h.org.mallory, "/renew"));
    const replies = dave.comments.filter((c) => c.user.type === "Bot").map((c) => c.body);
    expect(replies.filter((b) => b.includes("this renewal notice is about another member's term; `/renew` renews only your own term"))).toHaveLength(2);
    expect(termOf(h, h.org.members.dave.id)).toBe("2027-01-15");
    expect(termOf(h, h.org.members.erin.id)).toBe("2027-01-15");
    expect(h.org.groupRepo.issues.filter((i) => i.pull)).toHaveLength(pullsBefore);
    expect(dave.state).toBe("open");
  });

  it("ignores /renew on a notice a person wrote with secwg's marker", async () => {
    const forged = await h.act(() =>
      h.sim.world.createIssue(h.org.groupRepo, h.org.members.erin, { title: "Term renewal", body: `<!-- secwg:term-notice:${h.org.members.erin.id}:2027-01-15 -->\nrenew me` }),
    );
    const before = h.sim.log.length;
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, forged, h.org.members.erin, "/renew"));
    expect(h.sim.writes(before)).toEqual([]);
    expect(termOf(h, h.org.members.erin.id)).toBe("2027-01-15");
  });

  it("never merges a renewal pull request another person opened on secwg's branch name", async () => {
    const erin = h.org.members.erin.id;
    const branch = `secwg/renew/${erin}-2027-01-15`;
    const renewed = rosterText(h).replace(/(login: erin[\s\S]*?term_ends: )2027-01-15/, "$12028-01-15");
    expect(parseRosterYaml(renewed, "MEMBERS.yml").byId(erin)?.term_ends).toBe("2028-01-15");
    const forged = await h.act(() => h.sim.world.openPull(h.org.groupRepo, h.org.members.dave, { title: "Term renewal", branch, changes: { "MEMBERS.yml": renewed } }));
    await sweepTerms(h, "2027-01-10T09:00:00Z");
    expect(forged.pull?.merged).toBe(false);
    expect(termOf(h, erin)).toBe("2027-01-15");
  });

  it("never merges a \"term ended\" pull request that carries anything besides the planned roster change (a forged renewal does not hold it up)", async () => {
    await sweepTerms(h, "2027-01-15T09:00:00Z");
    const lapse = h.org.groupRepo.issues.find((i) => i.pull && i.title === `Term ended: removal of member ${h.org.members.erin.id}`) as Issue;
    expect(lapse.state).toBe("open");
    h.sim.world.pushToPull(h.org.groupRepo, lapse, h.org.members.erin, { ".github/workflows/x.yml": "on: push\n" }, "ride along");
    await h.settle();
    await sweepTerms(h, "2027-01-22T09:00:00Z");
    expect(lapse.pull?.merged).toBe(false);
    expect(termOf(h, h.org.members.erin.id)).toBe("2027-01-15");
    expect(h.sim.violations).toEqual([]);
  });
});
