import { parseRecord, verifyLog, type LogRecord } from "../../../src/core/reports/report-log.js";
import { createTestApp, useStrictNock, type TestApp } from "../../helpers/probot.js";
import { CODE_REPO, OWNER, TRACKER, type FakeGitHub } from "./fake-github.js";
import { commentEvent, GHSA, KEY, PEOPLE, reportedEvent, reportedPayload, setUpFake } from "./scenario.js";

useStrictNock();

function log(fake: FakeGitHub): LogRecord[] {
  return fake.trackerIssue(1).comments.map((c) => parseRecord(c.body)).filter((r): r is LogRecord => r !== null);
}

async function reported(patch?: (a: any) => void): Promise<{ fake: FakeGitHub; app: TestApp }> {
  const fake = setUpFake(patch);
  const app = await createTestApp();
  await app.probot.receive(reportedEvent(reportedPayload(patch)));
  return { fake, app };
}

async function say(fake: FakeGitHub, app: TestApp, who: { login: string; id: number }, body: string): Promise<string> {
  const id = fake.comment(1, body, who);
  await app.probot.receive(commentEvent(fake, id));
  return fake.trackerIssue(1).comments.at(-1)?.body ?? "";
}

describe("report commands in the tracker issue", () => {
  it("records /ack as a chained log entry and tells the assignee what to send the reporter", async () => {
    const { fake, app } = await reported();
    const reply = await say(fake, app, PEOPLE.dave, "/ack");
    expect(reply).toContain("Acknowledged by dave");
    expect(reply).toContain("please send the reporter this acknowledgement");
    expect(log(fake).map((r) => r.event)).toEqual(["reported", "acknowledged"]);
    expect(verifyLog(log(fake), KEY).ok).toBe(true);
  });

  it("does nothing when a command comment is redelivered", async () => {
    const { fake, app } = await reported();
    const id = fake.comment(1, "/ack", PEOPLE.dave);
    await app.probot.receive(commentEvent(fake, id));
    const before = fake.writes.length;
    await app.probot.receive(commentEvent(fake, id));
    expect(fake.writes.slice(before)).toEqual([]);
  });

  it("refuses /approve from a member who is not a signer, naming who may approve", async () => {
    const { fake, app } = await reported();
    await say(fake, app, PEOPLE.dave, "/ack");
    await say(fake, app, PEOPLE.dave, "/triage valid");
    const reply = await say(fake, app, PEOPLE.dave, "/approve");
    expect(reply).toContain("`/approve` can only be used by the Chair, the Co-Chair or the Board Liaison");
    expect(log(fake).map((r) => r.event)).toEqual(["reported", "acknowledged", "triaged"]);
  });

  it("refuses commands from someone outside the roster", async () => {
    const { fake, app } = await reported();
    const reply = await say(fake, app, PEOPLE.mallory, "/ack");
    expect(reply).toContain("can only be used by a member of the group");
    expect(log(fake)).toHaveLength(1);
  });

  it("explains a command that is not allowed in the report's state", async () => {
    const { fake, app } = await reported();
    const reply = await say(fake, app, PEOPLE.dave, "/triage valid");
    expect(reply).toContain("`/triage` was not applied: acknowledge the report first with `/ack`");
  });

  it("closes the advisory and the tracker issue when the report is invalid", async () => {
    const { fake, app } = await reported();
    await say(fake, app, PEOPLE.dave, "/ack");
    await say(fake, app, PEOPLE.dave, "/triage invalid");
    expect(fake.advisory.state).toBe("closed");
    expect(fake.trackerIssue(1)).toMatchObject({ state: "closed", state_reason: "not_planned" });
  });

  it("answers a malformed command with its usage", async () => {
    const { fake, app } = await reported();
    const reply = await say(fake, app, PEOPLE.dave, "/severity catastrophic");
    expect(reply).toContain("expected `high`, `moderate` or `low`");
    expect(reply).toContain("/severity high|moderate|low");
  });

  it("invalidates an approval when the advisory is edited afterwards and refuses to publish", async () => {
    const { fake, app } = await reported();
    for (const command of ["/ack", "/triage valid"]) await say(fake, app, PEOPLE.dave, command);
    await say(fake, app, PEOPLE.alice, "/approve");
    fake.advisory.description = "rewritten after the sign-off";
    const reply = await say(fake, app, PEOPLE.alice, "/publish");
    expect(reply).toContain("`/publish` was not applied");
    expect(reply).toContain("approvals for an earlier version (the advisory was edited since): alice");
    expect(fake.advisory.state).toBe("draft");
    const again = await say(fake, app, PEOPLE.alice, "/approve");
    expect(again).toContain("Approved by alice");
    await say(fake, app, PEOPLE.alice, "/publish");
    expect(fake.advisory.state).toBe("published");
  });

  it("shows the state and what is missing with /status, without a log entry", async () => {
    const { fake, app } = await reported();
    await say(fake, app, PEOPLE.dave, "/ack");
    const status = await say(fake, app, PEOPLE.dave, "/status");
    expect(status).toContain(`**${GHSA}** is **acknowledged**`);
    expect(status).toContain("Missing: triage");
    expect(log(fake)).toHaveLength(2);
  });
});

describe("secrecy across the whole lifecycle", () => {
  it("never sends the advisory's text anywhere, nor its versions outside the tracker before publication, nor logs either", async () => {
    const TEXT = "CANARY-text-5b2e77d1";
    const VERSIONS = "< 9.9.9-canary-41c7";
    const plant = (a: any) => {
      a.summary = `${TEXT} summary`;
      a.description = `${TEXT} description of the flaw`;
      a.vulnerabilities[0].vulnerable_version_range = VERSIONS;
    };
    const { fake, app } = await reported(plant);
    const steps: Array<[{ login: string; id: number }, string]> = [
      [PEOPLE.dave, "/ack"],
      [PEOPLE.dave, "/triage valid"],
      [PEOPLE.dave, "/severity moderate"],
      [PEOPLE.dave, "/cwe CWE-79"],
      [PEOPLE.dave, "/credit @octocat finder"],
      [PEOPLE.dave, "/cve"],
      [PEOPLE.dave, "/fork"],
      [PEOPLE.alice, "/embargo 2026-12-09T14:00Z"],
      [PEOPLE.alice, "/approve"],
      [PEOPLE.dave, "/approve"], // refused: not a signer
      [PEOPLE.bob, "/approve"],
      [PEOPLE.dave, "/status"],
      [PEOPLE.carol, "/publish"],
    ];
    for (const [who, command] of steps) await say(fake, app, who, command);

    expect(fake.unknown).toEqual([]);
    expect(fake.advisory.state).toBe("published");
    expect(log(fake).map((r) => r.event)).toEqual([
      "reported",
      "acknowledged",
      "triaged",
      "severity-set",
      "cwe-set",
      "credit-added",
      "cve-requested",
      "fork-created",
      "embargo-set",
      "approved",
      "approved",
      "published",
    ]);
    expect(verifyLog(log(fake), KEY)).toMatchObject({ ok: true, entries: 12 });
    expect(fake.trackerIssue(1).state).toBe("closed");
    expect(fake.pulls).toHaveLength(1);

    // The advisory's text: in no request body at all, in no log line.
    const bodies = fake.requests.map((r) => `${r.method} ${r.path} ${r.body}`);
    expect(bodies.filter((b) => b.includes(TEXT))).toEqual([]);
    expect(app.logLines.join("")).not.toContain(TEXT);
    // Its versions: only in the archive written after publication, never in a log line.
    const publishedAt = fake.requests.findIndex((r) => r.method === "PATCH" && r.body.includes('"state":"published"'));
    expect(publishedAt).toBeGreaterThan(0);
    const earlyLeaks = fake.requests.slice(0, publishedAt).filter((r) => r.body.includes("9.9.9-canary") && r.target !== `${OWNER}/${TRACKER}`);
    expect(earlyLeaks).toEqual([]);
    expect(app.logLines.join("")).not.toContain("9.9.9-canary");
    // Titles and labels never carry anything but the id and repository.
    expect(fake.trackerIssue(1).title).toBe(`${GHSA} in ${OWNER}/${CODE_REPO}`);
    expect(fake.pulls[0]?.title).toBe(`Archive ${GHSA}`);
  });
});
