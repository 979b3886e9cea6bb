import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "../../sim/harness.js";

/**
 * A real Redis for integration tests, on a free port, no persistence, stopped afterwards.
 * `.ci/run` installs `redis-server` when it is missing. Outside CI a machine without it skips these
 * tests with a loud message; in CI (`CI=true`) a missing binary fails them.
 */
export function redisServerAvailable(): boolean {
  const found = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
  if (!found) {
    if (process.env.CI === "true") throw new Error("redis-server is not installed, and CI=true: the Redis integration tests must run in CI (.ci/run installs it)");
    console.warn("\n*** redis-server is not installed: SKIPPING the Redis integration tests (apt-get install -y redis-server) ***\n");
  }
  return found;
}

export interface TestRedis {
  url: string;
  /** A new client (each one stands for a separate process's connection). */
  client(): Redis;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => {});
  for (let i = 0; ; i++) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  probe.disconnect();
  return {
    url,
    client() {
      const c = new Redis(url);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.disconnect();
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    },
  };
}
