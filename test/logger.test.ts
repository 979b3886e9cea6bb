import { captureLogger } from "./helpers/probot.js";
import { GitHubError } from "../src/errors.js";
import { callGitHub } from "../src/github/octokit-gateway.js";

const CANARY = "CANARY-7f3a SQL injection in the login form via the next parameter";

describe("logger", () => {
  it("never writes text registered as private, whatever field or message carries it", () => {
    const { log, lines, registry } = captureLogger();
    registry.register(`Summary line\n${CANARY}`);
    log.info({ note: `prefix ${CANARY} suffix` }, "handled");
    log.warn(`message with ${CANARY}`);
    log.error({ nested: { deeper: [CANARY] } }, "nested");
    const output = lines.join("");
    expect(lines).toHaveLength(3);
    expect(output).not.toContain("CANARY-7f3a");
    expect(output).toContain("[redacted]");
  });

  it("still finds private text that JSON escaping changed", () => {
    const { log, lines, registry } = captureLogger();
    const quoted = 'payload "quoted" CANARY-1234 \\ backslash';
    registry.register(quoted);
    log.info({ field: quoted }, "x");
    expect(lines.join("")).not.toContain("CANARY-1234");
  });

  it("drops advisory and body fields by key", () => {
    const { log, lines } = captureLogger();
    log.info({ advisory: { summary: "secret summary", description: "secret description" }, comment: { body: "secret body" } }, "x");
    const output = lines.join("");
    expect(output).not.toMatch(/secret (summary|description|body)/);
  });

  it("scrubs tokens and private keys", () => {
    const { log, lines } = captureLogger();
    const key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----";
    log.info(`token ghs_${"a".repeat(36)} and github_pat_${"b".repeat(30)} and ${key}`);
    const output = lines.join("");
    expect(output).not.toContain("ghs_aaaa");
    expect(output).not.toContain("github_pat_bbbb");
    expect(output).not.toContain("MIIEabc");
  });

  it("logs a failed GitHub call without the request body that caused it", async () => {
    const { log, lines } = captureLogger();
    const requestError = Object.assign(new Error("Validation Failed - https://docs.github.com/rest"), {
      status: 422,
      request: { method: "POST", url: "https://api.github.com/repos/o/r/issues", body: { body: "private report text" } },
    });
    const error = await callGitHub("POST /repos/{owner}/{repo}/issues", () => Promise.reject(requestError)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    log.error({ err: error }, "failed");
    log.error({ err: requestError }, "raw error");
    const output = lines.join("");
    expect(output).toContain("GitHub answered 422 to POST /repos/{owner}/{repo}/issues: Validation Failed");
    expect(output).not.toContain("private report text");
  });
});

describe("logger: queued event handling", () => {
  it("never logs a planted token, private key or advisory summary from a handler that fails after the reply", async () => {
    const { createTestProbot } = await import("./helpers/probot.js");
    const { setUpOperations } = await import("../src/app/operations.js");
    const { defaultDeps } = await import("../src/app/deps.js");
    const { WorkQueue } = await import("../src/app/work-queue.js");
    const { Lifecycle } = await import("../src/app/lifecycle.js");
    const { createMetrics } = await import("../src/metrics.js");
    const { loadPayload } = await import("./helpers/fixtures.js");
    const token = "ghs_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAplanted\n-----END RSA PRIVATE KEY-----";
    const embargoed = "EMBARGOED-CANARY remote code execution in the template loader";
    const queue = new WorkQueue({ concurrency: 1, onError: () => {} });
    const { probot, logLines } = await createTestProbot((app, options) => {
      const routed = setUpOperations(app, options, defaultDeps({ signingKey: "test-secret" }), { queue, lifecycle: new Lifecycle(), metrics: createMetrics() });
      routed.on("issue_comment.created", async (context) => {
        context.log.info({ advisory: { summary: embargoed }, token, privateKey: pem }, "working");
        throw Object.assign(new Error(`request failed with ${token} and ${pem}`), { request: { headers: { authorization: `token ${token}` } } });
      });
    });
    await probot.receive({ id: "redaction-delivery", name: "issue_comment", payload: loadPayload("issue_comment", "created") as any });
    await queue.idle();
    const output = logLines.join("");
    expect(output).toContain("redaction-delivery");
    expect(output).toContain("failed after the reply");
    expect(output).not.toContain(token);
    expect(output).not.toContain("MIIEowIBAAKCAQEAplanted");
    expect(output).not.toContain("EMBARGOED-CANARY");
  });
});
