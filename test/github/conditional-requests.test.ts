import nock from "nock";
import { ConditionalGetCache } from "../../src/github/conditional-requests.js";
import { OctokitGateway } from "../../src/github/octokit-gateway.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { API, useStrictNock } from "../helpers/probot.js";

useStrictNock();

function octokit() {
  const Octokit = createSecwgOctokit({ throttle: false, retry: false });
  return new Octokit({ auth: { token: "ghs_test" } });
}

describe("conditional GETs", () => {
  it("asks again with If-None-Match and serves the remembered body on 304", async () => {
    nock(API).get("/repos/acme/cond-1").reply(200, { private: true }, { etag: 'W/"v1"' });
    nock(API, { reqheaders: { "if-none-match": 'W/"v1"' } }).get("/repos/acme/cond-1").reply(304);
    const client = octokit();
    expect((await client.rest.repos.get({ owner: "acme", repo: "cond-1" })).data).toEqual({ private: true });
    const again = await client.rest.repos.get({ owner: "acme", repo: "cond-1" });
    expect(again.data).toEqual({ private: true });
  });

  it("takes the new body and ETag when the resource changed", async () => {
    nock(API).get("/repos/acme/cond-2").reply(200, { private: true }, { etag: '"v1"' });
    nock(API, { reqheaders: { "if-none-match": '"v1"' } }).get("/repos/acme/cond-2").reply(200, { private: false }, { etag: '"v2"' });
    nock(API, { reqheaders: { "if-none-match": '"v2"' } }).get("/repos/acme/cond-2").reply(304);
    const client = octokit();
    await client.rest.repos.get({ owner: "acme", repo: "cond-2" });
    expect((await client.rest.repos.get({ owner: "acme", repo: "cond-2" })).data).toEqual({ private: false });
    expect((await client.rest.repos.get({ owner: "acme", repo: "cond-2" })).data).toEqual({ private: false });
  });

  it("keeps pagination working across 304 pages", async () => {
    const next = { link: `<${API}/repos/acme/cond-3/issues?per_page=1&page=2>; rel="next"` };
    nock(API).get("/repos/acme/cond-3/issues").query({ per_page: 1 }).reply(200, [{ number: 1 }], { etag: '"p1"', ...next });
    nock(API).get("/repos/acme/cond-3/issues").query({ per_page: 1, page: 2 }).reply(200, [{ number: 2 }], { etag: '"p2"' });
    nock(API, { reqheaders: { "if-none-match": '"p1"' } }).get("/repos/acme/cond-3/issues").query({ per_page: 1 }).reply(304);
    nock(API, { reqheaders: { "if-none-match": '"p2"' } }).get("/repos/acme/cond-3/issues").query({ per_page: 1, page: 2 }).reply(304);
    const client = octokit();
    const list = () => client.paginate(client.rest.issues.listForRepo, { owner: "acme", repo: "cond-3", per_page: 1 });
    expect((await list()).map((i) => i.number)).toEqual([1, 2]);
    expect((await list()).map((i) => i.number)).toEqual([1, 2]);
  });

  it("does not let one caller's changes to a body reach the next caller", async () => {
    nock(API).get("/repos/acme/cond-4").reply(200, { topics: ["a"] }, { etag: '"t"' });
    nock(API, { reqheaders: { "if-none-match": '"t"' } }).get("/repos/acme/cond-4").times(2).reply(304);
    const client = octokit();
    await client.rest.repos.get({ owner: "acme", repo: "cond-4" });
    const first = await client.rest.repos.get({ owner: "acme", repo: "cond-4" });
    (first.data as any).topics.push("changed");
    expect((await client.rest.repos.get({ owner: "acme", repo: "cond-4" })).data).toEqual({ topics: ["a"] });
  });

  it("does not let a caller's changes to a fresh (200) body reach the next caller after a 304", async () => {
    nock(API).get("/repos/acme/cond-5").reply(200, { topics: ["a"] }, { etag: '"t"' });
    nock(API, { reqheaders: { "if-none-match": '"t"' } }).get("/repos/acme/cond-5").reply(304);
    const client = octokit();
    const first = await client.rest.repos.get({ owner: "acme", repo: "cond-5" });
    (first.data as any).topics.push("changed");
    delete (first.data as any).topics;
    expect((await client.rest.repos.get({ owner: "acme", repo: "cond-5" })).data).toEqual({ topics: ["a"] });
  });

  it("keeps a paginated list whole after a 304, so an unchanged check is created once however often it is ensured", async () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const path = `/repos/acme/cond-6/commits/${sha}/check-runs`;
    const spec = { name: "secwg / security review", head_sha: sha, external_id: "secwg:security-review", status: "completed" as const, conclusion: "success" as const, title: "Approved", summary: "ok" };
    const run = { id: 11, external_id: spec.external_id, status: "completed", conclusion: "success", started_at: "2026-11-25T10:00:00Z", output: { title: "Approved", summary: "ok", text: null } };
    let created = 0;
    nock(API).get(path).query(true).reply(200, { total_count: 0, check_runs: [] }, { etag: '"none"' });
    nock(API)
      .post("/repos/acme/cond-6/check-runs")
      .reply(201, () => (created++, run));
    nock(API, { reqheaders: { "if-none-match": '"none"' } }).get(path).query(true).reply(200, { total_count: 1, check_runs: [run] }, { etag: '"one"' });
    // Pagination unwraps `check_runs` and deletes `total_count` from the body it was given.
    nock(API, { reqheaders: { "if-none-match": '"one"' } }).get(path).query(true).times(3).reply(304);
    const gateway = new OctokitGateway(octokit() as never);
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await gateway.ensureCheckRun({ owner: "acme", repo: "cond-6" }, spec));
    expect(outcomes).toEqual(["created", "unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(created).toBe(1);
  });

  it("bounds the cache by size, oldest first", () => {
    const cache = new ConditionalGetCache(10, 8);
    const entry = (bytes: number) => ({ etag: "e", status: 200, headers: {}, body: "null", json: true, bytes });
    cache.set("a", entry(4));
    cache.set("b", entry(4));
    cache.set("c", entry(4));
    cache.set("huge", entry(9));
    expect([cache.get("a"), cache.get("b") !== undefined, cache.get("c") !== undefined, cache.get("huge")]).toEqual([undefined, true, true, undefined]);
  });
});
