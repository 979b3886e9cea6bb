import { Probot } from "probot";
import { routeEvents } from "../../src/app/event-routing.js";
import { Lifecycle } from "../../src/app/lifecycle.js";
import { isTransientFailure, nextRetryDelay } from "../../src/core/retry-policy.js";
import { WorkQueue } from "../../src/app/work-queue.js";
import { ConfigError, GitHubError } from "../../src/errors.js";
import { createMetrics } from "../../src/metrics.js";
import { loadPayload } from "../helpers/fixtures.js";
import { captureLogger, testPrivateKey } from "../helpers/probot.js";

describe("retry policy for queued events", () => {
  it("retries GitHub 5xx, rate limits and network resets, not client errors or bad config", () => {
    expect(isTransientFailure(new GitHubError(502, "GET /x", "Bad Gateway"))).toBe(true);
    expect(isTransientFailure(new GitHubError(429, "GET /x", "Too Many Requests"))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error("API rate limit exceeded"), { status: 403 }))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isTransientFailure(new GitHubError(403, "POST /x", "Resource not accessible by integration"))).toBe(false);
    expect(isTransientFailure(new GitHubError(422, "POST /x", "Validation Failed"))).toBe(false);
    expect(isTransientFailure(new ConfigError("f", [{ path: "a", message: "b" }]))).toBe(false);
    expect(isTransientFailure(new TypeError("x is undefined"))).toBe(false);
  });

  it("gives up after the configured number of attempts", () => {
    const error = new GitHubError(503, "GET /x", "Unavailable");
    expect([1, 2, 3, 4].map((attempt) => nextRetryDelay(error, attempt, [10, 20, 30]))).toEqual([10, 20, 30, null]);
  });
});

describe("queued handlers", () => {
  async function setUp(handler: () => Promise<void>) {
    const { log, lines } = captureLogger();
    const probot = new Probot({ appId: 1, privateKey: testPrivateKey(), secret: "s", log });
    const queue = new WorkQueue({ concurrency: 2, onError: () => {} });
    const routed = routeEvents(probot, { queue, metrics: createMetrics(), lifecycle: new Lifecycle(), retryDelaysMs: [5, 5] });
    routed.on("issue_comment.created", handler);
    const payload = loadPayload("issue_comment", "created") as any;
    payload.comment.body = "no commands";
    await probot.receive({ id: "d-1", name: "issue_comment", payload });
    const settle = async () => {
      for (let i = 0; i < 50 && (queue.size > 0 || i < 5); i++) {
        await queue.idle();
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    return { lines, settle };
  }

  it("runs a handler again after a transient GitHub failure, until it succeeds", async () => {
    let calls = 0;
    const { lines, settle } = await setUp(async () => {
      calls++;
      if (calls === 1) throw new GitHubError(502, "GET /x", "Bad Gateway");
    });
    await settle();
    expect(calls).toBe(2);
    expect(lines.join("")).toContain("retrying");
  });

  it("stops after the last attempt and says the sweep will reconcile", async () => {
    let calls = 0;
    const { lines, settle } = await setUp(async () => {
      calls++;
      throw new GitHubError(500, "GET /x", "Server Error");
    });
    await settle();
    expect(calls).toBe(3);
    expect(lines.join("")).toContain("the sweep reconciles this object");
  });

  it("does not retry a failure that would repeat", async () => {
    let calls = 0;
    const { settle } = await setUp(async () => {
      calls++;
      throw new GitHubError(422, "POST /x", "Validation Failed");
    });
    await settle();
    expect(calls).toBe(1);
  });
});
