import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { parseRosterYaml } from "../../src/core/roster.js";

/**
 * Joining end to end: a candidate writes their login only and secwg fills in their numeric id (or
 * corrects a wrong one) in the commit of the dates; the roster check refuses a Board Liaison whose
 * Board term has ended.
 */

const clock = new Date("2026-12-01T09:00:00Z");

function templateBody(h: Harness): string {
  return (h.sim.world.filesAt(h.org.groupRepo)?.get(".github/PULL_REQUEST_TEMPLATE/membership.md") ?? "")
    .replace(/<!-- Your name[^>]*-->/, "Frank Contributor")
    .replace(/<!-- Your GitHub login[^>]*-->/, "@frank")
    .replace(/<!-- Security work[^>]*-->/, "Reviewed the session handling of acme/webapp.")
    .replace(/<!-- Why you want[^>]*-->/, "To help triage reports.")
    .replace(/<!-- Employers[^>]*-->/, "None")
    .replace("- [ ] I agree", "- [x] I agree");
}

function roster(h: Harness) {
  return parseRosterYaml(h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") as string, "MEMBERS.yml");
}

function latestCheck(h: Harness, pr: Issue, name: string) {
  return h.org.groupRepo.checkRuns.filter((r) => r.head_sha === pr.pull?.head.sha && r.name === name).sort((a, b) => b.id - a.id)[0];
}

describe("end to end: a candidate writes their login only", () => {
  let h: Harness;
  let pr: Issue;
  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock } });
    const text = h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") ?? "";
    // The login in another case, and an id that names someone else (erin): neither is trusted.
    pr = h.sim.world.openPull(h.org.groupRepo, h.org.frank, {
      title: "Membership request: frank",
      body: templateBody(h),
      branch: "join-frank-login-only",
      changes: { "MEMBERS.yml": `${text.trimEnd()}\n  - login: Frank\n    id: 999999\n    name: Frank Contributor\n    roles: [member]\n` },
    });
    await h.settle();
  });
  afterAll(() => h.stop());

  it("passes the membership check, saying the id will be corrected to the author's", () => {
    const check = h.org.groupRepo.checkRuns.filter((r) => r.name === "secwg / membership").sort((a, b) => a.id - b.id)[0];
    expect(check?.conclusion).toBe("success");
    expect(check?.output?.summary).toContain(`The entry's \`id: 999999\` is not the author's and is not trusted: secwg corrects it to the author's id, ${h.org.frank.id}`);
    expect(pr.comments.some((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:vote:"))).toBe(true);
  });

  it("merges after the vote with the author's id and the dates written in one commit", async () => {
    const vote = pr.comments.find((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:vote:"));
    for (const m of [h.org.members.alice, h.org.members.bob, h.org.members.carol]) h.sim.world.react(vote as never, m, "+1");
    h.sim.world.addComment(h.org.groupRepo, pr, h.org.members.dave, "Counting again.");
    await h.settle();
    expect(pr.pull?.merged).toBe(true);
    const frank = roster(h).byId(h.org.frank.id);
    expect(frank).toMatchObject({ login: "Frank", joined: "2026-12-01", term_ends: "2027-12-01", roles: ["member"] });
    expect(roster(h).byId(999999)).toBeUndefined();
    expect(latestCheck(h, pr, "secwg / membership")?.conclusion).toBe("success");
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});

describe("end to end: the roster check and the Board Liaison's Board term", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock } });
  });
  afterAll(() => h.stop());

  function proposeRoster(edit: (text: string) => string, branch: string): Issue {
    const text = h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") ?? "";
    return h.sim.world.openPull(h.org.groupRepo, h.org.members.alice, { title: "Roster change", body: "", branch, changes: { "MEMBERS.yml": edit(text) } });
  }

  it("fails a roster whose Board Liaison's Board term has ended, checked on today's date", async () => {
    const pr = proposeRoster((t) => t.replace(/board_term_ends: \S+/, "board_term_ends: 2026-11-30"), "liaison-ended");
    await h.settle();
    const check = latestCheck(h, pr, "secwg / config");
    expect(check?.conclusion).toBe("failure");
    expect(check?.output?.summary).toContain("the Board Liaison must be an active Board member; their Board term ended on 2026-11-30 (checked on 2026-12-01)");
  });

  it("fails a roster whose Board Liaison's entry records no Board term", async () => {
    const pr = proposeRoster((t) => t.replace(/\n\s*board_term_ends: \S+/, ""), "liaison-unrecorded");
    await h.settle();
    expect(latestCheck(h, pr, "secwg / config")?.output?.summary).toContain("the Board Liaison's entry must record the day their Board term ends");
  });

  it("passes the seeded roster with one change elsewhere", async () => {
    const pr = proposeRoster((t) => `${t}# reviewed in December\n`, "roster-comment");
    await h.settle();
    expect(latestCheck(h, pr, "secwg / config")?.conclusion).toBe("success");
    expect(h.sim.violations).toEqual([]);
  });
});
