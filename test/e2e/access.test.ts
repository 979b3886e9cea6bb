import type { Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { accessReplies, startAccessScenario } from "../helpers/access.js";

describe("end to end: tracker access granted by the Chair and the Co-Chair, revoked by either, following the roster", () => {
  let h: Harness;
  let issue: Issue;
  afterAll(async () => {
    await h?.stop();
  });

  it("starts matching the roster: a sweep changes nothing", async () => {
    h = await startAccessScenario();
    const before = h.sim.log.length;
    await h.sweep();
    await h.sweep();
    expect(h.sim.writes(before).filter((w) => !w.path.includes("/issues"))).toEqual([]);
  });

  it("a draft advisory gets every person with tracker access as a collaborator", async () => {
    const { world } = h.sim;
    const advisory = await h.act(() => world.reportVulnerability(h.org.webapp, h.org.mallory, { summary: "Login bypass", description: "details" }));
    advisory.state = "draft";
    await h.sweep();
    expect(advisory.collaborating_users.map((u) => u.login).sort()).toEqual(["alice", "bob", "carol", "dave"]);
  });

  it("the Chair's grant alone is recorded and changes nothing", async () => {
    const { world } = h.sim;
    const { members, groupRepo } = h.org;
    issue = await h.act(() => world.createIssue(groupRepo, members.alice, { title: "Tracker access for Erin" }));
    await h.act(() => world.addComment(groupRepo, issue, members.alice, "/grant-access @erin"));
    const replies = accessReplies(h, issue);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("<!-- secwg:access-record:");
    expect(replies[0]).toContain("Still missing: the Co-Chair's `/grant-access @erin`");
    expect(world.filesAt(groupRepo)?.get("MEMBERS.yml")).not.toMatch(/login: erin[\s\S]*tracker_access: true/);
    expect(h.org.tracker.collaborators.has(members.erin.id)).toBe(false);
  });

  it("the Co-Chair's grant completes it: roster pull request merged, team, tracker and draft advisory follow", async () => {
    const { world } = h.sim;
    const { members, groupRepo, tracker, webapp } = h.org;
    await h.act(() => world.addComment(groupRepo, issue, members.bob, "/grant-access @erin"));
    const pull = groupRepo.issues.find((i) => i.pull && i.title === "Grant tracker access for erin");
    expect(pull?.pull?.merged).toBe(true);
    expect(pull?.user.id).toBe(h.sim.bot.id);
    const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") as string;
    expect(roster.slice(roster.indexOf("login: erin"))).toMatch(/tracker_access: true/);
    expect(world.team("acme", "security-tracker")?.members.has(members.erin.id)).toBe(true);
    expect(tracker.collaborators.get(members.erin.id)).toBe("write");
    expect(webapp.advisories[0]?.collaborating_users.map((u) => u.login)).toContain("erin");
    const log = tracker.issues.find((i) => i.title === "Access log");
    expect(log?.comments.at(-1)?.body).toContain("added `erin` (id 1005) to team acme/security-tracker");
    expect(accessReplies(h, issue).at(-1)).toContain("(#");
  });

  it("redelivering the grants and sweeping twice writes nothing", async () => {
    const deliveries = h.hooks.deliveries.filter((d) => d.event === "issue_comment" && !d.redelivery);
    const before = h.sim.log.length;
    for (const delivery of deliveries.slice(-2)) await h.act(() => h.hooks.redeliver(delivery));
    await h.sweep();
    await h.sweep();
    expect(h.sim.writes(before).map((w) => `${w.method} ${w.path}`)).toEqual([]);
  });

  it("a revoke by either removes the access in the same run", async () => {
    const { world } = h.sim;
    const { members, groupRepo, tracker, webapp } = h.org;
    await h.act(() => world.addComment(groupRepo, issue, members.bob, "/revoke-access @erin"));
    const pull = groupRepo.issues.find((i) => i.pull && i.title === "Revoke tracker access for erin");
    expect(pull?.pull?.merged).toBe(true);
    expect(world.team("acme", "security-tracker")?.members.has(members.erin.id)).toBe(false);
    expect(tracker.collaborators.has(members.erin.id)).toBe(false);
    expect(webapp.advisories[0]?.collaborating_users.map((u) => u.login)).not.toContain("erin");
    // Still a member: the members' team keeps her.
    expect(world.team("acme", "security-wg")?.members.has(members.erin.id)).toBe(true);
    const before = h.sim.log.length;
    await h.act(() => h.hooks.redeliver(h.hooks.deliveries.filter((d) => d.event === "issue_comment" && !d.redelivery).at(-1)!));
    await h.sweep();
    expect(h.sim.writes(before)).toEqual([]);
  });

  it("a signer's access follows the role: revoking it by command records nothing and changes nothing", async () => {
    const { world } = h.sim;
    const { members, groupRepo, tracker } = h.org;
    await h.act(() => world.addComment(groupRepo, issue, members.alice, "/revoke-access @bob"));
    const reply = accessReplies(h, issue).at(-1) as string;
    expect(reply).toContain("@bob holds a role that always has tracker access (co-chair)");
    expect(reply).not.toContain("<!-- secwg:access-record:");
    expect(tracker.collaborators.has(members.bob.id)).toBe(true);
  });

  it("someone added to the tracker by hand is removed and the removal is logged in the tracker", async () => {
    const { tracker, frank } = h.org;
    tracker.collaborators.set(frank.id, "write");
    await h.sweep();
    expect(tracker.collaborators.has(frank.id)).toBe(false);
    const log = tracker.issues.find((i) => i.title === "Access log");
    expect(log?.comments.at(-1)?.body).toContain("removed `frank` (id 1006) from the collaborators of acme/security-tracker: not on the roster");
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});

describe("end to end: access for someone outside the organisation", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAccessScenario();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("a new member outside the organisation is invited to the team once; later sweeps do not invite again", async () => {
    const { world } = h.sim;
    const { groupRepo, frank } = h.org;
    world.outsideOrg.add(frank.id);
    const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") as string;
    const entry = [`  - login: ${frank.login}`, `    id: ${frank.id}`, "    name: Frank", "    roles: [member]", "    joined: 2026-11-01", "    term_ends: 2027-10-31", "    tracker_access: false", "    away: false", ""];
    world.push(groupRepo, "main", { "MEMBERS.yml": `${roster}${entry.join("\n")}` }, "Welcome Frank");
    const team = world.team("acme", "security-wg");
    const invitations = (from: number) => h.sim.writes(from).filter((w) => w.method === "PUT" && w.path.endsWith(`/teams/security-wg/memberships/${frank.login}`));
    let before = h.sim.log.length;
    await h.sweep();
    expect(invitations(before)).toHaveLength(1);
    expect(team?.invited.has(frank.id)).toBe(true);
    expect(team?.members.has(frank.id)).toBe(false);
    before = h.sim.log.length;
    await h.sweep();
    expect(h.sim.writes(before).filter((w) => !w.path.includes("/issues"))).toEqual([]);
    world.acceptTeamInvitation(team as NonNullable<typeof team>, frank);
    before = h.sim.log.length;
    await h.sweep();
    expect(h.sim.writes(before).filter((w) => !w.path.includes("/issues"))).toEqual([]);
    expect(team?.members.has(frank.id)).toBe(true);
    expect(h.sim.violations).toEqual([]);
  });
});
