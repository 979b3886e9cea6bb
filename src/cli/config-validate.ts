import { readFileSync } from "node:fs";
import { ConfigError, RosterError, formatProblem } from "../errors.js";
import { parseConfigYaml } from "../config/validate.js";
import { parseRosterYaml } from "../core/roster.js";

import { runCommand, type CliCommandSpec } from "./command.js";

export const spec: CliCommandSpec = {
  path: ["config", "validate"],
  summary: "validate configuration (or roster) files locally",
  description:
    "Validates .github/secwg.yml files (or, with --roster, roster files) without GitHub, printing every problem with its key path. A roster is checked as on --on (default: today in UTC), so a Board Liaison whose board term has ended is refused. Exit 0 when all are valid, 1 otherwise.",
  configure: (command) =>
    command
      .argument("<files...>", "files to validate")
      .option("--roster", "the files are rosters (MEMBERS.yml), not configuration", false)
      .option("--on <date>", "with --roster: the day (YYYY-MM-DD) the roster is checked on; default today in UTC"),
  execute: ([files], options) => validate(files as string[], options.roster === true, typeof options.on === "string" ? options.on : undefined),
};

export function run(args: string[]): Promise<number> {
  return runCommand(spec, args);
}

async function validate(files: string[], roster: boolean, on: string | undefined): Promise<number> {
  const today = on ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
    console.log("--on: expected a date like 2026-01-31");
    return 1;
  }
  let failed = 0;
  for (const file of files) {
    try {
      const text = readFileSync(file, "utf8");
      if (roster) parseRosterYaml(text, file, { today });
      else parseConfigYaml(text, file);
      console.log(`${file}: valid`);
    } catch (error) {
      if (!(error instanceof ConfigError || error instanceof RosterError)) throw error;
      failed++;
      console.log(`${file}: invalid`);
      for (const problem of error.problems) console.log(`  - ${formatProblem(problem)}`);
    }
  }
  return failed === 0 ? 0 : 1;
}
