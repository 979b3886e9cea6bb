import fc from "fast-check";
import nock from "nock";
import { Probot } from "probot";
import { createMetrics } from "../../src/metrics.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { createRedeliverStep, planRedeliveries, type DeliveryAttempt } from "../../src/sweep/steps/redeliver.js";
import type { AppSweepContext } from "../../src/sweep/types.js";
import { API, captureLogger, recordRequests, testPrivateKey, useStrictNock } from "../helpers/probot.js";

useStrictNock();

const NOW = new Date("2026-11-25T12:00:00Z");
const HOUR = 3_600_000;

/** A delivery as GET /app/hook/deliveries returns it. */
function delivery(id: number, guid: string, hoursAgo: number, statusCode: number, redelivery = false) {
  return {
    id,
    guid,
    delivered_at: new Date(NOW.getTime() - hoursAgo * HOUR).toISOString().replace(/\.\d{3}Z$/, "Z"),
    redelivery,
    duration: 0.27,
    status: statusCode === 200 ? "OK" : `Invalid HTTP Response: ${statusCode}`,
    status_code: statusCode,
    event: "issue_comment",
    action: "created",
    installation_id: 2,
    repository_id: 1296269,
    throttled_at: null,
  };
}

async function appContext(dryRun = false): Promise<AppSweepContext & { lines: string[] }> {
  const { log, lines } = captureLogger();
  const probot = new Probot({ appId: 123, privateKey: testPrivateKey(), log, Octokit: createSecwgOctokit({ throttle: false, retry: false }) });
  return { appOctokit: (await probot.auth()) as any, now: NOW, log, dryRun, lines };
}

describe("planRedeliveries", () => {
  const attempt = (id: number, guid: string, status: number, redelivery = false, at = "2026-11-25T10:00:00Z"): DeliveryAttempt => ({
    id,
    guid,
    delivered_at: at,
    redelivery,
    status_code: status,
    event: "pull_request",
  });

  it("asks again for a delivery whose only attempt failed", () => {
    expect(planRedeliveries([attempt(1, "a", 500)]).redeliver.map((a) => a.id)).toEqual([1]);
  });

  it("treats a delivery that got no response (status 0) as failed", () => {
    expect(planRedeliveries([attempt(1, "a", 0)]).redeliver.map((a) => a.id)).toEqual([1]);
  });

  it("leaves alone a delivery that has a successful attempt", () => {
    expect(planRedeliveries([attempt(2, "a", 200, true, "2026-11-25T11:00:00Z"), attempt(1, "a", 502)]).redeliver).toEqual([]);
  });

  it("never asks twice: a failed redelivery is not redelivered again", () => {
    const plan = planRedeliveries([attempt(2, "a", 500, true, "2026-11-25T11:00:00Z"), attempt(1, "a", 500)]);
    expect(plan.redeliver).toEqual([]);
    expect(plan.alreadyRedelivered).toBe(1);
  });

  it("redelivers each guid at most once and never one with a success or a redelivery (property)", () => {
    const arbAttempt = fc.record({
      id: fc.integer({ min: 1, max: 10_000 }),
      guid: fc.constantFrom("a", "b", "c", "d"),
      delivered_at: fc.integer({ min: 0, max: 86_400 }).map((s) => new Date(NOW.getTime() - s * 1000).toISOString()),
      redelivery: fc.boolean(),
      status_code: fc.constantFrom(0, 200, 202, 400, 404, 500, 503),
      event: fc.constant("pull_request"),
    });
    fc.assert(
      fc.property(fc.array(arbAttempt, { maxLength: 30 }), (attempts) => {
        const guids = planRedeliveries(attempts).redeliver.map((a) => a.guid);
        expect(new Set(guids).size).toBe(guids.length);
        for (const guid of guids) {
          const group = attempts.filter((a) => a.guid === guid);
          expect(group.some((a) => a.redelivery || (a.status_code > 0 && a.status_code < 400))).toBe(false);
        }
      }),
    );
  });
});

describe("redeliver step", () => {
  it("redelivers each failed delivery in the window once, following the cursor and stopping at the window's edge", async () => {
    const context = await appContext();
    const metrics = createMetrics();
    const redelivered: string[] = [];
    nock(API)
      .get("/app/hook/deliveries")
      .query({ per_page: "100" })
      .reply(200, [delivery(14, "g-ok", 1, 200), delivery(13, "g-fail", 2, 500)], {
        link: `<${API}/app/hook/deliveries?per_page=100&cursor=v1_13>; rel="next"`,
      })
      .get("/app/hook/deliveries")
      .query({ per_page: "100", cursor: "v1_13" })
      .reply(200, [delivery(12, "g-timeout", 3, 0), delivery(11, "g-ok", 4, 503), delivery(10, "g-old", 30, 500)], {
        link: `<${API}/app/hook/deliveries?per_page=100&cursor=v1_10>; rel="next"`,
      })
      .post(/\/app\/hook\/deliveries\/\d+\/attempts/)
      .times(2)
      .reply(function (uri) {
        redelivered.push(uri);
        return [202, {}];
      });
    const step = createRedeliverStep({ windowMs: 24 * HOUR, metrics });
    const report = await step.run(context);
    expect(redelivered.sort()).toEqual(["/app/hook/deliveries/12/attempts", "/app/hook/deliveries/13/attempts"]);
    expect(report.actions).toHaveLength(2);
    expect(report.errors).toEqual([]);
    expect((await metrics.registry.getSingleMetricAsString("secwg_redeliveries_requested_total"))).toContain("secwg_redeliveries_requested_total 2");
  });

  it("makes no request on the next sweep once its redeliveries are listed", async () => {
    const context = await appContext();
    const requests = recordRequests();
    nock(API)
      .get("/app/hook/deliveries")
      .query(true)
      .reply(200, [delivery(21, "g-fail", 0.5, 200, true), delivery(13, "g-fail", 2, 500), delivery(22, "g-late", 0.4, 500, true), delivery(12, "g-late", 3, 0)]);
    const report = await createRedeliverStep({ windowMs: 24 * HOUR }).run(context);
    expect(requests.writes).toEqual([]);
    expect(report.actions).toEqual([]);
  });

  it("writes nothing in a dry run and says what it would redeliver", async () => {
    const context = await appContext(true);
    const requests = recordRequests();
    nock(API).get("/app/hook/deliveries").query(true).reply(200, [delivery(13, "g-fail", 2, 500)]);
    const report = await createRedeliverStep({ windowMs: 24 * HOUR }).run(context);
    expect(requests.writes).toEqual([]);
    expect(report.actions).toEqual(["would redeliver delivery g-fail (issue_comment.created, status 500)"]);
  });

  it("honours a shorter window", async () => {
    const context = await appContext(true);
    nock(API).get("/app/hook/deliveries").query(true).reply(200, [delivery(13, "g-recent", 0.5, 500), delivery(12, "g-older", 2, 500)]);
    const report = await createRedeliverStep({ windowMs: HOUR }).run(context);
    expect(report.actions).toEqual(["would redeliver delivery g-recent (issue_comment.created, status 500)"]);
  });

  it("reports a refused redelivery and carries on with the others", async () => {
    const context = await appContext();
    nock(API)
      .get("/app/hook/deliveries")
      .query(true)
      .reply(200, [delivery(14, "g-one", 1, 500), delivery(13, "g-two", 2, 500)])
      .post("/app/hook/deliveries/13/attempts")
      .reply(422, { message: "Validation Failed", documentation_url: "https://docs.github.com/rest" })
      .post("/app/hook/deliveries/14/attempts")
      .reply(202, {});
    const report = await createRedeliverStep({ windowMs: 24 * HOUR }).run(context);
    expect(report.actions).toEqual(["redelivered delivery g-one (issue_comment.created, status 500)"]);
    expect(report.errors).toEqual([expect.stringContaining("could not redeliver delivery g-two")]);
  });

  it("caps redeliveries per sweep and says how many are left", async () => {
    const context = await appContext();
    nock(API)
      .get("/app/hook/deliveries")
      .query(true)
      .reply(200, [delivery(14, "g-one", 1, 500), delivery(13, "g-two", 2, 500)])
      .post("/app/hook/deliveries/13/attempts")
      .reply(202, {});
    const report = await createRedeliverStep({ windowMs: 24 * HOUR, maxRedeliveries: 1 }).run(context);
    expect(report.actions).toHaveLength(1);
    expect(report.errors).toEqual(["1 failed deliveries left for the next sweep (at most 1 per sweep)"]);
  });
});
