import { startHarness, type Harness } from "../../sim/harness.js";
import type { Account, Advisory, Issue } from "../../sim/world.js";

/**
 * Every member renames their account; strangers register the old logins. The roster still lists
 * the old logins (display names) with the members' ids. A new private report must reach members
 * only: assignment and advisory collaboration follow the ids.
 */
describe("attack: a renamed member's old login registered by a stranger", () => {
  let h: Harness;
  let advisory: Advisory;
  let issue: Issue;
  const strangers: Account[] = [];

  beforeAll(async () => {
    h = await startHarness();
    const world = h.sim.world;
    for (const [i, member] of Object.values(h.org.members).entries()) {
      const old = member.login;
      member.login = `${old}-renamed`;
      strangers.push(world.addAccount(old, "User", 8_000_000 + i));
    }
    advisory = await h.act(() => world.reportVulnerability(h.org.webapp, h.org.mallory, { summary: "Open redirect", description: "next= is not checked" }));
    issue = h.org.tracker.issues.find((i) => i.title.includes(advisory.ghsa_id)) as Issue;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("assigns the tracker issue to a member by id, never to the stranger holding the old login", () => {
    const memberIds = Object.values(h.org.members).map((m) => m.id);
    expect(issue.assignees.length).toBe(1);
    expect(memberIds).toContain(issue.assignees[0]?.id);
  });

  it("adds no stranger as a collaborator on the private advisory", () => {
    const strangerIds = new Set(strangers.map((s) => s.id));
    expect(advisory.collaborating_users.filter((u) => strangerIds.has(u.id))).toEqual([]);
    expect(advisory.collaborating_users.length).toBeGreaterThan(0);
  });

  it("mentions no stranger in the tracker", () => {
    const logins = strangers.map((s) => s.login);
    for (const comment of [issue.body ?? "", ...issue.comments.map((c) => c.body)]) {
      for (const login of logins) expect(comment).not.toMatch(new RegExp(`@${login}(?![-\\w])`));
    }
  });
});
