import type { IncomingMessage, ServerResponse } from "node:http";
import { VERSION } from "../version.js";

/** `GET /healthz`: liveness. Answers without touching GitHub so an outage there does not restart pods. */
export function healthHandler(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?")[0];
  if (req.method !== "GET" || path !== "/healthz") return false;
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", version: VERSION }));
  return true;
}
