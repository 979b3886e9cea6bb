import { parseRecord, verifyLog, type LogRecord } from "../../../src/core/reports/report-log.js";
import { loadPayload } from "../../helpers/fixtures.js";
import { createTestApp, useStrictNock } from "../../helpers/probot.js";
import { CODE_REPO, GROUP, OWNER, TRACKER } from "./fake-github.js";
import { GHSA, KEY, reportedEvent, reportedPayload, setUpFake } from "./scenario.js";

useStrictNock();

function records(comments: { body: string }[]): LogRecord[] {
  return comments.map((c) => parseRecord(c.body)).filter((r): r is LogRecord => r !== null);
}

describe("repository_advisory.reported", () => {
  it("opens one tracker issue in the private tracker, titled only with the GHSA id and repository", async () => {
    const fake = setUpFake();
    const { probot } = await createTestApp();
    await probot.receive(reportedEvent());

    expect(fake.unknown).toEqual([]);
    expect(fake.issues).toHaveLength(1);
    const issue = fake.trackerIssue(1);
    expect(issue.title).toBe(`${GHSA} in ${OWNER}/${CODE_REPO}`);
    expect(issue.labels).toEqual([{ name: "secwg:report" }]);
    expect(issue.assignees.map((a) => a.login)).toEqual(["alice"]);
    expect(issue.body).toContain(`<!-- secwg:report:${GHSA} -->`);
    expect(issue.body).toContain("| Severity as reported | high |");
    expect(issue.body).toContain("| Reported | 2026-11-24 09:15 UTC |");
    expect(issue.body).toContain("| Acknowledgement due | 2026-11-27 09:15 UTC (working days in UTC) |");
    expect(issue.body).toContain(`https://github.com/${OWNER}/${CODE_REPO}/security/advisories/${GHSA}`);
    expect(issue.body).toContain("- [ ] Sign-off by one signer");
    // The log starts with a signed genesis entry.
    const log = records(issue.comments);
    expect(log.map((r) => r.event)).toEqual(["reported"]);
    expect(verifyLog(log, KEY).ok).toBe(true);
    // The assignee becomes a collaborator on the advisory.
    expect(fake.advisory.collaborating_users.map((u: any) => u.login)).toEqual(["alice"]);
    expect(fake.writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /repos/${OWNER}/${TRACKER}/issues`,
      `POST /repos/${OWNER}/${TRACKER}/issues/1/comments`,
      `PATCH /repos/${OWNER}/${CODE_REPO}/security-advisories/${GHSA}`,
    ]);
  });

  it("writes nothing when the event is redelivered", async () => {
    const fake = setUpFake();
    const { probot } = await createTestApp();
    await probot.receive(reportedEvent());
    const before = fake.writes.length;
    await probot.receive(reportedEvent());
    expect(fake.writes.slice(before)).toEqual([]);
    expect(fake.issues).toHaveLength(1);
  });

  it("assigns the least-loaded member with tracker access once onboarding is over", async () => {
    const fake = setUpFake();
    fake.config = "reports:\n  onboardingUntil: 2026-01-01\n";
    fake.issues.push(
      { number: 1, title: "GHSA-2222-3333-4444 in x/y", body: "<!-- secwg:report:GHSA-2222-3333-4444 -->\n<!-- secwg:report-repo:x/y -->", state: "open", state_reason: null, labels: [{ name: "secwg:report" }], assignees: [{ login: "alice", id: 1001, type: "User" }], comments: [] },
      { number: 2, title: "GHSA-2222-3333-5555 in x/y", body: "<!-- secwg:report:GHSA-2222-3333-5555 -->\n<!-- secwg:report-repo:x/y -->", state: "open", state_reason: null, labels: [{ name: "secwg:report" }], assignees: [{ login: "bob", id: 1002, type: "User" }], comments: [] },
    );
    const { probot } = await createTestApp();
    await probot.receive(reportedEvent());
    expect(fake.trackerIssue(3).assignees.map((a) => a.login)).toEqual(["dave"]);
  });

  it("refuses to act, and logs why, when the tracker repository is public", async () => {
    const fake = setUpFake();
    fake.repos[`${OWNER}/${TRACKER}`] = { private: false };
    const { probot, logLines } = await createTestApp();
    await probot.receive(reportedEvent());
    expect(fake.writes).toEqual([]);
    expect(logLines.join("")).toContain("the tracker repository is public");
  });

  it("never logs the advisory's summary or description", async () => {
    const canary = "CANARY-intake-7f3a9b1c";
    setUpFake((a) => {
      a.summary = `${canary} summary`;
      a.description = `${canary} description`;
    });
    const { probot, logLines } = await createTestApp();
    await probot.receive(reportedEvent(reportedPayload((a) => {
      a.summary = `${canary} summary`;
      a.description = `${canary} description`;
    })));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("")).not.toContain(canary);
  });
});

describe("repository_advisory.published", () => {
  it("records the publication, closes the tracker issue and proposes the archive entry once", async () => {
    const fake = setUpFake();
    const { probot } = await createTestApp();
    await probot.receive(reportedEvent());
    const published = loadPayload("repository_advisory", "published");
    fake.advisory = structuredClone(published.repository_advisory);

    await probot.receive({ id: "p1", name: "repository_advisory", payload: published as any });
    const issue = fake.trackerIssue(1);
    expect(issue.state).toBe("closed");
    expect(issue.state_reason).toBe("completed");
    expect(records(issue.comments).map((r) => r.event)).toEqual(["reported", "published"]);
    const archive = fake.files.get(`secwg/archive-${GHSA}:advisories/${GHSA}.md`);
    expect(archive).toContain("CVE-2026-12345");
    expect(archive).toContain("| pip | hello-world | < 5.1.3 | 5.1.3 |");
    expect(archive).toContain("@reporter-example (reporter)");
    expect(fake.pulls).toEqual([expect.objectContaining({ head: `secwg/archive-${GHSA}`, title: `Archive ${GHSA}` })]);

    const before = fake.writes.length;
    await probot.receive({ id: "p1", name: "repository_advisory", payload: published as any });
    expect(fake.writes.slice(before)).toEqual([]);
    expect(fake.unknown).toEqual([]);
    expect(GROUP).toBe("security-wg");
  });
});
