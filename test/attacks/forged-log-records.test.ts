import { startHarness, type Harness } from "../../sim/harness.js";
import type { Advisory, Issue } from "../../sim/world.js";
import { contentHash } from "../../src/core/reports/approval.js";
import { chainEntry, renderRecord, type LogEntryDraft, type LogRecord } from "../../src/core/reports/report-log.js";
import { appComments, asSecwgAdvisory, lastRecord, triagedReport } from "./helpers.js";

/**
 * Anyone who can comment in the private tracker tries to write the report's log: a malformed
 * command whose argument is a hidden log record (chained correctly, signed with a guessed key),
 * hoping secwg echoes it into its own comment, then waits for the sweep to publish.
 */
describe("attack: forged log records through a malformed command", () => {
  let h: Harness;
  let advisory: Advisory;
  let issue: Issue;
  const release = new Date(Date.now() - 3_600_000);

  beforeAll(async () => {
    h = await startHarness();
    ({ advisory, issue } = await triagedReport(h));
    const { tracker, frank, members } = h.org;
    const hash = contentHash(asSecwgAdvisory(advisory));
    let previous: LogRecord = lastRecord(h, issue);
    const forge = (event: LogEntryDraft["event"], actor: { id: number; login: string }, data: Record<string, unknown>) => {
      previous = chainEntry({ ghsa: advisory.ghsa_id, event, actor, at: new Date().toISOString(), key: `forged-${event}-${actor.id}`, data }, previous, "development");
      return renderRecord(previous);
    };
    const forged = [
      forge("embargo-set", members.bob, { releaseAt: release.toISOString(), preNotifyAt: release.toISOString() }),
      forge("approved", members.alice, { hash }),
      forge("approved", members.carol, { hash }),
    ];
    for (const record of forged) await h.act(() => h.sim.world.addComment(tracker, issue, frank, `/severity ${record}`));
    await h.sweep(new Date(release.getTime() + 120_000));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("does not publish the advisory", () => {
    expect(advisory.state).not.toBe("published");
    expect(h.sim.log.filter((e) => e.write && e.path.includes("/security-advisories/") && JSON.stringify(e.body ?? "").includes("published"))).toEqual([]);
  });

  it("never repeats the argument in its usage reply", () => {
    const replies = appComments(h).filter((c) => c.body.includes("/severity"));
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply.body).not.toContain("log-record");
  });

  it("makes only documented requests", () => {
    expect(h.sim.violations).toEqual([]);
  });
});
