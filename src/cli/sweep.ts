import type { Probot } from "probot";
import { probotFromEnv } from "../app/probot-from-env.js";
import { requireSigningKey } from "../app/secrets.js";
import { createLogger, type Logger } from "../logger.js";
import { renderSweepReport, runSweep, sweepSucceeded, UnknownStepError } from "../sweep/runner.js";
import { SWEEP_STEPS } from "../sweep/steps.js";
import type { AnySweepStep } from "../sweep/types.js";

export const usage = "secwg sweep [--step NAME] [--dry-run]";

interface SweepArgs {
  step?: string;
  dryRun: boolean;
}

function parseArgs(args: string[]): SweepArgs | string {
  const parsed: SweepArgs = { dryRun: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--dry-run") parsed.dryRun = true;
    else if (arg === "--step") {
      const name = args[++i];
      if (!name || name.startsWith("--")) return "--step needs a step name";
      parsed.step = name;
    } else if (arg.startsWith("--step=")) parsed.step = arg.slice("--step=".length);
    else return `unknown argument ${JSON.stringify(arg)}`;
  }
  return parsed;
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
}

/**
 * One sweep over every installation, for schedulers (a Kubernetes CronJob with `SWEEP=off` on the
 * servers). Exit code 0 when every step ran (survivable per-repository errors included), 1 when a
 * step failed or timed out, 2 for bad arguments, missing credentials or a missing signing key.
 */
export async function run(args: string[], deps: SweepCommandDeps = {}): Promise<number> {
  const print = deps.print ?? ((text: string) => console.log(text));
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    console.error(`${parsed}\nusage: ${usage}`);
    return 2;
  }
  const log = deps.log ?? createLogger();
  let probot: Probot;
  let signingKey: string;
  try {
    // The sweep signs log entries and vote records: no key, no sweep (never a built-in one).
    signingKey = deps.signingKey ?? requireSigningKey(deps.env ?? process.env);
    probot = deps.probot ?? probotFromEnv(log);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
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
    });
    print(renderSweepReport(report, parsed.dryRun));
    return sweepSucceeded(report) ? 0 : 1;
  } catch (error) {
    if (error instanceof UnknownStepError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}
