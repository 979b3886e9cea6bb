import { startHarness, type Harness } from "../../sim/harness.js";
import { publicWritesContaining } from "../../sim/scenarios.js";
import type { Issue } from "../../sim/world.js";
import { Probot } from "probot";
import { parseRosterYaml } from "../../src/core/roster.js";
import { removalsStep } from "../../src/features/removals/sweep.js";
import { votesStep } from "../../src/features/votes/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { runSweep } from "../../src/sweep/runner.js";

/**
 * Removals end to end on the simulator (roster: alice chair, bob co-chair, carol board liaison,
 * dave and erin members). Erin is removed by a vote of the others (her own 👍 is not counted);
 * then dave by the Chair and the Co-Chair approving and the Board Liaison's `/consulted`. Each
 * command is redelivered and each state swept twice: the repeats write nothing.
 */

const CANARY = "CANARY-removal-reason-5c1e";

function roster(h: Harness) {
  return parseRosterYaml(h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") as string, "MEMBERS.yml");
}

function removalPull(h: Harness): Issue[] {
  return h.org.groupRepo.issues.filter((i) => i.pull && i.title === "Removal of a member");
}

function latestCheck(h: Harness, pr: Issue) {
  return h.org.groupRepo.checkRuns.filter((r) => r.head_sha === pr.pull?.head.sha && r.name === "secwg / removal").sort((a, b) => b.id - a.id)[0];
}

/** The votes and removals steps (the other steps have their own scenarios), as `secwg sweep` runs them. */
async function sweep(h: Harness) {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  const report = await runSweep(probot, { steps: [votesStep, removalsStep], dryRun: false, now: () => new Date(), log: createLogger({ level: "silent" }), signingKey: "k" });
  await h.settle();
  expect(JSON.stringify(report)).not.toMatch(/"outcome":"(failed|errors)"/);
  return report;
}

async function sweepTwice(h: Harness): Promise<void> {
  await sweep(h);
  const before = h.sim.log.length;
  await sweep(h);
  expect(h.sim.writes(before).map((w) => `${w.method} ${w.path}`)).toEqual([]);
}

async function command(h: Harness, issue: Issue, who: keyof Harness["org"]["members"], body: string) {
  const first = h.hooks.deliveries.length;
  await h.act(() => h.sim.world.addComment(h.org.groupRepo, issue, h.org.members[who], body));
  return h.hooks.deliveries.slice(first).find((d) => d.event === "issue_comment" && !d.redelivery) as (typeof h.hooks.deliveries)[number];
}

async function redeliverWritesNothing(h: Harness, delivery: (typeof h.hooks.deliveries)[number]): Promise<void> {
  const before = h.sim.log.length;
  await h.act(() => h.hooks.redeliver(delivery));
  expect(h.sim.writes(before).map((w) => `${w.method} ${w.path}`)).toEqual([]);
}

describe("end to end: removals", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deps: { signingKey: "k" } });
  });
  afterAll(() => h.stop());

  it("/remove by a member opens the roster pull request and its vote; the reason goes only to the private tracker", async () => {
    const issue = h.sim.world.createIssue(h.org.groupRepo, h.org.members.dave, { title: "Membership concern" });
    const delivery = await command(h, issue, "dave", `/remove @erin ${CANARY} has not taken part for a year`);
    const [pr] = removalPull(h);
    expect(pr?.state).toBe("open");
    expect(pr?.labels).toContain("secwg: removal");
    expect(pr?.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:vote:"))).toHaveLength(1);
    expect(latestCheck(h, pr as Issue)).toMatchObject({ conclusion: "failure", output: { title: "Removal not yet decided" } });
    const log = h.org.tracker.issues.find((i) => i.title === "Removals log");
    expect(log?.comments.filter((c) => c.body.includes(CANARY))).toHaveLength(1);
    expect(publicWritesContaining(h, CANARY)).toEqual([]);
    expect(issue.comments.at(-1)?.body).toContain(`the removal of @erin is proposed in #${pr?.number}`);
    await redeliverWritesNothing(h, delivery);
    await sweepTwice(h);
  });

  it("passes by a vote of the others: the subject's 👍 is not counted; merged, and access follows the roster", async () => {
    const pr = removalPull(h)[0] as Issue;
    const vote = pr.comments.find((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:vote:")) as NonNullable<Issue["comments"][number]>;
    const { alice, bob, erin, dave } = h.org.members;
    for (const who of [alice, bob, erin]) h.sim.world.react(vote, who, "+1");
    await sweepTwice(h);
    expect(pr.pull?.merged).toBe(false);
    expect(latestCheck(h, pr)?.output.summary).toContain("1 more yes vote (2 of 3 needed, electorate of 4 without the member being removed)");
    h.sim.world.react(vote, dave, "+1");
    await sweep(h);
    expect(pr.pull?.merged).toBe(true);
    expect(roster(h).byId(erin.id)).toBeUndefined();
    expect(h.sim.world.team("acme", "security-wg")?.members.has(erin.id)).toBe(false);
    expect(h.sim.world.team("acme", "security-wg")?.members.has(dave.id)).toBe(true);
    await sweepTwice(h);
    expect(publicWritesContaining(h, CANARY)).toEqual([]);
  });

  it("passes by the Chair and the Co-Chair approving and the Board Liaison's /consulted, at the same head", async () => {
    const issue = h.sim.world.createIssue(h.org.groupRepo, h.org.members.carol, { title: "Another concern" });
    await command(h, issue, "carol", "/remove @dave conduct");
    const pr = removalPull(h).find((p) => p.state === "open") as Issue;
    const { alice, bob, dave } = h.org.members;
    await h.act(() => h.sim.world.submitReview(h.org.groupRepo, pr, alice, "APPROVED"));
    expect(latestCheck(h, pr)?.output.summary).toContain("the Co-Chair's approval of");
    await h.act(() => h.sim.world.submitReview(h.org.groupRepo, pr, bob, "APPROVED"));
    expect(pr.pull?.merged).toBe(false);
    expect(latestCheck(h, pr)?.output.summary).toContain("the Board Liaison's `/consulted`");
    const consulted = await command(h, pr, "carol", "/consulted");
    expect(pr.pull?.merged).toBe(true);
    expect(roster(h).byId(dave.id)).toBeUndefined();
    expect(h.sim.world.team("acme", "security-wg")?.members.has(dave.id)).toBe(false);
    await redeliverWritesNothing(h, consulted);
    await sweepTwice(h);
  });

  it("makes only documented requests", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});

describe("end to end: a removal's vote comment deleted while the vote is open", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deps: { signingKey: "k" } });
  });
  afterAll(() => h.stop());

  const voteComments = (pr: Issue) => pr.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:vote:"));

  it("is posted again as the removal vote about the same member, without them in the electorate, and can pass", async () => {
    const issue = h.sim.world.createIssue(h.org.groupRepo, h.org.members.dave, { title: "Membership concern" });
    await command(h, issue, "dave", "/remove @erin absent for a year");
    const pr = removalPull(h)[0] as Issue;
    const { alice, bob, dave, erin } = h.org.members;
    await h.act(() => h.sim.world.deleteComment(h.org.groupRepo, voteComments(pr)[0] as NonNullable<Issue["comments"][number]>, alice));
    const [vote] = voteComments(pr);
    expect(vote?.body).toContain("posted the vote again");
    expect(vote?.body).toContain(`should ${erin.login} be removed from the Security Working Group?`);
    expect(vote?.body).toContain(`Electorate (4)`);
    expect(vote?.body).toContain(`${erin.login} is the subject of the vote and does not vote`);
    for (const who of [alice, bob, dave]) h.sim.world.react(vote as NonNullable<Issue["comments"][number]>, who, "+1");
    await sweep(h);
    expect(pr.pull?.merged).toBe(true);
    expect(roster(h).byId(erin.id)).toBeUndefined();
    await sweepTwice(h);
  });

  it("makes only documented requests", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
