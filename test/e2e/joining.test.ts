import { Probot } from "probot";
import { startHarness, type Harness } from "../../sim/harness.js";
import { SEED_BOARD_TERM_ENDS } from "../../sim/seed.js";
import type { Issue } from "../../sim/world.js";
import { parseRosterYaml } from "../../src/core/roster.js";
import { liaisonStep } from "../../src/features/membership/liaison-sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { runSweep } from "../../src/sweep/runner.js";
import { SWEEP_STEPS } from "../../src/sweep/steps.js";

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

/** The liaison step alone, as `secwg sweep` runs it. */
async function sweepLiaison(h: Harness, now: Date) {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  const report = await runSweep(probot, { steps: [liaisonStep], dryRun: false, now: () => now, log: createLogger({ level: "silent" }), signingKey: "k" });
  await h.settle();
  expect(JSON.stringify(report)).not.toMatch(/"outcome":"(failed|errors)"/);
}

describe("end to end: the signers are warned before the Board Liaison's Board term lapses", () => {
  let h: Harness;
  const warnings = () => h.org.groupRepo.issues.filter((i) => !i.pull && i.labels.includes("secwg:liaison"));
  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock } });
  });
  afterAll(() => h.stop());

  it("is a step of the sweep", () => expect(SWEEP_STEPS).toContain(liaisonStep));

  it("writes nothing more than 30 days before the Board term ends", async () => {
    const before = h.sim.log.length;
    await sweepLiaison(h, new Date("2028-05-30T09:00:00Z"));
    expect(h.sim.writes(before)).toEqual([]);
    expect(warnings()).toEqual([]);
  });

  it("opens one warning 30 days before, and a second sweep writes nothing", async () => {
    expect(SEED_BOARD_TERM_ENDS).toBe("2028-06-30");
    await sweepLiaison(h, new Date("2028-05-31T09:00:00Z"));
    expect(warnings()).toHaveLength(1);
    const [issue] = warnings() as [Issue];
    expect(issue.user.id).toBe(h.sim.bot.id);
    expect(issue.title).toBe("Board Liaison: the Board term ends on 2028-06-30");
    expect(issue.body).toContain(`The Board Liaison, @carol (id ${h.org.members.carol.id}), is on the Board until **2028-06-30**`);
    expect(issue.body).toContain("@alice, @bob, @carol: please update the roster");
    const before = h.sim.log.length;
    await sweepLiaison(h, new Date("2028-06-10T09:00:00Z"));
    expect(h.sim.writes(before).map((w) => `${w.method} ${w.path}`)).toEqual([]);
    expect(warnings()).toHaveLength(1);
    expect(h.sim.violations).toEqual([]);
  });

  it("does not count an issue someone else opened with the marker and label", async () => {
    const text = (h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") as string).replace("board_term_ends: 2028-06-30", "board_term_ends: 2030-06-30");
    h.sim.world.push(h.org.groupRepo, h.org.groupRepo.default_branch, { "MEMBERS.yml": text }, "A new Board term");
    await h.settle();
    h.sim.world.createIssue(h.org.groupRepo, h.org.mallory, { title: "Board Liaison", body: `<!-- secwg:liaison:${h.org.members.carol.id}:2030-06-30 -->\nnothing to see`, labels: ["secwg:liaison"] });
    await h.settle();
    await sweepLiaison(h, new Date("2030-06-01T09:00:00Z"));
    const ours = warnings().filter((i) => i.user.id === h.sim.bot.id);
    expect(ours.map((i) => i.title)).toEqual(["Board Liaison: the Board term ends on 2028-06-30", "Board Liaison: the Board term ends on 2030-06-30"]);
  });
});

describe("end to end: a membership request on a candidate's behalf, confirmed by them", () => {
  let h: Harness;
  let request: Issue;
  let pr: Issue;
  const bot = () => h.sim.bot.id;
  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock } });
    request = h.sim.world.createIssue(h.org.groupRepo, h.org.members.alice, { title: "frank wrote to ask to join", body: "By e-mail." });
    await h.settle();
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, request, h.org.members.alice, "/propose-member @Frank"));
    pr = h.org.groupRepo.issues.find((i) => i.pull && i.user.id === bot()) as Issue;
  });
  afterAll(() => h.stop());

  it("opens the request itself, with the candidate's entry by id and the signer's reply naming it", () => {
    expect(pr).toBeDefined();
    expect(pr.pull?.head.ref).toBe(`secwg/join-${h.org.frank.id}`);
    const files = h.sim.world.pullFiles(h.org.groupRepo, pr).map((f) => f.filename);
    expect(files).toEqual(["MEMBERS.yml"]);
    const reply = request.comments.find((c) => c.user.id === bot());
    expect(reply?.body).toContain(`the membership request for @frank (id ${h.org.frank.id}) is #${pr.number}`);
    expect(pr.body.split("\n")[0]).toMatch(/^<!-- secwg:membership-on-behalf:[\w-]+\.[\w-]+ -->$/);
  });

  it("keeps the membership check pending until the candidate confirms, and opens the vote with the candidate recused", () => {
    const check = latestCheck(h, pr, "secwg / membership");
    expect(check).toMatchObject({ status: "in_progress", conclusion: null });
    expect(check?.output?.title).toBe("Waiting for @frank to confirm");
    const vote = pr.comments.find((c) => c.user.id === bot() && c.body.includes("<!-- secwg:vote:"));
    expect(vote?.body).toContain("frank is the subject of the vote and does not vote");
  });

  it("does not merge a passed vote before the candidate confirms", async () => {
    const vote = pr.comments.find((c) => c.user.id === bot() && c.body.includes("<!-- secwg:vote:"));
    for (const m of [h.org.members.alice, h.org.members.bob, h.org.members.carol]) h.sim.world.react(vote as never, m, "+1");
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, pr, h.org.members.dave, "Counting again."));
    expect(pr.labels).toContain("vote: passed");
    expect(pr.pull?.merged).toBe(false);
    expect(pr.comments.some((c) => c.user.id === bot() && c.body.includes("secwg merges it once you confirm with a comment `/confirm`"))).toBe(true);
  });

  it("merges once the candidate confirms, with the dates filled in, and welcomes them", async () => {
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, pr, h.org.frank, "/confirm"));
    expect(pr.pull?.merged).toBe(true);
    expect(roster(h).byId(h.org.frank.id)).toMatchObject({ login: "frank", roles: ["member"], joined: "2026-12-01", term_ends: "2027-12-01" });
    expect(pr.comments.filter((c) => c.user.id === bot() && c.body.includes("<!-- secwg:membership-confirmed:"))).toHaveLength(1);
    expect(pr.comments.some((c) => c.user.id === bot() && c.body.includes("Welcome to the Security Working Group, @frank!"))).toBe(true);
    expect(latestCheck(h, pr, "secwg / membership")?.conclusion).toBe("success");
  });

  it("writes nothing when the commands are delivered again", async () => {
    const comments = [...request.comments, ...pr.comments].filter((c) => c.body.startsWith("/")).map((c) => c.id);
    const deliveries = h.hooks.deliveries.filter((d) => !d.redelivery && d.event === "issue_comment" && comments.includes((d.payload as { comment?: { id: number } }).comment?.id ?? -1));
    expect(deliveries).toHaveLength(2);
    const before = h.sim.log.length;
    for (const delivery of deliveries) await h.act(() => h.hooks.redeliver(delivery));
    expect(h.sim.writes(before).map((w) => `${w.method} ${w.path}`)).toEqual([]);
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
