import type { Gateway } from "../../src/github/gateway.js";
import { OctokitGateway } from "../../src/github/octokit-gateway.js";
import { NOT_WRITTEN, recordedMethods, recordWrites, wasWritten, writesAreRecorded } from "../../src/github/recording-gateway.js";

/** Every gateway method that only reads GitHub: a dry run sends these. Anything else must be recorded. */
const READS = [
  "findCheckRun", "findComment", "findOpenPullFromBranch", "getAdvisory", "getPrivateVulnerabilityReporting", "getPull", "getRepoAlert",
  "getRepository", "getRequiredStatusChecks", "getUserByLogin", "getUserLogin", "listAllComments", "listCheckRunsNamed", "listDirectCollaborators",
  "listGlobalAdvisories", "listInstallationRepos", "listInstalledRepositories", "listIssuesWithLabel", "listLabelNames", "listOpenPulls",
  "listOpenReviewRequests", "listOpenWithLabel", "listOrgAdvisories", "listPullCommits", "listPullFiles", "listReactionsForIssueComment",
  "listRepoAdvisories", "listReportIssues", "listReviews", "listTeamMembers", "readConfigFile", "readFile", "readFileHead", "readFileWithSha",
  "searchIssues", "self",
];

/** A gateway whose every method fails the test if called, except the reads a test allows. */
function tripwire(reads: Partial<Gateway> = {}): Gateway {
  return new Proxy(reads as Gateway, {
    get(target, property) {
      if (property in target) return (target as unknown as Record<string | symbol, unknown>)[property];
      return () => {
        throw new Error(`sent ${String(property)}`);
      };
    },
  });
}

describe("the dry run's recording gateway", () => {
  it("records every gateway method that is not a read: a new write method cannot reach GitHub in a dry run unlisted", () => {
    const methods = Object.getOwnPropertyNames(OctokitGateway.prototype).filter((name) => name !== "constructor");
    expect(methods.filter((m) => !READS.includes(m)).sort()).toEqual(recordedMethods());
    expect(recordedMethods().filter((m) => READS.includes(m))).toEqual([]);
  });

  it("sends reads to the real gateway and answers writes with stubs that are plainly not GitHub objects", async () => {
    const issue = { owner: "acme", repo: "security-tracker", issue_number: 3 };
    const recorded = recordWrites(tripwire({ listAllComments: async () => [] }));
    expect(await recorded.gateway.listAllComments(issue)).toEqual([]);
    const created = await recorded.gateway.ensureIssue(issue, "<!-- secwg:report:GHSA-1 -->", { title: "t", body: "b", labels: ["secwg:report"] });
    const comment = await recorded.gateway.createComment({ ...issue, issue_number: created.number }, "entry");
    expect(created.number).toBe(NOT_WRITTEN);
    expect(wasWritten(created)).toBe(false);
    expect(wasWritten(comment)).toBe(false);
    expect(wasWritten({ number: 1 })).toBe(true);
    expect(writesAreRecorded(recorded.gateway)).toBe(true);
    expect(writesAreRecorded(tripwire())).toBe(false);
    expect(recorded.writes).toEqual(["would ensure the report issue in acme/security-tracker [secwg:report]", "would comment on the new issue in acme/security-tracker"]);
  });
});
