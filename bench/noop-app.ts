/**
 * The framework floor for bench/reply.bench.ts: a Probot app that answers `pull_request` and does
 * nothing, run with Probot's `run()` from the same environment as secwg (`npm start`), serving
 * `/healthz` so the harness knows it is up.
 */
import { run } from "probot";

await run((app, { addHandler }) => {
  app.on("pull_request.opened", async () => {});
  addHandler((req, res) => {
    if (req.url !== "/healthz") return false;
    res.writeHead(200).end("ok");
    return true;
  });
});
