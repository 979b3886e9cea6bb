import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs the demo the way `npm start` without credentials does (`src/demo/launch.ts`), playing every scenario once. */
function runDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    for (const name of ["APP_ID", "PRIVATE_KEY", "PRIVATE_KEY_PATH", "WEBHOOK_SECRET", "LOG_LEVEL", "NODE_OPTIONS"]) delete env[name];
    const child = spawn(process.execPath, ["--import", "tsx", `${ROOT}sim/demo.ts`, "--once"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

/**
 * The newcomer's first look at secwg is the demo's narration: it must read as a story, with no log
 * line (Probot's JSON) and no stack trace in it. The report scenario used to print one when the
 * publication sweep and the `repository_advisory.published` webhook both proposed the archive file.
 */
describe("the demo (npm start without credentials)", () => {
  let result: { code: number | null; output: string };

  beforeAll(async () => {
    result = await runDemo();
  }, 90_000);

  it("plays every scenario and exits cleanly", () => {
    expect(result.code).toBe(0);
    expect(result.output).toContain("0 requests outside GitHub's API description");
    expect(result.output).not.toMatch(/[1-9]\d* requests outside GitHub's API description/);
  });

  it("shows the demo's own activity in its board report: the flagged pull request and the membership vote", () => {
    expect(result.output).toMatch(/pull requests: Flagged: [1-9]\d*; reviewed: \d+;/);
    expect(result.output).toMatch(/membership: Joined: @\w+/);
  });

  it("prints narration only: no JSON log line and no stack trace", () => {
    const noise = result.output.split("\n").filter((line) => /^\s*\{.*\}\s*$/.test(line) || /^\s+at .+[(:]\d+/.test(line) || /"level"\s*:/.test(line) || /\bError\b:/.test(line));
    expect(noise).toEqual([]);
  });
});
