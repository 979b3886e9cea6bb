/**
 * Reply time vs time to visible effect: `npx tsx bench/reliability.bench.ts [events]`.
 * A burst of `events` pull requests (different objects) arrives at once. Each needs what a security
 * PR needs: a label, a review request, a comment and a check run (two of them notify people, so
 * Probot's throttling spaces them ≥ 3 s; all writes ≥ 1 s). GitHub is nock with 100 ms latency.
 * Measured twice: handlers inline (Probot replies when they finish, or 202 after 9 s) and queued
 * (secwg's default: reply once the signature is verified, work after).
 */
import { createHmac } from "node:crypto";
import { generateKeyPairSync } from "node:crypto";
import { request } from "node:http";
import nock from "nock";
import pino from "pino";
import { Probot, Server, type Context } from "probot";
import { defaultDeps } from "../src/app/deps.js";
import { Lifecycle } from "../src/app/lifecycle.js";
import { setUpOperations } from "../src/app/operations.js";
import { WorkQueue } from "../src/app/work-queue.js";
import { createMetrics } from "../src/metrics.js";
import { createSecwgOctokit } from "../src/octokit.js";

const API = "https://api.github.com";
const LATENCY_MS = 100;
const EVENTS = Number(process.argv[2] ?? 5);
const SECRET = "bench";
const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function scenario(mode: "inline" | "queued") {
  nock.cleanAll();
  const visibleAt = new Map<number, number>();
  nock(API)
    .persist()
    .post(/access_tokens/)
    .reply(201, { token: "ghs_bench", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    .post(/\/issues\/\d+\/labels/)
    .delay(LATENCY_MS)
    .reply(200, [{ name: "security" }])
    .post(/\/pulls\/\d+\/requested_reviewers/)
    .delay(LATENCY_MS)
    .reply(201, {})
    .post(/\/issues\/\d+\/comments/)
    .delay(LATENCY_MS)
    .reply(201, { id: 1 })
    .post("/repos/o/r/check-runs")
    .delay(LATENCY_MS)
    .reply(function (_uri, body: any) {
      visibleAt.set(Number(body.external_id), Date.now());
      return [201, { id: 1 }];
    });
  nock.enableNetConnect(/127\.0\.0\.1/);

  const log = pino({ level: "silent" });
  const queue = new WorkQueue({ concurrency: 8, onError: () => {} });
  const server = new Server({
    host: "127.0.0.1",
    port: 0,
    log,
    Probot: Probot.defaults({ appId: 1, privateKey, secret: SECRET, log, Octokit: createSecwgOctokit({ retry: false }) }),
  });
  await server.load((app, options) => {
    const routed = setUpOperations(app, options, { ...defaultDeps({ signingKey: "bench-signing-key" }), inline: mode === "inline" }, { queue, lifecycle: new Lifecycle(), metrics: createMetrics() });
    routed.on("pull_request.opened", async (context: Context<"pull_request.opened">) => {
      const pr = { owner: "o", repo: "r" };
      const n = context.payload.number;
      await context.octokit.rest.issues.addLabels({ ...pr, issue_number: n, labels: ["security"] });
      await context.octokit.rest.pulls.requestReviewers({ ...pr, pull_number: n, reviewers: ["reviewer"] });
      await context.octokit.rest.issues.createComment({ ...pr, issue_number: n, body: "checklist" });
      await context.octokit.rest.checks.create({ ...pr, name: "secwg / security review", head_sha: "abc", external_id: String(n) });
    });
  });
  await server.start();

  const started = Date.now();
  const replies = await Promise.all(
    Array.from({ length: EVENTS }, async (_, i) => {
      const body = JSON.stringify({ action: "opened", number: i + 1, installation: { id: 1 }, repository: { full_name: "o/r", name: "r", owner: { login: "o" } }, pull_request: { number: i + 1 } });
      const sent = Date.now();
      const status = await post(`http://127.0.0.1:${server.port}/api/github/webhooks`, body, {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": `bench-${i}`,
        "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
      });
      return { status, ms: Date.now() - sent };
    }),
  );
  while (visibleAt.size < EVENTS) await new Promise((r) => setTimeout(r, 50));
  await queue.idle();
  await server.stop();
  const effects = [...visibleAt.values()].map((t) => t - started).sort((a, b) => a - b);
  const replyMs = replies.map((r) => r.ms).sort((a, b) => a - b);
  return {
    mode,
    statuses: [...new Set(replies.map((r) => r.status))].join("/"),
    replyMedianMs: replyMs[Math.floor(replyMs.length / 2)],
    replyMaxMs: replyMs[replyMs.length - 1],
    effectFirstMs: effects[0],
    effectLastMs: effects[effects.length - 1],
  };
}

const results = [await scenario("queued"), await scenario("inline")];
console.table(results);
process.exit(0);
