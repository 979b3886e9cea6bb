import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

/** `GET /metrics`: Prometheus text exposition of the app's registry. */
export function createMetricsHandler(registry: Registry): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") return false;
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType }).end(body);
    return true;
  };
}
