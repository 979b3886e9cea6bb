import nock from "nock";
import { countReviewLoad } from "../../src/core/review/reviewer-pool.js";
import { fixedIdentity, OctokitGateway } from "../../src/github/octokit-gateway.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { loadPayload } from "../helpers/fixtures.js";
import { API, useStrictNock } from "../helpers/probot.js";

useStrictNock();

/** The production Octokit (conditional GETs on), with a cache of its own per test. */
function gateway(): OctokitGateway {
  const Octokit = createSecwgOctokit({ throttle: false, retry: false });
  const octokit = new Octokit({ auth: { token: "ghs_test" } });
  return new OctokitGateway(octokit, undefined, fixedIdentity({ id: 100, login: "secwg[bot]" }));
}

const example = loadPayload("pull_request", "opened");
const person = (login: string, id: number) => ({ ...example.pull_request.user, login, id });
const alice = person("alice", 1001);
const bob = person("bob", 1002);

/** `GET /repos/{owner}/{repo}/pulls` items: a pull request object with labels, requested users and teams. */
function pull(number: number, labels: string[], reviewers: object[], teams: object[] = []) {
  return {
    ...example.pull_request,
    number,
    labels: labels.map((name, i) => ({ id: i + 1, node_id: "LA_x", url: "https://api.github.com/x", name, color: "d73a4a", default: false, description: null })),
    requested_reviewers: reviewers,
    requested_teams: teams,
  };
}

/** `GET /installation/repositories`: `total_count` and `repositories`. */
function repositories(...names: string[]) {
  return {
    total_count: names.length,
    repositories: names.map((full) => {
      const [owner, name] = full.split("/") as [string, string];
      return { ...example.repository, name, full_name: full, owner: { ...example.repository.owner, login: owner } };
    }),
  };
}

const PULLS_QUERY = { state: "open", sort: "updated", direction: "desc", per_page: "100", page: "1" };

describe("listOpenReviewRequests", () => {
  it("reads one list of repositories and one list of open pull requests per repository of the owner", async () => {
    nock(API).get("/installation/repositories").query({ per_page: "100", page: "1" }).reply(200, repositories("acme/webapp", "acme/api", "other/thing"));
    const team = { id: 7, node_id: "T_x", name: "Security", slug: "security", description: null, privacy: "closed", permission: "pull", url: "https://api.github.com/teams/7", html_url: "https://github.com/orgs/acme/teams/security", members_url: "", repositories_url: "", parent: null };
    nock(API)
      .get("/repos/acme/webapp/pulls")
      .query(PULLS_QUERY)
      .reply(200, [pull(3, ["security-review"], [alice, bob]), pull(4, ["Security-Review", "bug"], [alice], [team]), pull(5, ["docs"], [bob])]);
    nock(API).get("/repos/acme/api/pulls").query(PULLS_QUERY).reply(200, [pull(9, ["security-review"], [])]);

    const open = await gateway().listOpenReviewRequests("acme");
    expect(open).toEqual([
      { labels: ["security-review"], requestedReviewerIds: [1001, 1002] },
      { labels: ["Security-Review", "bug"], requestedReviewerIds: [1001] },
      { labels: ["docs"], requestedReviewerIds: [1002] },
      { labels: ["security-review"], requestedReviewerIds: [] },
    ]);
    // Exact for every candidate, including one nobody asked (carol) and whatever the roster size.
    expect(countReviewLoad(open, "security-review", [1001, 1002, 1003])).toEqual(new Map([[1001, 2], [1002, 1], [1003, 0]]));
  });

  it("follows the pages of a repository with more than 100 open pull requests", async () => {
    nock(API).get("/installation/repositories").query(true).reply(200, repositories("acme/webapp"));
    const next = { link: '<https://api.github.com/repos/acme/webapp/pulls?state=open&sort=updated&direction=desc&per_page=100&page=2>; rel="next"' };
    nock(API).get("/repos/acme/webapp/pulls").query(PULLS_QUERY).reply(200, [pull(1, ["security-review"], [alice])], next);
    nock(API).get("/repos/acme/webapp/pulls").query({ ...PULLS_QUERY, page: "2" }).reply(200, [pull(2, ["security-review"], [alice])]);
    const open = await gateway().listOpenReviewRequests("acme");
    expect(countReviewLoad(open, "security-review", [1001]).get(1001)).toBe(2);
  });

  it("asks again with the ETags it holds: an unchanged organisation answers 304 and gives the same load", async () => {
    const gw = gateway();
    nock(API).get("/installation/repositories").query(true).reply(200, repositories("acme/webapp"), { etag: 'W/"repos"' });
    nock(API).get("/repos/acme/webapp/pulls").query(PULLS_QUERY).reply(200, [pull(3, ["security-review"], [bob])], { etag: 'W/"pulls"' });
    const first = countReviewLoad(await gw.listOpenReviewRequests("acme"), "security-review", [1001, 1002]);

    nock(API, { reqheaders: { "if-none-match": 'W/"repos"' } }).get("/installation/repositories").query(true).reply(304);
    nock(API, { reqheaders: { "if-none-match": 'W/"pulls"' } }).get("/repos/acme/webapp/pulls").query(PULLS_QUERY).reply(304);
    const second = countReviewLoad(await gw.listOpenReviewRequests("acme"), "security-review", [1001, 1002]);
    expect(second).toEqual(first);
    expect(second.get(1002)).toBe(1);
  });
});
