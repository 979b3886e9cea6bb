import type { Logger } from "pino";
import type { Gateway } from "../github/gateway.js";
import { OctokitGateway, type Octokit } from "../github/octokit-gateway.js";
import { recordWrites } from "../github/recording-gateway.js";
import { defaultMetrics, type Metrics } from "../metrics.js";
import { isAppStep, type AnySweepStep, type Serialize, type StepReport, type SweepContext, type SweepStep } from "./types.js";

/** How the runner reaches GitHub: Probot's `app.auth()` (the app's JWT) and `app.auth(id)`. */
export interface SweepAuth {
  auth(installationId?: number): Promise<unknown>;
}

export interface SweepOptions {
  steps: readonly AnySweepStep[];
  /** Run only the step with this name (`secwg sweep --step NAME`). */
  only?: string | undefined;
  /**
   * Write nothing: each installation step gets a gateway that records its writes instead of making
   * them (`recordWrites`), and its report lists those writes as "would …" lines in place of its
   * own. App-level steps see the flag (they call `/app/...` endpoints without the gateway).
   */
  dryRun: boolean;
  now(): Date;
  log: Logger;
  signingKey: string;
  /** Each step gets this long per installation before it is abandoned and reported as timed out. */
  stepTimeoutMs?: number;
  metrics?: Metrics;
  gatewayFor?(octokit: Octokit): Gateway;
  /** Per-object ordering shared with webhook work (the in-process sweep); see `SweepContext.serialize`. */
  serialize?: Serialize;
}

export type StepOutcome = "ok" | "errors" | "failed" | "timeout";

export interface StepRun {
  step: string;
  /** Absent for app-level steps. */
  installation?: { id: number; account: string };
  outcome: StepOutcome;
  durationMs: number;
  actions: string[];
  errors: string[];
}

export interface SweepReport {
  startedAt: string;
  finishedAt: string;
  runs: StepRun[];
}

export class UnknownStepError extends Error {
  constructor(name: string, known: string[]) {
    super(`unknown sweep step "${name}"; known steps: ${known.join(", ") || "(none)"}`);
    this.name = "UnknownStepError";
  }
}

const DEFAULT_STEP_TIMEOUT_MS = 120_000;

class StepTimeout extends Error {}

/**
 * Runs `work` with a deadline. On timeout the signal is aborted (well-behaved steps stop between
 * repositories) and the runner moves on; the abandoned promise's eventual failure is swallowed so it
 * cannot surface as an unhandled rejection.
 */
async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const running = work(controller.signal);
  running.catch(() => {});
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new StepTimeout());
      controller.abort();
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function runOne(
  step: AnySweepStep,
  installation: StepRun["installation"],
  options: SweepOptions,
  work: (signal: AbortSignal) => Promise<StepReport>,
): Promise<StepRun> {
  const metrics = options.metrics ?? defaultMetrics();
  const started = Date.now();
  let run: Omit<StepRun, "durationMs">;
  try {
    const report = await withDeadline(options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS, work);
    run = { step: step.name, installation, outcome: report.errors.length > 0 ? "errors" : "ok", actions: report.actions, errors: report.errors };
  } catch (error) {
    const timedOut = error instanceof StepTimeout;
    run = {
      step: step.name,
      installation,
      outcome: timedOut ? "timeout" : "failed",
      actions: [],
      errors: [timedOut ? `did not finish within ${options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS} ms; the next sweep continues` : describe(error)],
    };
  }
  const durationMs = Date.now() - started;
  metrics.sweepStepDuration.observe({ step: step.name }, durationMs / 1000);
  metrics.sweepStepOutcomes.inc({ step: step.name, outcome: run.outcome });
  // Counts only: action lines are for the operator's terminal and may name issues.
  options.log[run.outcome === "ok" ? "info" : "warn"](
    { step: step.name, installation: installation?.id, account: installation?.account, outcome: run.outcome, actions: run.actions.length, errors: run.errors.length, durationMs },
    "sweep step finished",
  );
  return { ...run, durationMs };
}

/** An installation's account is a user or organisation (`login`) or an enterprise (`slug`). */
function accountName(account: unknown): string | undefined {
  const a = account as { login?: unknown; slug?: unknown } | null;
  const name = a?.login ?? a?.slug;
  return typeof name === "string" ? name : undefined;
}

/**
 * Lists the app's installations.
 * @see https://docs.github.com/en/rest/apps/apps#list-installations-for-the-authenticated-app
 */
async function listInstallations(appOctokit: Octokit): Promise<{ id: number; account: string; suspended: boolean }[]> {
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  return installations.map((i) => ({
    id: i.id,
    account: accountName(i.account) ?? String(i.id),
    suspended: !!i.suspended_at,
  }));
}

/**
 * One sweep: app-level steps once, then every installation-level step for each installation, one
 * installation at a time (the sweep is background work; it should not compete with webhooks for
 * the rate budget). Nothing here throws for a single step or installation: failures become
 * `failed` runs in the report, and the other steps and installations still run.
 */
export async function runSweep(auth: SweepAuth, options: SweepOptions): Promise<SweepReport> {
  const startedAt = new Date().toISOString();
  const steps = options.only ? options.steps.filter((s) => s.name === options.only) : [...options.steps];
  if (options.only && steps.length === 0) throw new UnknownStepError(options.only, options.steps.map((s) => s.name));
  const runs: StepRun[] = [];
  const appOctokit = (await auth.auth()) as Octokit;
  const now = options.now();

  for (const step of steps.filter(isAppStep)) {
    runs.push(await runOne(step, undefined, options, (signal) => step.run({ appOctokit, now, log: options.log.child({ step: step.name }), dryRun: options.dryRun, signal })));
  }

  const installationSteps = steps.filter((s) => !isAppStep(s));
  if (installationSteps.length === 0) return { startedAt, finishedAt: new Date().toISOString(), runs };

  let installations: Awaited<ReturnType<typeof listInstallations>>;
  try {
    installations = await listInstallations(appOctokit);
  } catch (error) {
    options.log.error({ err: error }, "sweep could not list installations");
    runs.push({ step: "list-installations", outcome: "failed", durationMs: 0, actions: [], errors: [describe(error)] });
    return { startedAt, finishedAt: new Date().toISOString(), runs };
  }

  for (const installation of installations.filter((i) => !i.suspended)) {
    const ref = { id: installation.id, account: installation.account };
    let octokit: Octokit;
    try {
      // The token itself is fetched lazily by the first request, through the same request
      // defaults (base URL included) as every other call, so GitHub Enterprise Server works.
      octokit = (await auth.auth(installation.id)) as Octokit;
    } catch (error) {
      runs.push({ step: "authenticate", installation: ref, outcome: "failed", durationMs: 0, actions: [], errors: [describe(error)] });
      continue;
    }
    const gateway = options.gatewayFor ? options.gatewayFor(octokit) : new OctokitGateway(octokit);
    const log = options.log.child({ installation: installation.id, account: installation.account });
    for (const step of installationSteps) {
      if (isAppStep(step)) continue;
      runs.push(
        await runOne(step, ref, options, (signal) =>
          runInstallationStep(
            step,
            {
              installation: ref,
              gateway,
              octokit,
              now,
              log: log.child({ step: step.name }),
              signingKey: options.signingKey,
              signal,
              ...(options.serialize ? { serialize: options.serialize } : {}),
            },
            { dryRun: options.dryRun },
          ),
        ),
      );
    }
  }
  return { startedAt, finishedAt: new Date().toISOString(), runs };
}

/**
 * One installation step on one context. In a dry run the step gets a gateway that records its
 * writes instead of making them, and its report is those writes ("would …"), not its own lines,
 * which would describe the stubs' answers; its errors are kept.
 */
export async function runInstallationStep(step: SweepStep, context: SweepContext, options: { dryRun: boolean }): Promise<StepReport> {
  if (!options.dryRun) return step.run(context);
  const recorded = recordWrites(context.gateway);
  const report = await step.run({ ...context, gateway: recorded.gateway });
  return { actions: recorded.writes, errors: report.errors };
}

/** Plain-text report for `secwg sweep` and the logs of a CronJob. */
export function renderSweepReport(report: SweepReport, dryRun: boolean): string {
  const lines = [`sweep ${dryRun ? "(dry run) " : ""}started ${report.startedAt}, finished ${report.finishedAt}`];
  for (const run of report.runs) {
    const where = run.installation ? ` [${run.installation.account} #${run.installation.id}]` : " [app]";
    lines.push(`${run.step}${where}: ${run.outcome} in ${run.durationMs} ms`);
    for (const action of run.actions) lines.push(`  - ${action}`);
    for (const error of run.errors) lines.push(`  ! ${error}`);
  }
  if (report.runs.length === 0) lines.push("no steps ran");
  return lines.join("\n");
}

/** True when every run finished, with or without survivable errors. */
export function sweepSucceeded(report: SweepReport): boolean {
  return report.runs.every((r) => r.outcome === "ok" || r.outcome === "errors");
}

/**
 * Makes overlapping calls share one run: a timer tick and an operator's manual sweep in the same
 * process never sweep twice at once. (Across processes, run one sweeper: see docs/operations.md.)
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  return () => {
    current ??= run().finally(() => {
      current = undefined;
    });
    return current;
  };
}

export interface SweepSchedule {
  /** Stops the timer and waits for a running sweep to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs` ± 20 % (jitter, so replicas started together drift apart), the
 * first time soon after start-up to repair what a previous process left unfinished. A sweep never
 * overlaps the previous one in the same process; overlaps between processes are harmless because
 * every step is idempotent.
 */
export function scheduleSweeps(sweep: () => Promise<unknown>, intervalMs: number, log: Logger, random: () => number = Math.random): SweepSchedule {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const jittered = (ms: number) => Math.round(ms * (0.8 + 0.4 * random()));
  const tick = () => {
    running = sweep()
      .catch((error: unknown) => log.error({ err: error }, "sweep failed"))
      .finally(() => {
        running = undefined;
        if (!stopped) arm(jittered(intervalMs));
      });
  };
  const arm = (ms: number) => {
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  arm(jittered(Math.min(intervalMs, 30_000)));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
