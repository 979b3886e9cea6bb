import type { Probot } from "probot";
import { probotFromEnv } from "../app/probot-from-env.js";
import { runHygiene, renderHygieneTable, type HygieneRow } from "../features/hygiene/run.js";
import { createLogger, type Logger } from "../logger.js";
import { runSweep, sweepSucceeded } from "../sweep/runner.js";
import type { SweepStep } from "../sweep/types.js";

export const usage = "secwg hygiene [--dry-run]";

export interface HygieneCommandOptions {
  dryRun: boolean;
  probot?: Probot;
  log?: Logger;
  print?(text: string): void;
  now?(): Date;
}

/**
 * Checks every installed repository of every installation and prints the findings as a table, then
 * what was done (or, with `dryRun`, what would be done: nothing is written). Exit code 0 when every
 * installation was checked, 1 when one failed, 2 for missing credentials. The command-line parsing
 * stays in `run`, so another CLI front end can call this directly.
 */
export async function hygieneCommand(options: HygieneCommandOptions): Promise<number> {
  const print = options.print ?? ((text: string) => console.log(text));
  const log = options.log ?? createLogger();
  let probot: Probot;
  try {
    probot = options.probot ?? probotFromEnv(log);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const rows: HygieneRow[] = [];
  const actions: string[] = [];
  const step: SweepStep = {
    name: "hygiene",
    async run(ctx) {
      const result = await runHygiene(ctx.gateway, ctx.installation.account, { log: ctx.log, dryRun: options.dryRun, signal: ctx.signal });
      rows.push(...result.rows);
      actions.push(...result.actions);
      return { actions: result.actions, errors: result.errors };
    },
  };
  const report = await runSweep(probot, { steps: [step], dryRun: options.dryRun, now: options.now ?? (() => new Date()), log, signingKey: process.env.WEBHOOK_SECRET ?? "development" });
  const errors = report.runs.flatMap((r) => r.errors);
  print(
    [
      renderHygieneTable(rows),
      "",
      actions.length === 0 ? (options.dryRun ? "nothing would be written" : "nothing written") : actions.join("\n"),
      ...(errors.length > 0 ? ["", "errors:", ...errors.map((e) => `  ${e}`)] : []),
    ].join("\n"),
  );
  return sweepSucceeded(report) ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== "--dry-run");
  if (unknown.length > 0) {
    console.error(`unknown argument ${JSON.stringify(unknown[0])}\nusage: ${usage}`);
    return 2;
  }
  return hygieneCommand({ dryRun: args.includes("--dry-run") });
}
