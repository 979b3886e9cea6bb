import { readFileSync } from "node:fs";
import { ConfigError, RosterError, formatProblem } from "../errors.js";
import { parseConfigYaml } from "../config/validate.js";
import { parseRosterYaml } from "../core/roster.js";

export const usage = "secwg config validate [--roster] FILE...";

/** Validates config (or roster) files locally, printing every problem with its key path. */
export async function run(args: string[]): Promise<number> {
  const roster = args.includes("--roster");
  const files = args.filter((a) => a !== "--roster");
  if (files.length === 0) {
    console.error(`usage: ${usage}`);
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    try {
      const text = readFileSync(file, "utf8");
      if (roster) parseRosterYaml(text, file);
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
