import type { Probot } from "probot";
import { probotFromEnv } from "../app/probot-from-env.js";
import { runHygiene, renderHygieneTable, type HygieneRow } from "../features/hygiene/run.js";
import { createLogger, type Logger } from "../logger.js";
import { runSweep, sweepSucceeded } from "../sweep/runner.js";
import type { SweepStep } from "../sweep/types.js";
import { requireSigningKey } from "../app/secrets.js";
import { runCommand, type CliCommandSpec } from "./command.js";

export const spec: CliCommandSpec = {
  path: ["hygiene"],
  summary: "check every installed repository's security basics and print the findings",
  description: [
    "Checks every installed repository of every installation (security policy, private vulnerability",
    "reporting, the required security review check, secwg's labels), prints the findings as a table,",
    "then what was done, or with --dry-run what would be done. Needs the app's credentials.",
    "Exit 0 when every installation was checked, 1 when one failed, 2 for missing credentials.",
  ].join(" "),
  configure: (command) => command.option("--dry-run", "write nothing; show what would be written", false),
  execute: (_operands, options) => hygieneCommand({ dryRun: options.dryRun === true }),
};

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
  let signingKey: string;
  try {
    signingKey = requireSigningKey();
    probot = options.probot ?? probotFromEnv(log);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const rows: HygieneRow[] = [];
  const step: SweepStep = {
    name: "hygiene",
    async run(ctx) {
      const result = await runHygiene(ctx.gateway, ctx.installation.account, { log: ctx.log, signal: ctx.signal });
      rows.push(...result.rows);
      return { actions: result.actions, errors: result.errors };
    },
  };
  const report = await runSweep(probot, { steps: [step], dryRun: options.dryRun, now: options.now ?? (() => new Date()), log, signingKey });
  // In a dry run the runner reports the writes its recording gateway did not make ("would …").
  const actions = report.runs.flatMap((r) => r.actions);
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

export function run(args: string[]): Promise<number> {
  return runCommand(spec, args);
}
