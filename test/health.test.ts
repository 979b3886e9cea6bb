import { createServer, type Server } from "node:http";
import { once } from "node:events";
import { healthHandler } from "../src/http/health.js";
import { VERSION } from "../src/version.js";

describe("GET /healthz", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!healthHandler(req, res)) res.writeHead(404).end();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers 200 with the app's version", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", version: VERSION });
  });

  it("leaves other paths to the next handler", async () => {
    expect((await fetch(`${base}/healthz/extra`)).status).toBe(404);
  });
});
