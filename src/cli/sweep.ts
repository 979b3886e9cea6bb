import type { Probot } from "probot";
import { probotFromEnv } from "../app/probot-from-env.js";
import { requireSigningKey } from "../app/secrets.js";
import { sharedStateFromEnv, type SharedState } from "../app/shared-state.js";
import { createLogger, type Logger } from "../logger.js";
import { renderSweepReport, runSweep, sweepSucceeded, UnknownStepError } from "../sweep/runner.js";
import { SWEEP_STEPS } from "../sweep/steps.js";
import type { AnySweepStep } from "../sweep/types.js";
import { runCommand, type CliCommandSpec } from "./command.js";

interface SweepArgs {
  step?: string | undefined;
  dryRun: boolean;
}

export interface SweepCommandDeps {
  probot?: Probot;
  steps?: readonly AnySweepStep[];
  log?: Logger;
  print?(text: string): void;
  now?(): Date;
  /** The key that signs records; read from the environment (`requireSigningKey`) when absent. */
  signingKey?: string;
  env?: NodeJS.ProcessEnv;
  /** Default: from the environment (Redis with `REDIS_URL`, else this process's memory). */
  shared?: SharedState;
}

export function sweepCommand(deps: SweepCommandDeps = {}): CliCommandSpec {
  return {
    path: ["sweep"],
    summary: "run the reconciler once over every installation",
    description: [
      "One sweep over every installation, for schedulers (a Kubernetes CronJob with SWEEP=off on the",
      "servers). Needs the app's credentials (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET).",
      "Exit 0 when every step ran (survivable per-repository errors included), 1 when a step failed",
      "or timed out, 2 for bad arguments, missing credentials or a missing signing key (never a built-in one).",
    ].join(" "),
    configure: (command) =>
      command
        .option("--step <name>", `run only this step (${(deps.steps ?? SWEEP_STEPS).map((s) => s.name).join(", ")})`)
        .option("--dry-run", "report what would be written, write nothing", false),
    execute: (_operands, options) => sweep({ step: options.step as string | undefined, dryRun: options.dryRun === true }, deps),
  };
}

export const spec = sweepCommand();

export function run(args: string[], deps: SweepCommandDeps = {}): Promise<number> {
  return runCommand(sweepCommand(deps), args);
}

async function sweep(parsed: SweepArgs, deps: SweepCommandDeps): Promise<number> {
  const print = deps.print ?? ((text: string) => console.log(text));
  const log = deps.log ?? createLogger();
  let probot: Probot;
  let signingKey: string;
  // With REDIS_URL the CronJob shares the servers' ETag cache (an unchanged organisation costs no
  // rate limit from the second run on), their content budget and their per-object leases.
  const ownShared = !deps.shared && !deps.probot;
  let shared: SharedState | undefined;
  try {
    // The sweep signs log entries and vote records: no key, no sweep (never a built-in one).
    signingKey = deps.signingKey ?? requireSigningKey(deps.env ?? process.env);
    shared = deps.shared ?? (deps.probot ? undefined : sharedStateFromEnv());
    probot = deps.probot ?? probotFromEnv(log, undefined, process.env, shared);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    if (ownShared) await shared?.close();
    return 2;
  }
  const steps = deps.steps ?? SWEEP_STEPS;
  try {
    const report = await runSweep(probot, {
      steps,
      only: parsed.step,
      dryRun: parsed.dryRun,
      now: deps.now ?? (() => new Date()),
      log,
      signingKey,
      ...(shared?.kind === "redis" ? { serialize: <T>(key: string, work: () => Promise<T>) => (shared as SharedState).leases.runExclusive(key, work) } : {}),
    });
    print(renderSweepReport(report, parsed.dryRun));
    return sweepSucceeded(report) ? 0 : 1;
  } catch (error) {
    if (error instanceof UnknownStepError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    if (ownShared) await shared?.close();
  }
}
