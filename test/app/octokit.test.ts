import { jest } from "@jest/globals";
import nock from "nock";
import { Probot } from "probot";
import { createMetrics } from "../../src/metrics.js";
import { createSecwgOctokit, routeLabel } from "../../src/octokit.js";
import { API, captureLogger, testPrivateKey, useStrictNock } from "../helpers/probot.js";

useStrictNock();

/** The app octokit Probot builds from our class, so Probot's own option merging is part of the test. */
async function appOctokit(metrics = createMetrics()) {
  const { log, lines } = captureLogger();
  const Octokit = createSecwgOctokit({ metrics, log, retryBaseMs: 1, rateLimitWaitUnitMs: 1 });
  const probot = new Probot({ appId: 123, privateKey: testPrivateKey(), log, Octokit });
  return { octokit: (await probot.auth()) as any, lines, metrics };
}

const APP = { id: 123, slug: "secwg", name: "secwg" };

describe("GitHub client policy", () => {
  it("pauses and retries after a secondary rate limit instead of dropping the request", async () => {
    const { octokit, lines } = await appOctokit();
    nock(API)
      .get("/app")
      .reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": "2" })
      .get("/app")
      .reply(200, APP);
    const { data } = await octokit.rest.apps.getAuthenticated();
    expect(data.slug).toBe("secwg");
    expect(lines.join("")).toContain("GitHub secondary rate limit reached");
  });

  it("gives up after a bounded number of secondary-limit retries", async () => {
    const { octokit } = await appOctokit();
    nock(API)
      .get("/app")
      .times(4)
      .reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" });
    await expect(octokit.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 403 });
  });

  it("waits for the primary limit's reset and retries when the reset is near", async () => {
    const { octokit } = await appOctokit();
    const reset = String(Math.floor(Date.now() / 1000) + 1);
    nock(API)
      .get("/app")
      .reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset })
      .get("/app")
      .reply(200, APP);
    await expect(octokit.rest.apps.getAuthenticated()).resolves.toMatchObject({ status: 200 });
  });

  it("fails at once when the primary limit resets too far away", async () => {
    const { octokit } = await appOctokit();
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    nock(API).get("/app").reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
    await expect(octokit.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 403 });
  });

  it("retries server errors with backoff", async () => {
    const { octokit } = await appOctokit();
    nock(API).get("/app").reply(502, "Bad Gateway").get("/app").reply(503, "Unavailable").get("/app").reply(200, APP);
    await expect(octokit.rest.apps.getAuthenticated()).resolves.toMatchObject({ status: 200 });
  });

  // docs/operations.md: "retries 5xx and network errors three times, 1 s, 4 s, 9 s apart", for
  // every request, not only the first one the client makes. The unit is shrunk to 7 ms here; the
  // waits Bottleneck schedules are observed, so the test takes milliseconds.
  it("waits 1, 4 and 9 units before the three retries of each request, however many came before", async () => {
    const waits: number[] = [];
    const realSetTimeout = global.setTimeout;
    const spy = jest.spyOn(global, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      if (typeof ms === "number" && ms > 0 && ms % 7 === 0) waits.push(ms / 7);
      return realSetTimeout(fn, ms);
    }) as typeof setTimeout);
    try {
      const Octokit = createSecwgOctokit({ throttle: false, retryBaseMs: 7 });
      const octokit = new Octokit({ auth: { token: "ghs_test" } });
      for (const name of ["first", "second", "third"]) {
        nock(API).get(`/repos/acme/${name}`).times(3).reply(502, "Bad Gateway").get(`/repos/acme/${name}`).reply(200, { name });
        await expect(octokit.rest.repos.get({ owner: "acme", repo: name })).resolves.toMatchObject({ data: { name } });
      }
      nock(API).get("/repos/acme/fourth").times(4).reply(502, "Bad Gateway");
      await expect(octokit.rest.repos.get({ owner: "acme", repo: "fourth" })).rejects.toMatchObject({ status: 502 });
    } finally {
      spy.mockRestore();
    }
    expect(waits).toEqual([1, 4, 9, 1, 4, 9, 1, 4, 9, 1, 4, 9]);
  });

  it("does not retry a client error", async () => {
    const { octokit } = await appOctokit();
    nock(API).get("/app").once().reply(404, { message: "Not Found" });
    await expect(octokit.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 404 });
  });

  it("counts requests by route template and status and records the remaining quota", async () => {
    const { octokit, metrics } = await appOctokit();
    nock(API).get("/app").reply(200, APP, { "x-ratelimit-remaining": "4999", "x-ratelimit-resource": "core" });
    await octokit.rest.apps.getAuthenticated();
    expect(await metrics.registry.getSingleMetricAsString("secwg_github_requests_total")).toContain('method="GET",route="/app",status="200"} 1');
    expect(await metrics.registry.getSingleMetricAsString("secwg_github_rate_limit_remaining")).toContain('resource="core"} 4999');
  });

  it("keeps route labels bounded for absolute pagination URLs", () => {
    expect(routeLabel("/repos/{owner}/{repo}/issues")).toBe("/repos/{owner}/{repo}/issues");
    expect(routeLabel("https://api.github.com/repositories/1296269/issues/7/comments?page=2")).toBe("/repositories/{id}/issues/{id}/comments");
    expect(routeLabel("https://ghe.example/api/v3/app/hook/deliveries?cursor=v1_1")).toBe("/app/hook/deliveries");
  });
});
