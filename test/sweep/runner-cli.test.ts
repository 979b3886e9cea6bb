import nock from "nock";
import { Probot } from "probot";
import { run } from "../../src/cli/sweep.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import type { AnySweepStep } from "../../src/sweep/types.js";
import { API, captureLogger, testPrivateKey, useStrictNock } from "../helpers/probot.js";

useStrictNock();

function testProbot(): Probot {
  return new Probot({ appId: 123, privateKey: testPrivateKey(), log: captureLogger().log, Octokit: createSecwgOctokit({ throttle: false, retry: false }) });
}

const appStep = (name: string, fail = false): AnySweepStep => ({
  name,
  scope: "app",
  run: async (context: { dryRun: boolean }) => {
    if (fail) throw new Error("step broke");
    return { actions: [context.dryRun ? `${name} would act` : `${name} acted`], errors: [] };
  },
});

/** An environment with a webhook secret: the sweep signs records with it. */
const KEYED = { WEBHOOK_SECRET: "sweep-test-secret" };

describe("secwg sweep", () => {
  it.each([
    ["no WEBHOOK_SECRET", {}],
    ["an empty WEBHOOK_SECRET", { WEBHOOK_SECRET: "" }],
    ["Probot's public development secret", { WEBHOOK_SECRET: "development" }],
  ])("refuses to sweep (exit 2, before any step) with %s: there is no built-in signing key", async (_why, env) => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (text: string) => void errors.push(text);
    let ran = false;
    try {
      const step: AnySweepStep = { name: "one", scope: "app", run: async () => ((ran = true), { actions: [], errors: [] }) };
      expect(await run([], { env, probot: testProbot(), steps: [step], log: captureLogger().log, print: () => {} })).toBe(2);
    } finally {
      console.error = original;
    }
    expect(ran).toBe(false);
    expect(errors.join("")).toContain("WEBHOOK_SECRET");
  });

  it("prints what the sweep did and exits 0", async () => {
    const printed: string[] = [];
    const code = await run([], { env: KEYED, probot: testProbot(), steps: [appStep("one")], log: captureLogger().log, print: (t) => printed.push(t) });
    expect(code).toBe(0);
    expect(printed.join("\n")).toContain("one [app]: ok");
    expect(printed.join("\n")).toContain("  - one acted");
  });

  it("passes --dry-run and --step through", async () => {
    const printed: string[] = [];
    const code = await run(["--step", "two", "--dry-run"], { env: KEYED, probot: testProbot(), steps: [appStep("one"), appStep("two")], log: captureLogger().log, print: (t) => printed.push(t) });
    expect(code).toBe(0);
    expect(printed.join("\n")).toContain("two would act");
    expect(printed.join("\n")).not.toContain("one");
  });

  it("exits 1 when a step fails, so the scheduler marks the job failed", async () => {
    const code = await run([], { env: KEYED, probot: testProbot(), steps: [appStep("bad", true)], log: captureLogger().log, print: () => {} });
    expect(code).toBe(1);
  });

  it("exits 2 for an unknown step or argument", async () => {
    const deps = { env: KEYED, probot: testProbot(), steps: [appStep("one")], log: captureLogger().log, print: () => {} };
    expect(await run(["--step", "nope"], deps)).toBe(2);
    expect(await run(["--frobnicate"], deps)).toBe(2);
    expect(await run(["--step"], deps)).toBe(2);
  });

  it("exits 2 with a clear message when credentials are missing", async () => {
    const saved = { APP_ID: process.env.APP_ID, PRIVATE_KEY: process.env.PRIVATE_KEY, PRIVATE_KEY_PATH: process.env.PRIVATE_KEY_PATH };
    delete process.env.APP_ID;
    delete process.env.PRIVATE_KEY;
    delete process.env.PRIVATE_KEY_PATH;
    const errors: string[] = [];
    const original = console.error;
    console.error = (text: string) => void errors.push(text);
    try {
      expect(await run([], { env: KEYED, steps: [appStep("one")], log: captureLogger().log, print: () => {} })).toBe(2);
      expect(errors.join("")).toContain("set APP_ID and PRIVATE_KEY");
    } finally {
      console.error = original;
      Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
    }
  });

  it("runs the registered redelivery step against the app's deliveries", async () => {
    nock(API).get("/app/hook/deliveries").query(true).reply(200, []);
    const printed: string[] = [];
    const code = await run(["--step", "redeliver"], { env: KEYED, probot: testProbot(), log: captureLogger().log, print: (t) => printed.push(t) });
    expect(code).toBe(0);
    expect(printed.join("\n")).toContain("redeliver [app]: ok");
  });
});
