import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { once } from "node:events";
import { createNodeMiddleware } from "probot";
import { createTestApp } from "./helpers/probot.js";
import { loadPayload } from "./helpers/fixtures.js";

/** The app behind Probot's real webhook middleware, as GitHub reaches it. */
describe("POST /api/github/webhooks", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const { probot } = await createTestApp();
    const middleware = await createNodeMiddleware(() => {}, { probot });
    server = createServer((req, res) => {
      void middleware(req, res, () => res.writeHead(404).end());
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/github/webhooks`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function send(body: string, signature: string) {
    return fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issue_comment",
        "x-github-delivery": "5b3c1a00-0000-0000-0000-000000000001",
        "x-hub-signature-256": signature,
      },
      body,
    });
  }

  it("rejects a delivery whose signature does not match the webhook secret", async () => {
    const body = JSON.stringify(loadPayload("issue_comment", "created"));
    const forged = `sha256=${createHmac("sha256", "wrong-secret").update(body).digest("hex")}`;
    expect((await send(body, forged)).status).toBe(400);
  });

  it("accepts a correctly signed delivery", async () => {
    const payload = loadPayload("issue_comment", "created") as any;
    payload.comment.body = "thanks, no commands here";
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac("sha256", "test-secret").update(body).digest("hex")}`;
    expect((await send(body, signature)).status).toBe(200);
  });
});
