import { fixedIdentity } from "../../../src/github/octokit-gateway.js";
import { TEST_BOT } from "../../helpers/probot.js";
import nock from "nock";
import { defaultDeps } from "../../../src/app/deps.js";
import { onPullRequestPolicyFiles } from "../../../src/features/policy/files-check.js";
import { API, createTestProbot, mockInstallationToken, recordRequests, useStrictNock } from "../../helpers/probot.js";
import { loadPayload } from "../../helpers/fixtures.js";

useStrictNock();

const REPO = "/repos/Codertocat/Hello-World";
const CONFIG = `${REPO}/contents/.github%2Fsecwg.yml`;
const ORG_CONFIG = "/repos/Codertocat/.github/contents/.github%2Fsecwg.yml";

/** Only the policy-file handler, so other features' requests on the same event do not interfere. */
function createTestApp() {
  const deps = defaultDeps({ identity: fixedIdentity(TEST_BOT), now: () => new Date("2026-11-25T12:00:00Z"), signingKey: "test-secret" });
  return createTestProbot((app) => {
    app.on(["pull_request.opened", "pull_request.reopened", "pull_request.synchronize"], (context) => onPullRequestPolicyFiles(context, deps));
  });
}

function pullRequestOpened() {
  return { id: "delivery-1", name: "pull_request" as const, payload: loadPayload("pull_request", "opened") as any };
}

describe("pull_request: policy files", () => {
  it("writes nothing when the pull request touches no policy file and the configuration is valid", async () => {
    const { probot } = await createTestApp();
    const requests = recordRequests();
    mockInstallationToken();
    nock(API)
      .get(ORG_CONFIG)
      .reply(404)
      .get(CONFIG)
      .reply(200, "review:\n  label: needs-security\n")
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [{ filename: "README.md", status: "modified", additions: 1, deletions: 0, changes: 1, patch: "@@ -1 +1 @@\n-a\n+b" }]);
    await probot.receive(pullRequestOpened());
    expect(requests.writes).toEqual([]);
  });

  it("fails the config check with the key path when a pull request breaks .github/secwg.yml", async () => {
    const { probot } = await createTestApp();
    mockInstallationToken();
    let checkRun: any;
    nock(API)
      .get(CONFIG)
      .reply(404)
      .get(ORG_CONFIG)
      .reply(404)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [{ filename: ".github/secwg.yml", status: "modified", additions: 2, deletions: 0, changes: 2 }])
      .get(CONFIG)
      .query({ ref: "ec26c3e57ca3a959ca5aad62de7213c562f8c821" })
      .reply(200, "review:\n  reviewers:\n    count: three\n")
      .get(`${REPO}/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, (body) => {
        checkRun = body;
        return true;
      })
      .reply(201, { id: 1 });
    await probot.receive(pullRequestOpened());
    expect(checkRun).toMatchObject({ name: "secwg / config", status: "completed", conclusion: "failure", external_id: "secwg:config" });
    expect(checkRun.output.summary).toContain('review.reviewers.count: expected a whole number between 1 and 5, got a string');
  });

  it("reports an unusable default-branch configuration instead of crashing", async () => {
    const { probot, logLines } = await createTestApp();
    mockInstallationToken();
    let checkRun: any;
    nock(API)
      .get(ORG_CONFIG)
      .reply(404)
      .get(CONFIG)
      .reply(200, "review: [unclosed\n")
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`, (body) => {
        checkRun = body;
        return true;
      })
      .reply(201, { id: 1 });
    await probot.receive(pullRequestOpened());
    expect(checkRun.conclusion).toBe("failure");
    expect(checkRun.output.summary).toContain("Codertocat/Hello-World:.github/secwg.yml");
    expect(checkRun.output.summary).toContain("not valid YAML");
    expect(logLines.join("")).toContain("configuration on the default branch is unusable");
  });

  it("leaves an identical check run alone when the event is redelivered", async () => {
    const { probot } = await createTestApp();
    const requests = recordRequests();
    mockInstallationToken();
    nock(API)
      .get(CONFIG)
      .reply(404)
      .get(ORG_CONFIG)
      .reply(404)
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply(200, [{ filename: ".github/secwg.yml", status: "modified", additions: 1, deletions: 0, changes: 1 }])
      .get(CONFIG)
      .query({ ref: "ec26c3e57ca3a959ca5aad62de7213c562f8c821" })
      .reply(200, "review:\n  label: sec\n")
      .get(`${REPO}/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs`)
      .query(true)
      .reply(200, {
        total_count: 1,
        check_runs: [
          {
            id: 9,
            external_id: "secwg:config",
            status: "completed",
            conclusion: "success",
            started_at: "2026-11-25T11:00:00Z",
            output: { title: "Configuration is valid", summary: "- `.github/secwg.yml`: valid", text: null },
          },
        ],
      });
    await probot.receive(pullRequestOpened());
    expect(requests.writes).toEqual([]);
  });
});
