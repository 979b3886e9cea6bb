import { startHarness, type Harness } from "../../sim/harness.js";
import { membershipVote, publicWritesContaining, REPORT_CANARY, securityReview, vulnerabilityReport } from "../../sim/scenarios.js";
import type { Advisory, Issue } from "../../sim/world.js";
import { nextQuarter, quarterLabel, quarterOf, quarterRange, type Quarter } from "../../src/core/board-report/quarter.js";

/** A second report, triaged valid but never published: only its count may reach the board report. */
const UNPUBLISHED_CANARY = "CANARY-2b81e4-unpublished-report";

/**
 * A quarter of the group's activity played on the simulator (a membership vote, a security review,
 * a report published at its embargo time and another still under embargo), then the sweep in the
 * first working week of the next quarter, the signers' sign-off and the public pull request.
 */
describe("end to end: the quarterly board report from a quarter of activity to the group repository", () => {
  let h: Harness;
  let published: Advisory;
  let unpublished: Advisory;
  let quarter: Quarter;
  let label: string;
  /** Whether both reports were received in the reported quarter (false only when the scenario straddles a quarter's end). */
  let receivedInQuarter: boolean;
  let sweepAt: Date;
  const boardIssues = () => h.org.tracker.issues.filter((i) => i.labels.includes("secwg:board-report"));
  const ours = (issue: Issue, from: number) => issue.comments.slice(from).filter((c) => c.user.id === h.sim.bot.id);
  /** secwg's replies to commands, without their marker line. */
  const botReplies = (issue: Issue, from: number) => ours(issue, from).filter((c) => /^<!-- secwg:(board-report-)?reply:/.test(c.body)).map((c) => c.body.replace(/^<!--.*-->\n/, ""));
  /** The signed sign-off records: `approved by @alice`, `proposed for publication by @carol`. */
  const signOffs = (issue: Issue) => ours(issue, 0).map((c) => /\*\*Sign-off #\d+\*\* · ([\w ]+ by @\w+)/.exec(c.body)?.[1]).filter(Boolean);
  const comment = (issue: Issue, who: keyof Harness["org"]["members"], text: string) => h.act(() => h.sim.world.addComment(h.org.tracker, issue, h.org.members[who], text));

  beforeAll(async () => {
    h = await startHarness();
    const startedAt = new Date();
    await membershipVote.run(h, () => {});
    await securityReview.run(h, () => {});
    await vulnerabilityReport.run(h, () => {});
    published = h.org.webapp.advisories[0] as Advisory;

    // Another report, acknowledged and triaged valid, still under embargo when the quarter ends.
    await h.act(() => {
      unpublished = h.sim.world.reportVulnerability(h.org.webapp, h.org.mallory, {
        summary: `Open redirect after login ${UNPUBLISHED_CANARY}`,
        description: `The next parameter is not checked. Proof of concept: ${UNPUBLISHED_CANARY}`,
        severity: "medium",
      });
    });
    let tracked = h.org.tracker.issues.find((i) => i.title.includes(unpublished.ghsa_id));
    if (!tracked) {
      await h.sweep();
      tracked = h.org.tracker.issues.find((i) => i.title.includes(unpublished.ghsa_id));
    }
    for (const text of ["/ack", "/triage valid", "/severity moderate"]) await comment(tracked as Issue, "bob", text);

    // The quarter reported on is the one the publication (the sweep after the embargo time) fell in.
    const publishedTracker = h.org.tracker.issues.find((i) => i.title.includes(published.ghsa_id)) as Issue;
    const embargo = /\/embargo (\S+)/.exec(publishedTracker.comments.map((c) => c.body).join("\n"))?.[1] ?? "";
    quarter = quarterOf(new Date(Date.parse(embargo) + 60_000), "UTC");
    label = quarterLabel(quarter);
    receivedInQuarter = quarterLabel(quarterOf(startedAt, "UTC")) === label;
    // Noon on the quarter after's third day: within its first working week whatever the weekday.
    sweepAt = new Date(quarterRange(nextQuarter(quarter), "UTC").start.getTime() + 2 * 86_400_000 + 12 * 3_600_000);
  }, 120_000); // three whole scenarios on a shared machine
  afterAll(async () => {
    await h?.stop();
  });

  it("opens one board-report issue in the private tracker when the sweep runs in the next quarter's first working week", async () => {
    await h.sweep(sweepAt);
    const issues = boardIssues();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.title).toBe(`Board report ${label}`);
    expect(issues[0]?.body).toContain(`<!-- secwg:board-report:${label} -->`);
    expect(h.org.tracker.private).toBe(true);
  });

  it("writes nothing on a second sweep", async () => {
    const from = h.sim.log.length;
    await h.sweep(sweepAt);
    expect(h.sim.writes(from)).toEqual([]);
    expect(boardIssues()).toHaveLength(1);
  });

  it("reports the published advisory by its public facts and the unpublished one only as a count", () => {
    const body = boardIssues()[0]?.body ?? "";
    expect(body).toContain(`${receivedInQuarter ? 2 : 0} report${receivedInQuarter ? "s" : ""} received.`);
    expect(body).toMatch(new RegExp(`\\| \\[${published.ghsa_id}\\]\\([^)]+\\) \\| none \\| high \\| \\d{4}-\\d{2}-\\d{2} \\|`));
    expect(body).toContain("Valid reports not yet published: 1 (1 moderate).");
    expect(body).not.toContain(unpublished.ghsa_id);
    expect(body).not.toContain(UNPUBLISHED_CANARY);
    expect(body).not.toContain(REPORT_CANARY);
  });

  it("lists the quarter's membership vote from its signed record, with the reactions counted", () => {
    const body = boardIssues()[0]?.body ?? "";
    if (!receivedInQuarter) return; // the vote closed in the quarter before the one reported on
    expect(body).toMatch(/\| \[membership\]\(https:\/\/github\.com\/acme\/security-wg\/issues\/\d+\) \| @frank \| passed \| \d+ \| 0 \| \d+ \| \d{4}-\d{2}-\d{2} \|/);
    expect(body).toContain("Joined: @frank");
  });

  it("refuses /publish-report from a member who is not a signer, and proposes nothing", async () => {
    const issue = boardIssues()[0] as Issue;
    const before = issue.comments.length;
    await comment(issue, "dave", "/publish-report");
    const replies = botReplies(issue, before);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^@dave `\/publish-report` can only be used by the Chair, the Co-Chair or the Board Liaison/);
    expect(signOffs(issue)).toEqual([]);
    expect(h.org.groupRepo.issues.filter((i) => i.pull && i.title === `Board report ${label}`)).toEqual([]);
  });

  it("records a signer's /approve-report, then proposes reports/YYYY-QN.md to the group repository on /publish-report", async () => {
    const issue = boardIssues()[0] as Issue;
    let from = issue.comments.length;
    await comment(issue, "alice", "/approve-report");
    expect(botReplies(issue, from)).toEqual([expect.stringMatching(new RegExp(`^@alice approved the ${label} report`))]);
    expect(signOffs(issue)).toEqual(["approved by @alice"]);
    from = issue.comments.length;
    await comment(issue, "carol", "/publish-report");
    expect(botReplies(issue, from)).toEqual([expect.stringMatching(new RegExp(`^@carol proposed the ${label} report to the group repository: acme/security-wg#\\d+`))]);
    expect(signOffs(issue)).toEqual(["approved by @alice", "proposed for publication by @carol"]);

    const pulls = h.org.groupRepo.issues.filter((i) => i.pull && i.title === `Board report ${label}`);
    expect(pulls).toHaveLength(1);
    const files = h.sim.world.filesAt(h.org.groupRepo, pulls[0]?.pull?.head.sha ?? "");
    const file = files?.get(`reports/${label}.md`) ?? "";
    expect(file).toContain(`# Security Working Group report, ${label}`);
    expect(file).toContain(published.ghsa_id);
    expect(file).toContain("Valid reports not yet published: 1 (1 moderate).");
  });

  it("never writes the unpublished report's text or id, nor the published report's private text, to a public repository", () => {
    // The search sees the report file itself (base64 in the contents API), so an absence below means something.
    const reportFile = publicWritesContaining(h, "Valid reports not yet published: 1 (1 moderate).");
    expect(reportFile.map((e) => `${e.method} ${decodeURIComponent(e.path)}`)).toEqual([`PUT /repos/acme/security-wg/contents/reports/${label}.md`]);
    expect(publicWritesContaining(h, UNPUBLISHED_CANARY)).toEqual([]);
    expect(publicWritesContaining(h, unpublished.ghsa_id)).toEqual([]);
    expect(publicWritesContaining(h, REPORT_CANARY)).toEqual([]);
    // Nor anywhere but the advisories themselves.
    const elsewhere = h.sim.log.filter((e) => e.write && !e.path.includes("/security-advisories/") && /CANARY-/.test(JSON.stringify(e.body ?? "")));
    expect(elsewhere).toEqual([]);
  });

  it("makes only documented requests with valid bodies", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
