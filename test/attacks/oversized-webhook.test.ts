import { connect } from "node:net";
import { HARNESS_METRICS_TOKEN, startHarness, type Harness } from "../../sim/harness.js";
import { MAX_WEBHOOK_BODY_BYTES } from "../../src/http/webhook-body-limit.js";

interface Outcome {
  status?: number;
  /** Bytes of the body the client managed to hand to the socket before the server answered or cut it. */
  written: number;
}

/**
 * POSTs `total` bytes of junk with a forged signature to the webhook URL in 64 KiB chunks, as fast as
 * the socket takes them. A raw TCP socket: what the server does is measured, not an HTTP client's buffering.
 */
function post(url: string, total: number, declareLength: boolean): Promise<Outcome> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    const outcome: Outcome = { written: 0 };
    const socket = connect(Number(port), hostname);
    let response = "";
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
      if (status) outcome.status = Number(status);
      socket.destroy();
      resolve(outcome);
    };
    socket.on("data", (data) => (response += data.toString("latin1")));
    socket.on("error", finish);
    socket.on("close", finish);
    const head = [
      `POST ${pathname} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      "Content-Type: application/json",
      "X-GitHub-Event: issue_comment",
      "X-GitHub-Delivery: 00000000-0000-0000-0000-00000000dead",
      // A forged signature: the body is only verified once it has been read.
      `X-Hub-Signature-256: sha256=${"0".repeat(64)}`,
      declareLength ? `Content-Length: ${total}` : "Transfer-Encoding: chunked",
      "",
      "",
    ].join("\r\n");
    const frame = declareLength ? chunk : Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    socket.once("connect", () => {
      socket.write(head);
      const pump = () => {
        while (!done && !socket.destroyed && outcome.written < total) {
          outcome.written += chunk.length;
          if (!socket.write(frame)) return void socket.once("drain", pump);
        }
        if (!done && !socket.destroyed) socket.end(declareLength ? "" : "0\r\n\r\n");
      };
      pump();
    });
  });
}

async function refusedCount(h: Harness, reason: string): Promise<number> {
  const text = await (await fetch(`${h.appUrl}/metrics`, { headers: { authorization: `Bearer ${HARNESS_METRICS_TOKEN}` } })).text();
  return Number(new RegExp(`^secwg_webhook_bodies_refused_total\\{reason="${reason}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
}

describe("attack: an unauthenticated oversized webhook body", () => {
  let h: Harness;
  const size = 26 * 1024 * 1024;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("answers 413 to a declared 26 MB body before reading it, and counts it", async () => {
    expect(size).toBeGreaterThan(MAX_WEBHOOK_BODY_BYTES);
    const heap = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const outcome = await post(`${h.appUrl}/api/github/webhooks`, size, true);
    expect(outcome.status).toBe(413);
    // The server closed the connection long before the client could send everything.
    expect(outcome.written).toBeLessThan(size / 2);
    expect(process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heap).toBeLessThan(20 * 1024 * 1024);
    expect(await refusedCount(h, "declared-length")).toBe(1);
  });

  it("cuts off a chunked body without a length at 25 MB, and counts it", async () => {
    const endless = 48 * 1024 * 1024;
    const outcome = await post(`${h.appUrl}/api/github/webhooks`, endless, false);
    expect(outcome.status).toBeUndefined();
    expect(outcome.written).toBeLessThan(endless);
    expect(await refusedCount(h, "cut")).toBe(1);
  });

  it("still accepts normal signed deliveries", async () => {
    const before = h.hooks.deliveries.length;
    const { webapp, mallory } = h.org;
    const issue = h.sim.world.createIssue(webapp, mallory, { title: "Crash on start", body: "steps to reproduce" });
    await h.act(() => h.sim.world.addComment(webapp, issue, mallory, "Any news?"));
    const deliveries = h.hooks.deliveries.slice(before);
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.map((d) => d.status_code)).toEqual(deliveries.map(() => 200));
    expect(h.failedWork).toEqual([]);
  });
});
