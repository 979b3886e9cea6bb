import { request } from "node:http";
import { startHarness, type Harness } from "../../sim/harness.js";
import { MAX_WEBHOOK_BODY_BYTES } from "../../src/http/webhook-body-limit.js";

interface Outcome {
  status?: number;
  /** Bytes of the body the client managed to hand to the socket before the server answered or cut it. */
  written: number;
}

/** POSTs `total` bytes of unsigned junk to the webhook URL in 64 KiB chunks, as fast as the socket takes them. */
function post(url: string, total: number, declareLength: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    const outcome: Outcome = { written: 0 };
    const req = request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issue_comment",
        "x-github-delivery": "00000000-0000-0000-0000-00000000dead",
        // A forged signature: the body is only verified once it has been read.
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
        ...(declareLength ? { "content-length": String(total) } : {}),
      },
    });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      req.destroy();
      resolve(outcome);
    };
    req.on("response", (res) => {
      outcome.status = res.statusCode;
      res.resume();
      res.on("end", finish);
    });
    req.on("error", finish);
    req.on("close", finish);
    const pump = () => {
      while (!done && outcome.written < total) {
        outcome.written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

async function refusedCount(h: Harness, reason: string): Promise<number> {
  const text = await (await fetch(`${h.appUrl}/metrics`)).text();
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
