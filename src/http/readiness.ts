import type { IncomingMessage, ServerResponse } from "node:http";
import type { Lifecycle } from "../app/lifecycle.js";

export interface ReadinessOptions {
  lifecycle: Lifecycle;
  /** Proves GitHub is reachable with the app's credentials (`GET /app`); throws when not. */
  probe(): Promise<void>;
  /** How long a successful probe is trusted (a failed one is retried after a fifth of this). */
  cacheMs?: number;
  now?(): number;
}

/**
 * `GET /readyz`: ready when not shutting down and GitHub accepted the app's JWT recently. Cached so
 * a probe every few seconds costs one GitHub request a minute. Failures say which condition failed,
 * never why in detail (the reason is in the log).
 */
export function createReadinessHandler(options: ReadinessOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const cacheMs = options.cacheMs ?? 60_000;
  const now = options.now ?? Date.now;
  let last: { ok: boolean; at: number } | undefined;
  let inFlight: Promise<boolean> | undefined;

  const githubReachable = async (): Promise<boolean> => {
    if (last && now() - last.at < (last.ok ? cacheMs : cacheMs / 5)) return last.ok;
    inFlight ??= options
      .probe()
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        last = { ok, at: now() };
        inFlight = undefined;
        return ok;
      });
    return inFlight;
  };

  return async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/readyz") return false;
    const checks = { accepting: !options.lifecycle.shuttingDown, github: options.lifecycle.shuttingDown ? false : await githubReachable() };
    const ready = checks.accepting && checks.github;
    res.writeHead(ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: ready ? "ready" : "not ready", checks }));
    return true;
  };
}
