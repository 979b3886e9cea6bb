/**
 * Shared pieces of the end-to-end and load benchmarks: result rows (collected by bench/run-all.ts),
 * percentiles, and a lean signed-webhook sender that keeps no per-delivery state (so memory
 * measurements see the app, not the sender). All traffic goes to 127.0.0.1.
 */
import { createHmac } from "node:crypto";
import { Agent, request } from "node:http";

export interface BenchRow {
  bench: string;
  metric: string;
  value: string;
  goal?: string;
  note?: string;
}

/** Prints one result row; run-all.ts collects lines starting with `BENCH `. */
export function report(row: BenchRow): void {
  console.log(`BENCH ${JSON.stringify(row)}`);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Sends one signed delivery per call over a keep-alive connection pool; resolves with status and time to reply. */
export function webhookSender(target: string, secret: string, maxSockets = 32) {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets });
  let counter = 0;
  return {
    send(event: string, body: string): Promise<{ status: number; ms: number }> {
      const started = performance.now();
      const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
      return new Promise((resolve, reject) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              "x-github-event": event,
              "x-github-delivery": `bench-${++counter}`,
              "x-hub-signature-256": signature,
            },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close(): void {
      agent.destroy();
    },
  };
}

/** Runs `task` `count` times with at most `concurrency` in flight, stopping early at `deadlineMs`. */
export async function pool(count: number, concurrency: number, deadlineMs: number, task: (i: number) => Promise<void>): Promise<number> {
  const stopAt = performance.now() + deadlineMs;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count && performance.now() < stopAt) {
      const i = next++;
      await task(i);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
