import { startHarness, type Harness } from "../../sim/harness.js";
import { openFranksMembershipRequest } from "../../sim/scenarios.js";
import type { Comment, Issue } from "../../sim/world.js";

const until = async (condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

/**
 * The sweep a serving process runs on its timer and the webhook work on the same vote: the sweep
 * starts while the comment that closes the vote is still being handled (the vote record already
 * says passed, the `vote: open` label is still on, so the sweep sees "an interrupted close"), with
 * GitHub failing some calls. The sweep's work on the vote waits for the event's; the request ends
 * merged with one welcome, one votes-log entry and one check run per name and head.
 */
describe.each([3, 8])("end to end: the in-process sweep while a webhook closes the same vote (fault seed %i)", (seed) => {
  let h: Harness;
  let pr: Issue;
  let logFrom = 0;
  const bot = () => h.sim.bot.id;
  const voteComment = (): Comment | undefined => pr.comments.find((c) => c.user.id === bot() && c.body.includes("<!-- secwg:vote:"));

  beforeAll(async () => {
    h = await startHarness();
    pr = await h.act(() => openFranksMembershipRequest(h));
    const comment = voteComment();
    if (!comment) throw new Error("no vote opened");
    const { members } = h.org;
    for (const m of [members.alice, members.bob, members.carol]) h.sim.world.react(comment, m, "+1");
    logFrom = h.sim.log.length;
    // Slow enough that the close is still running when the sweep starts; 5xx and dropped
    // connections that the client's retries absorb.
    h.sim.configure({ latencyMs: 15, faults: { rate: 0.08, seed, kinds: ["5xx", "connection-reset"] } });

    h.sim.world.addComment(h.org.groupRepo, pr, members.dave, "Welcome aboard, if it passes!");
    await until(() => /passed/i.test(voteComment()?.body ?? "") && pr.labels.includes("vote: open"), "the webhook's run to record the close");
    const sweep = h.sweep(new Date(), { inProcess: true });
    await Promise.all([sweep, h.settle()]);
    h.sim.configure({ latencyMs: 0, faults: { rate: 0 } });
    await h.settle();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it("merges the request and adds frank to the team", () => {
    expect(pr.pull?.merged).toBe(true);
    expect(h.sim.world.team("acme", "security-wg")?.members.has(h.org.frank.id)).toBe(true);
    expect(pr.labels).toContain("vote: passed");
    expect(pr.labels).not.toContain("vote: open");
  });

  it("ends with one outcome message, the welcome", () => {
    const outcomes = pr.comments.filter((c) => c.user.id === bot() && c.body.includes("<!-- secwg:vote-result:"));
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.body).toContain("Welcome to the Security Working Group");
    expect(outcomes[0]?.body).not.toContain("did not merge");
  });

  it("writes one votes-log issue and one entry, never a duplicate", () => {
    // The sweep's dashboard and weekly audit issues live in the tracker too; this is about the votes log.
    const logs = h.org.tracker.issues.filter((i) => i.user.id === bot() && i.labels.includes("secwg: votes log"));
    expect(logs.map((i) => i.title)).toEqual(["Votes log"]);
    expect(logs[0]?.comments.filter((c) => c.user.id === bot())).toHaveLength(1);
    const created = h.sim
      .writes(logFrom)
      .filter((w) => w.method === "POST" && w.path.startsWith("/repos/acme/security-tracker/issues"))
      .filter((w) => w.path !== "/repos/acme/security-tracker/issues" || (w.body as { title?: string } | undefined)?.title === "Votes log");
    expect(created.map((w) => w.path)).toEqual(["/repos/acme/security-tracker/issues", `/repos/acme/security-tracker/issues/${logs[0]?.number}/comments`]);
  });

  it("has one check run per name and head commit", () => {
    const runs = h.org.groupRepo.checkRuns.filter((r) => r.name.startsWith("secwg /"));
    const keys = runs.map((r) => `${r.name} @ ${r.head_sha}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("actually injected faults, and leaves no work failed", () => {
    expect(h.sim.log.slice(logFrom).filter((e) => e.fault !== null).length).toBeGreaterThan(0);
    expect(h.failedWork).toEqual([]);
  });
});
