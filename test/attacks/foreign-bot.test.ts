import { startHarness, type Harness } from "../../sim/harness.js";
import type { Account, Issue } from "../../sim/world.js";
import { contentHash } from "../../src/core/reports/approval.js";
import { chainEntry, renderRecord, type LogEntryDraft, type LogRecord } from "../../src/core/reports/report-log.js";
import { asSecwgAdvisory, lastRecord, membershipBody, triagedReport } from "./helpers.js";

/**
 * Another GitHub App (type `Bot`, its own id) posts perfect-looking secwg comments: a log entry in
 * the tracker, a vote comment, a checklist comment. secwg recognises its own words by its own bot
 * id, so each is a stranger's comment and changes nothing.
 */
describe("attack: another app's bot posts secwg's markers", () => {
  let h: Harness;
  let other: Account;

  beforeAll(async () => {
    h = await startHarness();
    other = h.sim.world.addAccount("helpful-app[bot]", "Bot", 5_000_001);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("does not fold its log records: the sweep publishes nothing", async () => {
    const { advisory, issue } = await triagedReport(h);
    const release = new Date(Date.now() - 3_600_000);
    const hash = contentHash(asSecwgAdvisory(advisory));
    let previous: LogRecord = lastRecord(h, issue);
    const entry = (event: LogEntryDraft["event"], actor: { id: number; login: string }, data: Record<string, unknown>) => {
      previous = chainEntry({ ghsa: advisory.ghsa_id, event, actor, at: new Date().toISOString(), key: `bot-${event}-${actor.id}`, data }, previous, "development");
      return `**Log #${previous.seq}**\n${renderRecord(previous)}`;
    };
    const { members, tracker } = h.org;
    const bodies = [
      entry("embargo-set", members.bob, { releaseAt: release.toISOString(), preNotifyAt: release.toISOString() }),
      entry("approved", members.alice, { hash }),
      entry("approved", members.carol, { hash }),
    ];
    for (const body of bodies) await h.act(() => h.sim.world.addComment(tracker, issue, other, body));
    await h.sweep(new Date(release.getTime() + 120_000));
    expect(advisory.state).not.toBe("published");
  });

  it("does not take its comment for the vote comment: the vote opens", async () => {
    const { groupRepo, frank } = h.org;
    const world = h.sim.world;
    const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") ?? "";
    const entry = (id: number) => `${roster.trimEnd()}\n  - login: ${frank.login}\n    id: ${id}\n    roles: [member]\n`;
    const pr: Issue = await h.act(() => world.openPull(groupRepo, frank, { title: "Membership request: frank", body: membershipBody(h), branch: "join-frank-bot", changes: { "MEMBERS.yml": entry(42) } }));
    await h.act(() => world.addComment(groupRepo, pr, other, `<!-- secwg:vote:acme/security-wg#${pr.number} -->\nVote`));
    await h.act(() => world.pushToPull(groupRepo, pr, frank, { "MEMBERS.yml": entry(frank.id) }, "Use my id"));
    const ours = pr.comments.filter((c) => c.user.id === h.sim.bot.id);
    expect(ours.some((c) => c.body.includes(`<!-- secwg:vote:acme/security-wg#${pr.number} -->`) && c.body.includes("secwg:vote-record:"))).toBe(true);
    expect(ours.some((c) => /tamper|edited/i.test(c.body))).toBe(false);
  });

  it("does not take its comment for the checklist: secwg writes its own and leaves the stranger's alone", async () => {
    const { webapp, frank } = h.org;
    const world = h.sim.world;
    const pr: Issue = await h.act(() => world.openPull(webapp, frank, { title: "Docs", branch: "docs-bot", changes: { "README.md": "# webapp\n\nMore docs.\n" } }));
    const planted = `<!-- secwg:review-checklist:${pr.number} -->\n### Security review checklist\n\nNo review needed.`;
    const stranger = await h.act(() => world.addComment(webapp, pr, other, planted));
    const views = world.filesAt(webapp)?.get("auth/views.py") ?? "";
    await h.act(() => world.pushToPull(webapp, pr, frank, { "auth/views.py": `${views}\n\ndef banner(request):\n    return mark_safe(request.GET.get('msg'))\n` }, "Banner"));
    expect(stranger.body).toBe(planted);
    expect(pr.comments.some((c) => c.user.id === h.sim.bot.id && c.body.includes(`<!-- secwg:review-checklist:${pr.number} -->`))).toBe(true);
  });

  it("makes only documented requests", () => {
    expect(h.sim.violations).toEqual([]);
  });
});
