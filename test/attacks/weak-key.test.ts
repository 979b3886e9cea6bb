import { createHmac } from "node:crypto";
import { Probot } from "probot";
import { startHarness, type Harness } from "../../sim/harness.js";
import { run as sweep } from "../../src/cli/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { loadPayload } from "../helpers/fixtures.js";

/** Probot's development default: public knowledge, so anything signed with it is forgeable. */
const PUBLIC_STRING = "development";

function signed(secret: string, body: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-github-event": "issue_comment",
    "x-github-delivery": "forged-1",
    "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
  };
}

describe("attack: weak keys (no webhook secret, or the public development string)", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it.each([
    ["no WEBHOOK_SECRET", undefined],
    ["an empty WEBHOOK_SECRET", ""],
  ])("the server with credentials and %s refuses to start, so nothing signed with the public string is accepted", async (_why, secret) => {
    let started: Awaited<ReturnType<Harness["startAppProcess"]>> | null = null;
    let refused = false;
    try {
      started = await h.startAppProcess({ WEBHOOK_SECRET: secret, NODE_ENV: "development" });
    } catch {
      refused = true;
    }
    let accepted = false;
    if (started) {
      const body = JSON.stringify(loadPayload("issue_comment", "created"));
      const response = await fetch(started.webhookUrl, { method: "POST", headers: signed(PUBLIC_STRING, body), body });
      accepted = response.status < 300;
      await started.kill();
    }
    expect(accepted).toBe(false);
    expect(refused).toBe(true);
  }, 60_000);

  it("the running server rejects a delivery signed with the public string", async () => {
    const body = JSON.stringify(loadPayload("issue_comment", "created"));
    const response = await fetch(`${h.appUrl}/api/github/webhooks`, { method: "POST", headers: signed(PUBLIC_STRING, body), body });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it("`secwg sweep` without a secret refuses to run instead of signing with a built-in string", async () => {
    const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false }) });
    const writesBefore = h.sim.log.filter((e) => e.write).length;
    const errors: string[] = [];
    const original = console.error;
    console.error = (text: string) => void errors.push(String(text));
    let code: number;
    try {
      code = await sweep([], { probot, env: {}, log: createLogger({ level: "silent" }), print: () => {} } as Parameters<typeof sweep>[1]);
    } finally {
      console.error = original;
    }
    expect(code).toBe(2);
    expect(errors.join("")).toContain("WEBHOOK_SECRET");
    expect(h.sim.log.filter((e) => e.write).length).toBe(writesBefore);
  });
});
