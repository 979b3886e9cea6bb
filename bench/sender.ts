/**
 * The webhook sender of bench/reply.bench.ts, in a process of its own so its CPU is not the app's:
 * sends COUNT signed deliveries of one body with CONCURRENCY in flight and prints one JSON line
 * (`done`, `seconds`, `p50`, `p99`, `errors`).
 *   TARGET=url SECRET=s EVENT=pull_request BODY_FILE=path COUNT=n CONCURRENCY=c npx tsx bench/sender.ts
 */
import { readFileSync } from "node:fs";
import { percentile, pool, webhookSender } from "./harness.js";

const env = process.env;
const body = readFileSync(env.BODY_FILE ?? "", "utf8");
const sender = webhookSender(env.TARGET ?? "", env.SECRET ?? "", Number(env.CONCURRENCY ?? 16) * 2);
const times: number[] = [];
let errors = 0;
const started = performance.now();
const done = await pool(Number(env.COUNT ?? 500), Number(env.CONCURRENCY ?? 16), Number(env.DEADLINE_MS ?? 60_000), async () => {
  const r = await sender.send(env.EVENT ?? "pull_request", body).catch(() => ({ status: 0, ms: 0 }));
  if (r.status < 200 || r.status >= 300) errors++;
  else times.push(r.ms);
});
const seconds = (performance.now() - started) / 1000;
sender.close();
console.log(JSON.stringify({ done, seconds, p50: percentile(times, 50), p99: percentile(times, 99), errors }));
