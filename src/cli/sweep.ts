import type { Probot } from "probot";
import { probotFromEnv } from "../app/probot-from-env.js";
import { sharedStateFromEnv, type SharedState } from "../app/shared-state.js";
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
  /** Default: from the environment (Redis with `REDIS_URL`, else this process's memory). */
  shared?: SharedState;
}

/**
 * One sweep over every installation, for schedulers (a Kubernetes CronJob with `SWEEP=off` on the
 * servers). Exit code 0 when every step ran (survivable per-repository errors included), 1 when a
 * step failed or timed out, 2 for bad arguments or missing credentials.
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
  // With REDIS_URL the CronJob shares the servers' ETag cache (an unchanged organisation costs no
  // rate limit from the second run on), their content budget and their per-object leases.
  const ownShared = !deps.shared && !deps.probot;
  const shared = deps.shared ?? (deps.probot ? undefined : sharedStateFromEnv());
  try {
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
      signingKey: process.env.WEBHOOK_SECRET ?? "development",
      ...(shared?.kind === "redis" ? { serialize: <T>(key: string, work: () => Promise<T>) => shared.leases.runExclusive(key, work) } : {}),
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
