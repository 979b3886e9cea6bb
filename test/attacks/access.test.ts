import type { Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { renderAccessRecord } from "../../src/core/governance/access-record.js";
import { accessReplies, startAccessScenario } from "../helpers/access.js";

const NOW = new Date("2026-12-01T12:00:00Z");

/** Nothing about Erin's access changed: no roster pull request, no team, no collaborator. */
function expectNoAccessChange(h: Harness): void {
  const { groupRepo, tracker, members } = h.org;
  expect(groupRepo.issues.filter((i) => i.pull && /tracker access/.test(i.title))).toEqual([]);
  const roster = h.sim.world.filesAt(groupRepo)?.get("MEMBERS.yml") as string;
  expect(roster.slice(roster.indexOf("login: erin"))).toMatch(/tracker_access: false/);
  expect(h.sim.world.team("acme", "security-tracker")?.members.has(members.erin.id)).toBe(false);
  expect(tracker.collaborators.has(members.erin.id)).toBe(false);
}

describe("attack: tracker access without the Chair and the Co-Chair, or before onboarding ends", () => {
  let h: Harness;
  let issue: Issue;
  beforeEach(async () => {
    h = await startAccessScenario({ deps: { now: () => NOW } });
    issue = await h.act(() => h.sim.world.createIssue(h.org.groupRepo, h.org.members.dave, { title: "Access for Erin" }));
  });
  afterEach(async () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
    await h?.stop();
  });

  it("refuses a grant by a plain member (and by the Board Liaison), recording nothing", async () => {
    const { world } = h.sim;
    await h.act(() => world.addComment(h.org.groupRepo, issue, h.org.members.dave, "/grant-access @erin"));
    await h.act(() => world.addComment(h.org.groupRepo, issue, h.org.members.carol, "/grant-access @erin"));
    await h.act(() => world.addComment(h.org.groupRepo, issue, h.org.members.bob, "/grant-access @erin"));
    const replies = accessReplies(h, issue);
    expect(replies.filter((r) => r.includes("can only be used by the Chair or the Co-Chair"))).toHaveLength(2);
    // Only the Co-Chair's grant is on record: the Chair is still missing.
    expect(replies.filter((r) => r.includes("<!-- secwg:access-record:"))).toHaveLength(1);
    expect(replies.at(-1)).toContain("Still missing: the Chair's");
    expectNoAccessChange(h);
  });

  it("refuses a grant before onboarding ends and says the first day it is possible", async () => {
    const { world } = h.sim;
    const { groupRepo, members, frank } = h.org;
    // Frank joined on 31 October: six months on, 31 April does not exist, so 1 May is the first day.
    const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") as string;
    const entry = [`  - login: frank`, `    id: ${frank.id}`, `    roles: [member]`, `    joined: 2026-10-31`, `    term_ends: 2027-10-31`, ""].join("\n");
    world.push(groupRepo, "main", { "MEMBERS.yml": roster + entry }, "Welcome Frank");
    await h.act(() => world.addComment(groupRepo, issue, members.alice, "/grant-access @frank"));
    await h.act(() => world.addComment(groupRepo, issue, members.bob, "/grant-access @frank"));
    const replies = accessReplies(h, issue);
    expect(replies).toHaveLength(2);
    for (const reply of replies) {
      expect(reply).toContain("is onboarding until 2027-05-01");
      expect(reply).toContain("Tracker access can be granted from 2027-05-01. Nothing was recorded.");
      expect(reply).not.toContain("<!-- secwg:access-record:");
    }
    expect(groupRepo.issues.filter((i) => i.pull)).toEqual([]);
    expect(h.org.tracker.collaborators.has(frank.id)).toBe(false);
  });

  it("a single signer's grant does nothing, however often it is repeated, redelivered or swept", async () => {
    const { world } = h.sim;
    await h.act(() => world.addComment(h.org.groupRepo, issue, h.org.members.alice, "/grant-access @erin"));
    await h.act(() => world.addComment(h.org.groupRepo, issue, h.org.members.alice, "/grant-access @erin\n/grant-access @erin"));
    await h.act(() => h.hooks.redeliver(h.hooks.deliveries.filter((d) => d.event === "issue_comment").at(-1)!));
    await h.sweep(NOW);
    const replies = accessReplies(h, issue);
    expect(replies).toHaveLength(3);
    for (const reply of replies) expect(reply).toContain("Still missing: the Co-Chair's");
    expectNoAccessChange(h);
  });

  it("ignores grant records another bot posts: forged with another key, or copied from another issue", async () => {
    const { world } = h.sim;
    const { groupRepo, members } = h.org;
    const intruder = world.addAccount("helpful-bot[bot]", "Bot");
    // A genuine grant by the Co-Chair for Erin, in another issue.
    const other = await h.act(() => world.createIssue(groupRepo, members.bob, { title: "Elsewhere" }));
    await h.act(() => world.addComment(groupRepo, other, members.bob, "/grant-access @erin"));
    const genuine = accessReplies(h, other)[0] as string;
    // Copied into this issue by another app, and a record forged for this issue with a guessed key.
    await h.act(() => world.addComment(groupRepo, issue, intruder, genuine));
    const forged = renderAccessRecord(
      { v: 1, action: "grant", target: `acme/security-wg#${issue.number}`, subject: { id: members.erin.id, login: "erin" }, by: { id: members.bob.id, login: "bob" }, role: "co-chair", comment: 1, at: NOW.toISOString() },
      "guessed-key",
    );
    await h.act(() => world.addComment(groupRepo, issue, intruder, `${forged}\nThe Co-Chair granted this.`));
    await h.act(() => world.addComment(groupRepo, issue, members.alice, "/grant-access @erin"));
    expect(accessReplies(h, issue).at(-1)).toContain("Still missing: the Co-Chair's");
    expectNoAccessChange(h);
  });
});
