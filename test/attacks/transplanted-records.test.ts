import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { membershipBody as membershipBodyFor, triagedReport } from "./helpers.js";

/**
 * secwg's records are signed and bound to their object. Someone with write access edits secwg's
 * own comments (GitHub lets repository writers edit any comment) to carry a valid record taken
 * from another pull request, another tracker issue or a file name. The copied record must grant
 * nothing: the review stays required, the vote is not acted on, the report log does not move, and
 * the signers are told once in the private tracker.
 */
describe("attack: signed records copied to another object", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const RECORD = /<!-- secwg-review-record:[A-Za-z0-9_-]+\.[0-9a-f]{32} -->/;
  const checklistOf = (pr: Issue) => pr.comments.find((c) => c.user.id === h.sim.bot.id && c.body.includes(`<!-- secwg:review-checklist:${pr.number} -->`));
  const reviewCheck = (pr: Issue) => {
    const runs = h.org.webapp.checkRuns.filter((r) => r.name === "secwg / security review" && r.head_sha === pr.pull?.head.sha);
    return runs.at(-1);
  };
  const trackerReports = () =>
    h.org.tracker.issues.flatMap((i) => i.comments).filter((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:untrusted-record:"));

  async function forcedReview(branch: string): Promise<Issue> {
    const { webapp, frank, members } = h.org;
    const world = h.sim.world;
    const pr: Issue = await h.act(() => world.openPull(webapp, frank, { title: "Docs", branch, changes: { "README.md": `# webapp\n\n${branch}\n` } }));
    await h.act(() => world.addComment(webapp, pr, members.bob, "/security-review"));
    expect(checklistOf(pr)?.body).toContain("needs security review");
    return pr;
  }

  /** A valid record that forces nothing: another pull request's, whose rule fired and whose change was then reverted. */
  async function donorRecord(branch: string): Promise<string> {
    const { webapp, frank } = h.org;
    const world = h.sim.world;
    const views = world.filesAt(webapp)?.get("auth/views.py") ?? "";
    const donor: Issue = await h.act(() => world.openPull(webapp, frank, { title: "Banner", branch, changes: { "auth/views.py": `${views}\n\ndef banner(request):\n    return mark_safe(request.GET.get('msg'))\n` } }));
    await h.act(() => world.pushToPull(webapp, donor, frank, { "auth/views.py": views }, "Revert"));
    const record = RECORD.exec(checklistOf(donor)?.body ?? "")?.[0];
    if (!record) throw new Error("no donor record");
    return record;
  }

  it("(d) a review record copied from another pull request's checklist does not cancel a member's /security-review", async () => {
    const { webapp, frank } = h.org;
    const admin = h.org.members.alice;
    const world = h.sim.world;
    const victim = await forcedReview("docs-victim");
    const copied = await donorRecord("banner-donor");

    const comment = checklistOf(victim);
    if (!comment) throw new Error("no checklist");
    await h.act(() => world.editComment(webapp, comment, admin, comment.body.replace(RECORD, copied)));
    await h.act(() => world.pushToPull(webapp, victim, frank, { "README.md": "# webapp\n\nMore.\n" }, "More docs"));

    expect(checklistOf(victim)?.body).toContain("needs security review");
    expect(reviewCheck(victim)).toMatchObject({ status: "in_progress" });
    const told = trackerReports().filter((c) => c.body.includes(`<!-- secwg:untrusted-record:${comment.id} -->`));
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toMatch(/@alice/);

    // Idempotent: another event reports nothing more.
    await h.act(() => world.pushToPull(webapp, victim, frank, { "README.md": "# webapp\n\nEven more.\n" }, "Even more"));
    expect(trackerReports().filter((c) => c.body.includes(`<!-- secwg:untrusted-record:${comment.id} -->`))).toHaveLength(1);
  });

  it("(d) a review record smuggled in through a file name does not cancel a member's /security-review", async () => {
    const { webapp, frank } = h.org;
    const world = h.sim.world;
    const pr = await forcedReview("docs-filename");
    const planted = await donorRecord("banner-donor-2");
    // A second record (a valid one that forces nothing) inside a file name that a rule reports in the checklist.
    const views = world.filesAt(webapp)?.get("auth/views.py") ?? "";
    await h.act(() =>
      world.pushToPull(webapp, pr, frank, { [`auth/x${planted}.py`]: `def banner(request):\n    return mark_safe(request.GET.get('msg'))\n`, "auth/views.py": views }, "Add a view"),
    );
    await h.act(() => world.pushToPull(webapp, pr, frank, { [`auth/x${planted}.py`]: null }, "Remove it again"));

    expect(checklistOf(pr)?.body).toContain("needs security review");
    expect(checklistOf(pr)?.body.match(new RegExp(RECORD.source, "g"))).toHaveLength(1);
    expect(reviewCheck(pr)).toMatchObject({ status: "in_progress" });
  });

  it("(f) a valid log record copied into another report's tracker issue is ignored and reported once", async () => {
    const { tracker } = h.org;
    const admin = h.org.members.alice;
    const world = h.sim.world;
    const first = await triagedReport(h);
    const second = await triagedReport(h);
    const fromFirst = first.issue.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes("secwg:log-record:")).at(-1);
    const target = second.issue.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes("secwg:log-record:")).at(-1);
    if (!fromFirst || !target) throw new Error("no log entries");
    const copied = /<!-- secwg:log-record:[^>]+-->/.exec(fromFirst.body)?.[0] as string;
    await h.act(() => world.editComment(tracker, target, admin, target.body.replace(/<!-- secwg:log-record:[^>]+-->/, copied)));
    await h.act(() => world.addComment(tracker, second.issue, h.org.members.bob, "/status"));
    await h.sweep();

    const told = second.issue.comments.filter((c) => c.user.id === h.sim.bot.id && c.body.includes(`<!-- secwg:untrusted-record:${target.id} -->`));
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain("another report");
    expect(second.advisory.state).not.toBe("published");
  });

  it("(f) a valid vote record copied into another membership request's vote comment is not acted on and is reported once", async () => {
    const { groupRepo, frank, members } = h.org;
    const admin = members.alice;
    const world = h.sim.world;
    const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") ?? "";
    const request = (branch: string) =>
      h.act(() =>
        world.openPull(groupRepo, frank, {
          title: "Membership request: frank",
          body: membershipBodyFor(h),
          branch,
          changes: { "MEMBERS.yml": `${roster.trimEnd()}\n  - login: ${frank.login}\n    id: ${frank.id}\n    roles: [member]\n` },
        }),
      );
    const donor: Issue = await request("join-frank-donor");
    const victim: Issue = await request("join-frank-victim");
    const voteOf = (pr: Issue) => pr.comments.find((c) => c.user.id === h.sim.bot.id && c.body.includes("secwg:vote-record:"));
    const donorRecord = /<!-- secwg:vote-record:[^>]+-->/.exec(voteOf(donor)?.body ?? "")?.[0];
    const vote = voteOf(victim);
    if (!donorRecord || !vote) throw new Error("no votes");
    await h.act(() => world.editComment(groupRepo, vote, admin, vote.body.replace(/<!-- secwg:vote-record:[^>]+-->/, donorRecord)));
    for (const m of [members.alice, members.bob, members.carol]) await h.act(() => world.react(vote, m, "+1"));
    await h.sweep();
    await h.sweep();

    expect(victim.pull?.merged ?? false).toBe(false);
    expect(trackerReports().filter((c) => c.body.includes(`<!-- secwg:untrusted-record:${vote.id} -->`))).toHaveLength(1);
  });

  it("makes only documented requests", () => {
    expect(h.sim.violations).toEqual([]);
  });
});
