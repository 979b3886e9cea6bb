import { startHarness, type Harness } from "../../sim/harness.js";
import type { Advisory, Issue } from "../../sim/world.js";

/**
 * Commands a reader of the tracker issue cannot see: quoted, in code, in an HTML comment, in a collapsed
 * `<details>`, or a lazy continuation of a quote. Each is written by a real member or signer, so the
 * permission check passes: only the parser stands between the hidden text and the action.
 */
describe("attack: commands hidden from readers of a comment", () => {
  let h: Harness;
  let advisory: Advisory;
  let tracked: Issue;

  const logged = () => tracked.comments.filter((c) => c.user.id === h.sim.bot.id && /\*\*Log #\d+\*\*/.test(c.body)).map((c) => /· ([a-z-]+) ·/.exec(c.body)?.[1]);
  const say = (who: "alice" | "bob" | "carol" | "dave", text: string) => h.act(() => h.sim.world.addComment(h.org.tracker, tracked, h.org.members[who], text));

  beforeAll(async () => {
    h = await startHarness();
    const { webapp, tracker, mallory } = h.org;
    let ghsa = "";
    await h.act(() => {
      ghsa = h.sim.world.reportVulnerability(webapp, mallory, {
        summary: "Open redirect in the login form",
        description: "The next parameter is not checked.",
        severity: "medium",
        package: { ecosystem: "pip", name: "acme-webapp" },
        vulnerable_version_range: "< 2.4.1",
      }).ghsa_id;
    });
    advisory = webapp.advisories.find((a) => a.ghsa_id === ghsa) as Advisory;
    tracked = tracker.issues.find((i) => i.title.includes(ghsa)) as Issue;
    const release = new Date(Date.now() + 10 * 86_400_000);
    release.setUTCHours(14, 0, 0, 0);
    await say("bob", "/ack");
    await say("bob", "/triage valid");
    await say("bob", "/severity high");
    await say("bob", `/embargo ${release.toISOString().slice(0, 16)}Z`);
    expect(logged()).toEqual(["reported", "acknowledged", "triaged", "severity-set", "embargo-set"]);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("does not run a signer's quote of someone else's /approve, in a block quote or as its lazy continuation", async () => {
    await say("carol", "> Alice wrote:\n> /approve\n\nI am not ready to sign this yet.");
    await say("carol", "> Alice asked us to run\n/approve\n\nbut I have not read the text yet.");
    expect(logged()).not.toContain("approved");
  });

  it("does not run an /approve shown as code, in a fence or an indented block", async () => {
    await say("alice", "Once it reads well, sign with:\n\n```\n/approve\n```");
    await say("alice", "Or with:\n\n    /approve");
    await say("alice", "- sign with\n  ~~~\n  /approve\n  ~~~");
    expect(logged()).not.toContain("approved");
  });

  it("does not run a member's /severity hidden in an HTML comment of a harmless-looking comment", async () => {
    await say("dave", "+1, thanks for the quick triage!\n<!--\n/severity low\n-->");
    expect(logged().filter((e) => e === "severity-set")).toHaveLength(1);
  });

  it("does not run a signer's /publish hidden in a collapsed <details> after both sign-offs", async () => {
    await say("alice", "/approve");
    await say("carol", "Read it twice.\n\n/approve");
    expect(logged().filter((e) => e === "approved")).toHaveLength(2);
    await say("alice", "<details><summary>Release notes draft</summary>\n\n/publish\n\n</details>");
    expect(logged()).not.toContain("published");
    expect(advisory.state).not.toBe("published");
  });

  it("makes only documented requests and finishes its work", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
