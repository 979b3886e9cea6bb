import { jest } from "@jest/globals";
import nock from "nock";
import { Probot } from "probot";
import { renderMarker } from "../../src/core/marker.js";
import { createMetrics } from "../../src/metrics.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { renderSweepReport, runSweep, scheduleSweeps, singleFlight, sweepSucceeded, UnknownStepError, type SweepOptions } from "../../src/sweep/runner.js";
import type { AnySweepStep, SweepStep } from "../../src/sweep/types.js";
import { writesAreRecorded } from "../../src/github/recording-gateway.js";
import { API, captureLogger, recordRequests, testPrivateKey, useStrictNock } from "../helpers/probot.js";

useStrictNock();

const NOW = new Date("2026-11-25T12:00:00Z");

function testProbot(): Probot {
  return new Probot({ appId: 123, privateKey: testPrivateKey(), log: captureLogger().log, Octokit: createSecwgOctokit({ throttle: false, retry: false }) });
}

function options(steps: AnySweepStep[], extra: Partial<SweepOptions> = {}): SweepOptions & { lines: string[] } {
  const { log, lines } = captureLogger();
  return { steps, dryRun: false, now: () => NOW, log, signingKey: "k", metrics: createMetrics(), lines, ...extra };
}

function installation(id: number, login: string, suspended = false) {
  return {
    id,
    account: { login, id: id * 10, type: "Organization" },
    app_id: 123,
    target_type: "Organization",
    permissions: { issues: "write" },
    events: ["issue_comment"],
    suspended_at: suspended ? "2026-11-01T00:00:00Z" : null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
}

function mockInstallations(...list: ReturnType<typeof installation>[]) {
  return nock(API).get("/app/installations").query(true).reply(200, list);
}

function mockToken(id: number, status = 201) {
  return nock(API)
    .post(`/app/installations/${id}/access_tokens`)
    .reply(status, status === 201 ? { token: `ghs_token${id}`, expires_at: "2099-01-01T00:00:00Z", permissions: {} } : { message: "Not Found" });
}

const recordingStep = (name: string, seen: string[]): SweepStep => ({
  name,
  async run(context) {
    seen.push(`${name}:${context.installation.account}:${writesAreRecorded(context.gateway)}`);
    return { actions: [`${name} looked at ${context.installation.account}`], errors: [] };
  },
});

describe("sweep runner", () => {
  it("runs app-level steps once and every other step once per active installation", async () => {
    const seen: string[] = [];
    mockInstallations(installation(1, "org-one"), installation(2, "org-two"), installation(3, "org-gone", true));
    const appStep: AnySweepStep = { name: "app-level", scope: "app", run: async () => (seen.push("app-level"), { actions: [], errors: [] }) };
    const report = await runSweep(testProbot(), options([appStep, recordingStep("a", seen), recordingStep("b", seen)]));
    expect(seen).toEqual(["app-level", "a:org-one:false", "b:org-one:false", "a:org-two:false", "b:org-two:false"]);
    expect(report.runs.map((r) => `${r.step}/${r.installation?.account ?? "app"}/${r.outcome}`)).toEqual([
      "app-level/app/ok",
      "a/org-one/ok",
      "b/org-one/ok",
      "a/org-two/ok",
      "b/org-two/ok",
    ]);
    expect(sweepSucceeded(report)).toBe(true);
  });

  it("keeps going when a step throws, reporting it as failed", async () => {
    const seen: string[] = [];
    mockInstallations(installation(1, "org-one"));
    const broken: SweepStep = { name: "broken", run: async () => Promise.reject(new Error("boom")) };
    const opts = options([broken, recordingStep("after", seen)]);
    const report = await runSweep(testProbot(), opts);
    expect(seen).toEqual(["after:org-one:false"]);
    expect(report.runs[0]).toMatchObject({ step: "broken", outcome: "failed", errors: ["Error: boom"] });
    expect(sweepSucceeded(report)).toBe(false);
    expect(await opts.metrics!.registry.getSingleMetricAsString("secwg_sweep_step_runs_total")).toContain('step="broken",outcome="failed"} 1');
  });

  it("keeps going when one installation cannot be authenticated", async () => {
    const seen: string[] = [];
    const callsGitHub: SweepStep = {
      name: "a",
      async run(context) {
        // The installation token is fetched by the first request, through the configured base URL.
        await context.octokit.rest.apps.listReposAccessibleToInstallation({ per_page: 1 });
        seen.push(context.installation.account);
        return { actions: [], errors: [] };
      },
    };
    mockInstallations(installation(1, "org-one"), installation(2, "org-two"));
    mockToken(1, 404);
    mockToken(2);
    nock(API).get("/installation/repositories").query({ per_page: 1 }).reply(200, { total_count: 0, repositories: [] });
    const report = await runSweep(testProbot(), options([callsGitHub]));
    expect(seen).toEqual(["org-two"]);
    expect(report.runs[0]).toMatchObject({ step: "a", installation: { id: 1 }, outcome: "failed" });
    expect(report.runs[1]).toMatchObject({ step: "a", installation: { id: 2 }, outcome: "ok" });
  });

  it("abandons a step that overruns its time budget, aborts its signal and moves on", async () => {
    const seen: string[] = [];
    let aborted = false;
    mockInstallations(installation(1, "org-one"));
    const stuck: SweepStep = {
      name: "stuck",
      run: (context) =>
        new Promise((_, reject) => {
          context.signal?.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          });
        }),
    };
    const report = await runSweep(testProbot(), options([stuck, recordingStep("next", seen)], { stepTimeoutMs: 20 }));
    expect(report.runs[0]).toMatchObject({ step: "stuck", outcome: "timeout" });
    expect(aborted).toBe(true);
    expect(seen).toEqual(["next:org-one:false"]);
  });

  it("runs only the named step and passes the dry-run flag", async () => {
    const seen: string[] = [];
    mockInstallations(installation(1, "org-one"));
    await runSweep(testProbot(), options([recordingStep("a", seen), recordingStep("b", seen)], { only: "b", dryRun: true }));
    expect(seen).toEqual(["b:org-one:true"]);
  });

  it("in a dry run sends none of a step's writes and reports each as a would-line in place of the step's own lines", async () => {
    mockInstallations(installation(1, "org-one"));
    const writer: SweepStep = {
      name: "writer",
      async run(context) {
        const issue = { owner: "org-one", repo: "tracker", issue_number: 4 };
        const created = await context.gateway.createComment(issue, "a body that stays private");
        await context.gateway.ensureLabels(issue, { add: ["security-review"] });
        return { actions: [`commented ${created.id}`], errors: ["one repository failed"] };
      },
    };
    // Strict nock: a write that reached GitHub would be an unexpected request and fail the run.
    const report = await runSweep(testProbot(), options([writer], { dryRun: true }));
    expect(report.runs[0]).toMatchObject({
      step: "writer",
      actions: ["would comment on org-one/tracker#4", "would ensure labels on org-one/tracker#4 (+security-review)"],
      errors: ["one repository failed"],
    });
    expect(JSON.stringify(report)).not.toContain("a body that stays private");
  });

  it("refuses an unknown step name, listing the known ones", async () => {
    await expect(runSweep(testProbot(), options([recordingStep("a", [])], { only: "nope" }))).rejects.toThrow(UnknownStepError);
    await expect(runSweep(testProbot(), options([recordingStep("a", [])], { only: "nope" }))).rejects.toThrow('unknown sweep step "nope"; known steps: a');
  });

  it("logs counts, not the action lines, and renders the actions for the operator", async () => {
    mockInstallations(installation(1, "org-one"));
    const secretive: SweepStep = { name: "secretive", run: async () => ({ actions: ["closed vote on Private Title"], errors: [] }) };
    const opts = options([secretive]);
    const report = await runSweep(testProbot(), opts);
    expect(opts.lines.join("")).not.toContain("Private Title");
    expect(opts.lines.join("")).toContain('"actions":1');
    expect(renderSweepReport(report, false)).toContain("secretive [org-one #1]: ok");
    expect(renderSweepReport(report, false)).toContain("  - closed vote on Private Title");
  });

  it("two overlapping sweeps in one process share a run and make no duplicate writes", async () => {
    // A tiny stateful GitHub: the step keeps one status comment per installation up to date.
    const comments: { id: number; body: string; user: any }[] = [];
    const ISSUE = "/repos/org-one/tracker/issues/1/comments";
    mockInstallations(installation(1, "org-one"));
    mockToken(1);
    nock(API)
      .persist()
      // The app learns its own bot account once: GET /app (slug), then the bot by login.
      .get("/app")
      .reply(200, { id: 123, slug: "secwg", name: "secwg", owner: { login: "org-one", id: 1, type: "Organization" }, permissions: {}, events: [] })
      .get(`/users/${encodeURIComponent("secwg[bot]")}`)
      .reply(200, { id: 99, login: "secwg[bot]", type: "Bot" })
      .get(ISSUE)
      .query(true)
      .reply(() => [200, comments.map((c) => ({ ...c, html_url: "https://github.com/x", created_at: NOW.toISOString(), updated_at: NOW.toISOString() }))])
      .post(ISSUE)
      .reply((_, body: any) => {
        const comment = { id: comments.length + 1, body: body.body, user: { id: 99, login: "secwg[bot]", type: "Bot" } };
        comments.push(comment);
        return [201, { ...comment, html_url: "https://github.com/x", created_at: NOW.toISOString(), updated_at: NOW.toISOString() }];
      });
    const statusStep: SweepStep = {
      name: "status",
      async run(context) {
        const { outcome } = await context.gateway.ensureComment({ owner: "org-one", repo: "tracker", issue_number: 1 }, renderMarker("status", "sweep"), "all quiet");
        return { actions: outcome === "unchanged" ? [] : [`status comment ${outcome}`], errors: [] };
      },
    };
    const requests = recordRequests();
    const probot = testProbot();
    const sweep = singleFlight(() => runSweep(probot, options([statusStep])));
    const [first, second] = await Promise.all([sweep(), sweep()]);
    expect(second).toBe(first);
    expect(requests.writes.filter((w) => w.startsWith("POST /repos"))).toEqual([`POST ${ISSUE}`]);

    // A later sweep finds everything as it should be and writes nothing.
    mockInstallations(installation(1, "org-one"));
    requests.writes.length = 0;
    const third = await sweep();
    expect(requests.writes).toEqual([]);
    expect(third.runs[0]).toMatchObject({ step: "status", outcome: "ok", actions: [] });
    expect(comments).toHaveLength(1);
    nock.cleanAll();
  });
});

describe("sweep schedule", () => {
  it("never starts a sweep while the previous one runs and stops cleanly", async () => {
    jest.useFakeTimers();
    try {
      let running = 0;
      let maxRunning = 0;
      let runs = 0;
      let release: () => void = () => {};
      const sweep = () =>
        new Promise<void>((resolve) => {
          runs++;
          running++;
          maxRunning = Math.max(maxRunning, running);
          release = () => {
            running--;
            resolve();
          };
        });
      const schedule = scheduleSweeps(sweep, 1000, captureLogger().log, () => 0.5);
      await jest.advanceTimersByTimeAsync(1000);
      expect(runs).toBe(1);
      await jest.advanceTimersByTimeAsync(5000);
      expect(runs).toBe(1);
      release();
      await jest.advanceTimersByTimeAsync(1000);
      expect(runs).toBe(2);
      expect(maxRunning).toBe(1);
      const stopped = schedule.stop();
      release();
      await stopped;
      await jest.advanceTimersByTimeAsync(10_000);
      expect(runs).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it("spreads sweeps by ±20 % of the interval", async () => {
    jest.useFakeTimers();
    try {
      let runs = 0;
      const schedule = scheduleSweeps(async () => void runs++, 10_000, captureLogger().log, () => 0);
      await jest.advanceTimersByTimeAsync(8000); // first run: 0.8 × min(interval, 30 s)
      expect(runs).toBe(1);
      await jest.advanceTimersByTimeAsync(7999);
      expect(runs).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(runs).toBe(2);
      await schedule.stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
