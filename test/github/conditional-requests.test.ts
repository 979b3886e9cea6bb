import nock from "nock";
import { ConditionalGetCache } from "../../src/github/conditional-requests.js";
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

  it("bounds the cache by size, oldest first", () => {
    const cache = new ConditionalGetCache(10, 8);
    const entry = (bytes: number) => ({ etag: "e", status: 200, headers: {}, data: null, bytes });
    cache.set("a", entry(4));
    cache.set("b", entry(4));
    cache.set("c", entry(4));
    cache.set("huge", entry(9));
    expect([cache.get("a"), cache.get("b") !== undefined, cache.get("c") !== undefined, cache.get("huge")]).toEqual([undefined, true, true, undefined]);
  });
});
