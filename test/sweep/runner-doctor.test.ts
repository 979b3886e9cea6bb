// `secwg doctor` shares the sweep's authentication path; its tests live beside the runner's.
import nock from "nock";
import { Probot } from "probot";
import { comparePermissions, optionalPermissionNotes, run } from "../../src/cli/doctor.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { readFixture } from "../helpers/fixtures.js";
import { API, captureLogger, testPrivateKey, useStrictNock } from "../helpers/probot.js";

useStrictNock();

const manifest = { default_events: ["issue_comment", "pull_request"], default_permissions: { issues: "write", contents: "read", metadata: "read" } };

function testProbot(): Probot {
  return new Probot({ appId: 123, privateKey: testPrivateKey(), log: captureLogger().log, Octokit: createSecwgOctokit({ throttle: false, retry: false }) });
}

function repo(name: string) {
  return { id: name.length, name, full_name: `acme/${name}`, private: false, owner: { login: "acme", id: 5, type: "Organization" }, default_branch: "main", html_url: `https://github.com/acme/${name}` };
}

function mockApp(permissions: Record<string, string>, events: string[]) {
  nock(API)
    .get("/app")
    .reply(200, { id: 123, slug: "secwg", name: "secwg" })
    .get("/app/installations")
    .query(true)
    .reply(200, [{ id: 7, account: { login: "acme", id: 5, type: "Organization" }, permissions, events, suspended_at: null }])
    .post("/app/installations/7/access_tokens")
    .reply(201, { token: "ghs_doctor", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
}

describe("secwg doctor", () => {
  it("names permissions that are missing or granted at a lower level", () => {
    expect(comparePermissions({ issues: "write", contents: "read", checks: "write" }, { issues: "read", contents: "write" })).toEqual(["issues: write (granted read)", "checks: write (not granted)"]);
  });

  it("says which tracking is off where an optional monitoring permission was not granted, without failing", () => {
    const notes = optionalPermissionNotes({ issues: "write", vulnerability_alerts: "read", secret_scanning_alerts: "read" }, { issues: "write", secret_scanning_alerts: "read" });
    expect(notes).toEqual([{ ok: true, label: "vulnerability_alerts: read not granted: Dependabot alerts are not tracked (optional; grant it in the installation settings to turn it on)" }]);
  });

  it("reports a healthy installation: permissions, events, config, private tracker, valid roster", async () => {
    mockApp({ issues: "write", contents: "read", metadata: "read" }, ["issue_comment", "pull_request"]);
    nock(API)
      .get("/installation/repositories")
      .query(true)
      .reply(200, { total_count: 1, repositories: [repo("security-wg")] })
      .get("/repos/acme/.github/contents/.github%2Fsecwg.yml")
      .reply(200, "group:\n  tracker: security-tracker\n")
      .get("/repos/acme/security-tracker")
      .reply(200, { ...repo("security-tracker"), private: true })
      .get("/repos/acme/security-wg/contents/MEMBERS.yml")
      .reply(200, readFixture("roster/valid.yml"))
      .get("/repos/acme/security-wg/contents/.github%2Fsecwg.yml")
      .reply(404, { message: "Not Found" });
    const printed: string[] = [];
    const code = await run([], { probot: testProbot(), manifest, print: (t) => printed.push(t) });
    const text = printed.join("\n");
    expect(text).toContain("authenticated as app secwg");
    expect(text).toContain("ok   permissions granted match app.yml");
    expect(text).toContain("ok   acme/.github: organisation policy valid");
    expect(text).toContain("ok   acme/security-wg: configuration valid");
    expect(text).toContain("ok   tracker acme/security-tracker is private");
    expect(text).toMatch(/ok {3}roster valid \(\d+ members\)/);
    expect(text).toContain("all checks passed");
    expect(code).toBe(0);
  });

  it("fails on missing permissions, a public tracker, a broken config and a missing roster", async () => {
    mockApp({ issues: "read", metadata: "read" }, ["issue_comment"]);
    nock(API)
      .get("/installation/repositories")
      .query(true)
      .reply(200, { total_count: 2, repositories: [repo("security-wg"), repo("project")] })
      .get("/repos/acme/.github/contents/.github%2Fsecwg.yml")
      .reply(200, "group:\n  tracker: security-tracker\n")
      .get("/repos/acme/security-wg/contents/.github%2Fsecwg.yml")
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/security-tracker")
      .reply(200, { ...repo("security-tracker"), private: false })
      .get("/repos/acme/security-wg/contents/MEMBERS.yml")
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/project/contents/.github%2Fsecwg.yml")
      .reply(200, "review:\n  reviewers:\n    count: three\n");
    const printed: string[] = [];
    const code = await run([], { probot: testProbot(), manifest, print: (t) => printed.push(t) });
    const text = printed.join("\n");
    expect(code).toBe(1);
    expect(text).toContain("issues: write (granted read); contents: read (not granted)");
    expect(text).toContain("FAIL events not subscribed");
    expect(text).toContain("FAIL tracker acme/security-tracker is PUBLIC");
    expect(text).toContain("FAIL roster invalid");
    expect(text).toContain("FAIL acme/project: configuration unusable");
    expect(text).toContain("review.reviewers.count");
  });

  it("explains refused credentials instead of crashing", async () => {
    nock(API).get("/app").reply(401, { message: "A JSON web token could not be decoded" });
    const printed: string[] = [];
    expect(await run([], { probot: testProbot(), manifest, print: (t) => printed.push(t) })).toBe(1);
    expect(printed.join("\n")).toContain("GitHub refused the app's credentials");
  });
});
