import { startHarness, type Harness } from "../../sim/harness.js";
import type { Advisory, Issue } from "../../sim/world.js";

/**
 * A sign-off covers exactly what the signers read: everything publication makes public and the
 * release time, as it was when the `/approve` comment was written.
 */
describe("attack: stretching a sign-off over something the signers never approved", () => {
  let h: Harness;
  let ghsa: string;
  let tracker: Issue;
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs);
  const say = (who: keyof Harness["org"]["members"], body: string) => h.act(() => h.sim.world.addComment(h.org.tracker, tracker, h.org.members[who], body));
  const advisory = () => h.sim.world.advisory(h.org.webapp, ghsa) as Advisory;
  const lastReply = () => tracker.comments.filter((c) => c.user.id === h.sim.bot.id).at(-1)?.body ?? "";
  const loggedEvents = () => tracker.comments.filter((c) => c.user.id === h.sim.bot.id && /\*\*Log #\d+\*\*/.test(c.body)).map((c) => /· ([a-z-]+) ·/.exec(c.body)?.[1]);

  beforeEach(async () => {
    h = await startHarness();
    await h.act(() => {
      ghsa = h.sim.world.reportVulnerability(h.org.webapp, h.org.mallory, {
        summary: "Stored XSS in the banner",
        description: "mark_safe on admin input",
        severity: "high",
        package: { ecosystem: "pip", name: "acme-webapp" },
        vulnerable_version_range: "< 2.4.1",
      }).ghsa_id;
    });
    tracker = h.org.tracker.issues.find((i) => i.title.includes(ghsa)) as Issue;
    for (const command of ["/ack", "/triage valid", "/severity high"]) await say("bob", command);
  });
  afterEach(async () => {
    await h?.stop();
  });

  it("a member moving the release time after two signers approved voids the sign-off: the sweep does not publish", async () => {
    const release = new Date(Date.UTC(2030, 0, 8, 14, 0)); // a Tuesday, far out
    await say("bob", `/embargo ${release.toISOString().slice(0, 16)}Z`);
    await say("alice", "/approve");
    await say("carol", "/approve");
    expect(loggedEvents().filter((e) => e === "approved")).toHaveLength(2);

    // dave is a plain member: /embargo is a member command.
    const soon = at(10 * 60_000);
    if ([0, 6].includes(soon.getUTCDay())) return; // the seeded policy forbids weekend releases; nothing to prove then
    await say("dave", `/embargo ${soon.toISOString().slice(0, 16)}Z`);
    expect(loggedEvents().at(-1)).toBe("embargo-set");

    await h.sweep(at(20 * 60_000));
    expect(advisory().state).toBe("draft");
    expect(tracker.comments.some((c) => c.user.id === h.sim.bot.id && c.body.includes("did **not** publish"))).toBe(true);
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });

  it("credits, weakness ids and the CVE are covered too: adding a credit after sign-off voids it", async () => {
    await say("bob", `/embargo ${new Date(Date.UTC(2030, 0, 8, 14, 0)).toISOString().slice(0, 16)}Z`);
    await say("alice", "/approve");
    await say("carol", "/approve");
    await say("dave", "/credit @mallory finder");
    await say("alice", "/publish");
    expect(lastReply()).toContain("`/publish` was not applied");
    expect(advisory().state).toBe("draft");
  });

  it("an /approve written before an edit of the advisory is refused, even if processed after it", async () => {
    await say("bob", `/embargo ${new Date(Date.UTC(2030, 0, 8, 14, 0)).toISOString().slice(0, 16)}Z`);
    const world = h.sim.world;
    const written = new Date(Date.now() + 5_000);
    await h.act(() => {
      world.clock = () => written;
      world.addComment(h.org.tracker, tracker, h.org.members.alice, "/approve");
      // Before secwg handles the comment (queue delay, retry), the text changes on GitHub.
      world.clock = () => new Date(written.getTime() + 2_000);
      const a = advisory();
      a.description = "rewritten: the fix is not needed after all";
      a.updated_at = world.now();
    });
    expect(lastReply()).toContain("`/approve` was not applied");
    expect(lastReply()).toContain("after this command was written");
    expect(loggedEvents()).not.toContain("approved");
  });

  it("an /approve naming the hash shown by /status is refused once the content moved on", async () => {
    await say("bob", `/embargo ${new Date(Date.UTC(2030, 0, 8, 14, 0)).toISOString().slice(0, 16)}Z`);
    await say("alice", "/status");
    const shown = /`\/approve ([0-9a-f]{8})`/.exec(lastReply())?.[1];
    expect(shown).toMatch(/^[0-9a-f]{8}$/);
    await say("dave", "/cwe CWE-79");
    await say("alice", `/approve ${shown}`);
    expect(lastReply()).toContain(`you approved \`${shown}\``);
    expect(loggedEvents()).not.toContain("approved");
  });
});
