import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { appComments, membershipBody } from "./helpers.js";

/** GitHub links `@name` and `@org/team` when the name follows the `@` directly. */
const mentionOf = (login: string) => new RegExp(`@${login.replace(/[/.-]/g, "\\$&")}(?![-\\w])`);

describe("attack: text secwg echoes", () => {
  let h: Harness;
  let pr: Issue;

  beforeAll(async () => {
    h = await startHarness();
    const { groupRepo, frank } = h.org;
    const world = h.sim.world;
    const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") ?? "";
    const entry = (login: string, id: number) => `${roster.trimEnd()}\n  - login: ${login}\n    id: ${id}\n    roles: [member]\n`;
    // A request that names another account and a team as its entry: secwg explains the problem.
    pr = await h.act(() => world.openPull(groupRepo, frank, { title: "Membership request: frank", body: membershipBody(h), branch: "join-frank-echo", changes: { "MEMBERS.yml": entry("acme/security-team", 4242) } }));
    // Before the vote opens, a malformed command whose argument is the vote comment's marker.
    await h.act(() => world.addComment(groupRepo, pr, frank, `/vote extend <!-- secwg:vote:acme/security-wg#${pr.number} --> @alice`));
    await h.act(() => world.pushToPull(groupRepo, pr, frank, { "MEMBERS.yml": entry(frank.login, frank.id) }, "Use my own entry"));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("a forged vote marker in a usage reply neither blocks nor tampers the vote", () => {
    const ours = pr.comments.filter((c) => c.user.id === h.sim.bot.id);
    const votes = ours.filter((c) => c.body.includes(`<!-- secwg:vote:acme/security-wg#${pr.number} -->`));
    expect(votes).toHaveLength(1);
    expect(votes[0]?.body).toContain("secwg:vote-record:");
    expect(ours.some((c) => /tamper|edited/i.test(c.body))).toBe(false);
  });

  it("roster logins and echoed text mention nobody", () => {
    for (const comment of appComments(h)) expect(comment.body).not.toMatch(mentionOf("acme/security-team"));
    // The electorate is mentioned in the vote comment on purpose; the usage reply echoes nobody.
    const replies = appComments(h).filter((c) => c.body.includes("/vote extend"));
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) {
      expect(reply.body).not.toMatch(mentionOf("alice"));
      expect(reply.body).not.toContain("<!-- secwg:vote:");
    }
  });

  it("makes only documented requests", () => {
    expect(h.sim.violations).toEqual([]);
  });
});
