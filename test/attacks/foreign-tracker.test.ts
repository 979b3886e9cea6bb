import { startHarness, type Harness } from "../../sim/harness.js";
import type { Account, Advisory, Repo } from "../../sim/world.js";

/**
 * A non-member who administers some private repository of the installation makes it look like a
 * tracker: its own `.github/secwg.yml` names it the tracker and points at a roster in which she
 * holds every signer role, and an issue she wrote carries the markers of a real report. None of it
 * carries authority: the tracker is the one the organisation's policy names, and a report is an
 * issue secwg opened.
 */
describe("attack: a private repository posing as the tracker, with its own roster", () => {
  let h: Harness;
  let advisory: Advisory;
  let lair: Repo;
  let mallory: Account;

  beforeAll(async () => {
    h = await startHarness();
    const world = h.sim.world;
    mallory = h.org.mallory;
    lair = world.addRepo(h.org.org, "mallory-notes", {
      private: true,
      files: {
        ".github/secwg.yml": "group:\n  repo: mallory-notes\n  tracker: mallory-notes\n  roster: ROSTER.yml\n",
        "ROSTER.yml": [
          "members:",
          `  - login: ${mallory.login}`,
          `    id: ${mallory.id}`,
          "    roles: [chair, co-chair, board-liaison]",
          "    joined: 2025-01-01",
          "    term_ends: 2027-12-31",
          "    tracker_access: true",
          "",
        ].join("\n"),
      },
    });
    lair.collaborators.set(mallory.id, "admin");
    advisory = await h.act(() => world.reportVulnerability(h.org.webapp, h.org.frank, { summary: "SQL injection in search", description: "details", severity: "high" }));
    const fake = await h.act(() =>
      world.createIssue(lair, mallory, {
        title: `${advisory.ghsa_id} in acme/webapp`,
        body: `<!-- secwg:report:${advisory.ghsa_id} -->\n<!-- secwg:report-repo:acme/webapp -->\nTracking.`,
      }),
    );
    for (const command of ["/ack", "/triage valid", "/embargo 2020-01-01T10:00Z", "/approve", "/publish"]) {
      await h.act(() => world.addComment(lair, fake, mallory, command));
    }
    await h.sweep();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("leaves the advisory unpublished and untouched by her commands", () => {
    expect(advisory.state).toBe("triage");
    expect(advisory.collaborating_users.map((u) => u.id)).not.toContain(mallory.id);
  });

  it("answers nothing in her repository: no reply, no log entry, no echo", () => {
    const botWrites = lair.issues.flatMap((i) => i.comments).filter((c) => c.user.id === h.sim.bot.id);
    expect(botWrites).toEqual([]);
  });

  it("keeps the real report's log in the organisation's tracker with only secwg's intake entry", () => {
    const tracked = h.org.tracker.issues.find((i) => i.title.includes(advisory.ghsa_id));
    expect(tracked).toBeDefined();
    const entries = (tracked?.comments ?? []).filter((c) => c.user.id === h.sim.bot.id && /\*\*Log #\d+\*\*/.test(c.body));
    expect(entries.map((c) => /· ([a-z-]+) ·/.exec(c.body)?.[1])).toEqual(["reported"]);
  });
});
