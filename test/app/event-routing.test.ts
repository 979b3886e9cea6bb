import { createHmac } from "node:crypto";
import { request } from "node:http";
import nock from "nock";
import { Probot, Server, type ApplicationFunction, type Context } from "probot";
import { defaultDeps } from "../../src/app/deps.js";
import { Lifecycle } from "../../src/app/lifecycle.js";
import { setUpOperations } from "../../src/app/operations.js";
import { WorkQueue, type WorkQueueOptions } from "../../src/app/work-queue.js";
import { createMetrics, type Metrics } from "../../src/metrics.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { loadPayload } from "../helpers/fixtures.js";
import { API, captureLogger, testPrivateKey } from "../helpers/probot.js";

const SECRET = "test-secret";

interface Harness {
  url: string;
  lines: string[];
  queue: WorkQueue;
  lifecycle: Lifecycle;
  metrics: Metrics;
  stop(): Promise<void>;
}

const METRICS_TOKEN = "scraper-token-for-tests";

async function startServer(register: (app: Probot) => void, queueOptions: Partial<WorkQueueOptions> = {}, metricsToken: string | null = METRICS_TOKEN): Promise<Harness> {
  const { log, lines } = captureLogger();
  const metrics = createMetrics();
  const lifecycle = new Lifecycle();
  const queue = new WorkQueue({ concurrency: 2, onError: () => {}, ...queueOptions });
  const server = new Server({
    host: "127.0.0.1",
    port: 0,
    log,
    Probot: Probot.defaults({ appId: 123, privateKey: testPrivateKey(), secret: SECRET, log, Octokit: createSecwgOctokit({ throttle: false, retry: false }) }),
  });
  const appFn: ApplicationFunction = (app, options) => register(setUpOperations(app, options, defaultDeps({ signingKey: "test-secret" }), { queue, lifecycle, metrics, ...(metricsToken ? { metricsToken } : {}) }));
  await server.load(appFn);
  await server.start();
  return { url: `http://127.0.0.1:${server.port}`, lines, queue, lifecycle, metrics, stop: () => server.stop() };
}

async function deliver(h: Harness, id: string, name = "issue_comment", payload: unknown = loadPayload("issue_comment", "created")) {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
  return fetch(`${h.url}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": name, "x-github-delivery": id, "x-hub-signature-256": signature },
    body,
  });
}

/**
 * A minimal fetch over a fresh connection each time: servers in this file come and go on reused
 * ports, and a pooled keep-alive socket to a stopped server fails the next request.
 */
function fetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string>; json(): Promise<unknown> }>((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (name) => (res.headers[name.toLowerCase()] as string | undefined) ?? null },
          text: async () => text,
          json: async () => JSON.parse(text),
        });
      });
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

let harness: Harness | undefined;
beforeAll(() => nock.enableNetConnect(/127\.0\.0\.1/));
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  nock.cleanAll();
});

describe("bursts", () => {
  it("runs a burst of events on one pull request once per handler, with the latest delivery", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    harness = await startServer((app) => {
      app.on("issue_comment.created", () => gate);
      app.on("pull_request.synchronize", async (context: Context) => void seen.push(context.id));
    }, { concurrency: 1 });
    const pr = loadPayload("pull_request", "synchronize") as { number: number; repository: unknown };
    // Something already running on that pull request: the burst waits behind it.
    const comment = loadPayload("issue_comment", "created") as { issue: { number: number } };
    comment.issue.number = pr.number;
    expect((await deliver(harness, "comment", "issue_comment", comment)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await deliver(harness, `push-${i}`, "pull_request", pr)).status).toBe(200);
    expect(harness.queue.size).toBe(2);
    release();
    await harness.queue.idle();
    expect(seen).toEqual(["push-9"]);
  });

  it("answers 503 when the queue is full, so GitHub's delivery log shows the failure", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    harness = await startServer((app) => app.on("issue_comment.created", () => gate), { concurrency: 1, maxObjects: 1 });
    const on = (number: number) => {
      const payload = loadPayload("issue_comment", "created") as { issue: { number: number } };
      payload.issue.number = number;
      return payload;
    };
    expect((await deliver(harness, "running", "issue_comment", on(1))).status).toBe(200);
    expect((await deliver(harness, "waiting", "issue_comment", on(2))).status).toBe(200);
    expect((await deliver(harness, "refused", "issue_comment", on(3))).status).toBe(503);
    expect(await harness.metrics.registry.getSingleMetricAsString("secwg_events_refused_total")).toContain('event="issue_comment"} 1');
    release();
    await harness.queue.idle();
  });
});

describe("reply fast, work after", () => {
  it("answers GitHub before the handler finishes, then runs it with a logger bound to the delivery", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    harness = await startServer((app) =>
      app.on("issue_comment.created", async (context: Context) => {
        await gate;
        context.log.info("handled");
        finished = true;
      }),
    );
    const response = await deliver(harness, "delivery-fast");
    expect(response.status).toBe(200);
    expect(finished).toBe(false);
    release();
    await harness.queue.idle();
    expect(finished).toBe(true);
    const line = JSON.parse(harness.lines.find((l) => l.includes('"msg":"handled"')) as string);
    expect(line).toMatchObject({ delivery: "delivery-fast", event: "issue_comment.created", installation: 2, repository: "Codertocat/Hello-World" });
    expect(await harness.metrics.registry.getSingleMetricAsString("secwg_events_handled_total")).toContain('event="issue_comment",action="created"} 1');
  });

  it("logs and counts a handler that fails after the reply, without an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      harness = await startServer((app) => app.on("issue_comment.created", async () => Promise.reject(new Error("handler exploded"))));
      expect((await deliver(harness, "delivery-bad")).status).toBe(200);
      await harness.queue.idle();
      await new Promise((r) => setImmediate(r));
      const line = harness.lines.find((l) => l.includes("failed after the reply"));
      expect(line).toContain('"delivery":"delivery-bad"');
      expect(await harness.metrics.registry.getSingleMetricAsString("secwg_events_failed_total")).toContain("} 1");
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("refuses new webhooks with 503 once shutdown has begun, so GitHub records them for redelivery", async () => {
    let ran = false;
    harness = await startServer((app) => app.on("issue_comment.created", async () => void (ran = true)));
    await harness.lifecycle.beginShutdown();
    const response = await deliver(harness, "delivery-late");
    expect(response.status).toBe(503);
    expect(ran).toBe(false);
    expect(await harness.metrics.registry.getSingleMetricAsString("secwg_events_refused_total")).toContain('event="issue_comment"} 1');
  });

  it("still rejects a webhook with a bad signature (400) without running anything", async () => {
    let ran = false;
    harness = await startServer((app) => app.on("issue_comment.created", async () => void (ran = true)));
    const response = await fetch(`${harness.url}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": "forged", "x-hub-signature-256": "sha256=00" },
      body: JSON.stringify(loadPayload("issue_comment", "created")),
    });
    expect(response.status).toBe(400);
    await harness.queue.idle();
    expect(ran).toBe(false);
  });
});

describe("operations endpoints", () => {
  it("reports ready when GitHub accepts the app's JWT, asking GitHub once per minute at most", async () => {
    harness = await startServer(() => {});
    const scope = nock(API).get("/app").once().reply(200, { id: 123, slug: "secwg", name: "secwg" });
    const first = await fetch(`${harness.url}/readyz`);
    const second = await fetch(`${harness.url}/readyz`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await first.json()).toEqual({ status: "ready", checks: { accepting: true, github: true } });
    expect(scope.isDone()).toBe(true);
  });

  it("reports not ready when GitHub refuses the credentials", async () => {
    harness = await startServer(() => {});
    nock(API).get("/app").reply(401, { message: "A JSON web token could not be decoded" });
    const response = await fetch(`${harness.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "not ready", checks: { accepting: true, github: false } });
  });

  it("reports not ready while shutting down, without asking GitHub", async () => {
    harness = await startServer(() => {});
    await harness.lifecycle.beginShutdown();
    const response = await fetch(`${harness.url}/readyz`);
    expect(response.status).toBe(503);
  });

  it("keeps /healthz answering during shutdown (liveness is not readiness)", async () => {
    harness = await startServer(() => {});
    await harness.lifecycle.beginShutdown();
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  });

  it("refuses /metrics without the token or with a wrong one (401), so the public port tells no one when reports move", async () => {
    harness = await startServer((app) => app.on("issue_comment.created", async () => {}));
    await deliver(harness, "delivery-m");
    await harness.queue.idle();
    for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: METRICS_TOKEN }] as Array<Record<string, string>>) {
      const response = await fetch(`${harness.url}/metrics`, { headers });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain("secwg_events_received_total");
    }
  });

  it("switches /metrics off when no metrics token is configured", async () => {
    harness = await startServer((app) => app.on("issue_comment.created", async () => {}), {}, null);
    const response = await fetch(`${harness.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("secwg_");
  });

  it("serves Prometheus metrics to a scraper presenting the metrics token", async () => {
    harness = await startServer((app) => app.on("issue_comment.created", async () => {}));
    await deliver(harness, "delivery-m");
    await harness.queue.idle();
    const response = await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain('secwg_events_received_total{event="issue_comment",action="created"} 1');
    expect(text).toContain("secwg_handler_duration_seconds_bucket");
  });
});
