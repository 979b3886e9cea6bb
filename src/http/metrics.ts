import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

/**
 * `GET /metrics`: Prometheus text exposition of the app's registry, behind a bearer token.
 *
 * The metrics carry per-event and per-route labels (`repository_advisory`, advisory forks, CVE
 * requests) whose counters move when a private report arrives or progresses. The webhook port is
 * public, so the endpoint answers only a scraper that presents `METRICS_TOKEN`
 * (`Authorization: Bearer …`); without a configured token it is switched off (404), never open.
 */
export function createMetricsHandler(registry: Registry, token?: string): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const expected = token ? digest(token) : null;
  return async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") return false;
    if (!expected) {
      res.writeHead(404, { "content-type": "text/plain" }).end("metrics are switched off: set METRICS_TOKEN to serve them to a scraper that presents it\n");
      return true;
    }
    const header = req.headers.authorization ?? "";
    const presented = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="secwg metrics"' }).end("a bearer token is required\n");
      return true;
    }
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType }).end(body);
    return true;
  };
}

/** Fixed-length digests, so the comparison takes the same time whatever was presented. */
function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
