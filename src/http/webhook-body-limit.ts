import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Counter } from "prom-client";

/**
 * GitHub never delivers a webhook payload larger than 25 MB, so a larger body is not from GitHub.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap
 */
export const MAX_WEBHOOK_BODY_BYTES = 25 * 1024 * 1024;

const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";
/** Where a refused request is sent instead, so that Probot's middleware never reads its body. */
const REFUSED_PATH = "/__secwg/refused-webhook-body";
/** A registered symbol, so a copy of this module loaded twice (test runners do) recognises the other's mark. */
const refusal = Symbol.for("secwg.refusedWebhookBody");

type Refusal = { status: 413; length: number } | { status: "cut" };
type Marked = IncomingMessage & { [refusal]?: Refusal };

const state: {
  paths: Set<string>;
  /** Counts the bodies cut off by the guard (the latest installed app's counter: one app per process in production). */
  cutCounter?: Counter<"reason">;
} = { paths: new Set() };

function pathOf(url: string | undefined): string {
  return (url ?? "").split("?")[0] ?? "";
}

/**
 * Caps webhook bodies before anything buffers them, and returns the Probot handler answering the
 * refused requests. Probot's server hands every request to its webhook middleware first, which
 * reads the whole body into memory before checking the signature; there is no hook in front of it.
 * Node announces each request on the `http.server.request.start` diagnostics channel synchronously,
 * before the server's `request` listeners run, so the limit sits there:
 * - a POST to the webhook path declaring a `Content-Length` above the cap is routed to the returned
 *   handler (413, connection closed) before a byte of its body is read; Node's parser never delivers
 *   more than the declared length, so a declared length bounds the body;
 * - a body without a length (chunked) is counted as it arrives and the connection is cut at the
 *   cap, so at most 25 MB is ever held for it.
 * Each refusal counts in `refused` (`reason`: `declared-length` or `cut`). The subscription is
 * process-wide (the channel is) and inert for every other path; installing again adds nothing.
 * @see https://nodejs.org/api/diagnostics_channel.html#http
 */
export function installWebhookBodyLimit(refused: Counter<"reason">, webhookPath = process.env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH) {
  state.cutCounter = refused;
  if (state.paths.size === 0) {
    subscribe("http.server.request.start", (message) => {
      try {
        inspect((message as { request: IncomingMessage }).request);
      } catch {
        // Never let the guard break a request: without it the request is merely unguarded.
      }
    });
  }
  state.paths.add(webhookPath);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const marked = (req as Marked)[refusal];
    if (!marked || marked.status !== 413 || pathOf(req.url) !== REFUSED_PATH) return false;
    refused.inc({ reason: "declared-length" });
    res.shouldKeepAlive = false;
    res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end(`Payload too large: GitHub delivers at most ${MAX_WEBHOOK_BODY_BYTES} bytes\n`);
    res.on("finish", () => req.socket.destroy());
    return true;
  };
}

function inspect(request: Marked): void {
  if (request.method !== "POST" || !state.paths.has(pathOf(request.url))) return;
  const declared = request.headers["content-length"];
  if (declared !== undefined && request.headers["transfer-encoding"] === undefined) {
    const length = Number(declared);
    if (length > MAX_WEBHOOK_BODY_BYTES) {
      request[refusal] = { status: 413, length };
      request.url = REFUSED_PATH;
    }
    return;
  }
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= MAX_WEBHOOK_BODY_BYTES) return;
    request.off("data", count);
    request[refusal] = { status: "cut" };
    state.cutCounter?.inc({ reason: "cut" });
    request.socket.destroy();
  };
  request.on("data", count);
}
