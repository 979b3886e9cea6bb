/**
 * RSS per queued object: queues N `pull_request.opened` deliveries on N pull requests (each task
 * holds its parsed payload, as a queued Probot context does) behind a task that never finishes, and
 * reports the growth of RSS per queued task. `npx tsx bench/queue-memory.ts [N]`.
 */
import { readFileSync } from "node:fs";
import { WorkQueue } from "../src/app/work-queue.js";

const n = Number(process.argv[2] ?? 2000);
const raw = readFileSync(new URL("../fixtures/webhooks/pull_request/opened.json", import.meta.url), "utf8");
const queue = new WorkQueue({ concurrency: 1, onError: () => {}, maxObjects: n + 10, maxBytes: Number.MAX_SAFE_INTEGER });
queue.enqueue({ key: "blocker", deliveryId: "b", name: "x" }, () => new Promise(() => {}));
global.gc?.();
const before = process.memoryUsage().rss;
for (let i = 0; i < n; i++) {
  const payload = JSON.parse(raw) as { number: number };
  payload.number = i;
  queue.reconcile({ key: `acme/webapp#${i}`, deliveryId: `d${i}`, name: "pull_request.opened" }, "review", async () => void payload.number);
}
global.gc?.();
const after = process.memoryUsage().rss;
console.log(JSON.stringify({ queued: n, payloadBytes: raw.length, rssPerTaskKB: Math.round((after - before) / n / 1024) }));
process.exit(0);
