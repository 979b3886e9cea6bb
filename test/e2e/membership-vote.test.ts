import { startHarness, type Harness } from "../../sim/harness.js";
import { membershipVote } from "../../sim/scenarios.js";
import type { Issue } from "../../sim/world.js";

describe("end to end: a membership request voted in", () => {
  let h: Harness;
  let pr: Issue;

  beforeAll(async () => {
    h = await startHarness();
    await membershipVote.run(h, () => {});
    pr = h.sim.world.issue(h.org.groupRepo, 1) as Issue;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("opens one vote comment that the members can react to", () => {
    expect(pr.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:vote:"))).toHaveLength(1);
  });

  it("closes the vote early once three of the five members said yes, and labels it passed", () => {
    expect(pr.labels).toContain("vote: passed");
    expect(pr.labels).not.toContain("vote: open");
  });

  it("merges the request with the new member's dates filled in and adds them to the team", () => {
    expect(pr.pull?.merged).toBe(true);
    const roster = h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") ?? "";
    expect(roster).toMatch(new RegExp(`id: ${h.org.frank.id}\\n[\\s\\S]*joined: \\d{4}-\\d{2}-\\d{2}`));
    expect(h.sim.world.team("acme", "security-wg")?.members.has(h.org.frank.id)).toBe(true);
  });

  it("records the result once in the tracker's votes log", () => {
    const log = h.org.tracker.issues.find((i) => i.title === "Votes log");
    expect(log?.comments.filter((c) => c.body.includes("passed"))).toHaveLength(1);
  });

  // secwg's own push of `joined`/`term_ends` produces pull_request.synchronize, delivered after the
  // merge, when the base branch already holds the entry: the handler must leave the request alone.
  // The merged commit is secwg's own; branch protection requiring the checks needs them on it.
  it("merges a commit that carries passing membership and vote checks, and no failing one", () => {
    const head = pr.pull?.head.sha;
    const latest = (name: string) => h.org.groupRepo.checkRuns.filter((r) => r.head_sha === head && r.name === name).sort((a, b) => b.id - a.id)[0];
    expect(latest("secwg / membership")?.conclusion).toBe("success");
    expect(latest("secwg / vote")?.conclusion).toBe("success");
    expect(pr.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes("cannot go to a vote"))).toEqual([]);
  });

  // The vote governs the request; a pending review gate would block the merge the vote makes.
  it("does not hold the request for security review, although its answers name XSS and CSRF", () => {
    expect(pr.labels).not.toContain("security-review");
    expect(pr.pull?.requested_reviewers).toEqual([]);
    const review = h.org.groupRepo.checkRuns.filter((r) => r.head_sha === pr.pull?.head.sha && r.name === "secwg / security review").sort((a, b) => b.id - a.id)[0];
    expect(review).toMatchObject({ status: "completed", conclusion: "neutral" });
  });

  it("makes only documented requests with valid bodies", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
