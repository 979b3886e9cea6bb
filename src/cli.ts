#!/usr/bin/env node
/**
 * `secwg <command>`: the operations that run outside the webhook server (a scheduler's sweep,
 * local validation, rule evaluation, reports). The commands are listed in `src/cli/commands.ts`;
 * each one's logic lives in `src/cli/<name>.ts`.
 */
import { runProgram } from "./cli/command.js";
import { cliProgram } from "./cli/commands.js";

runProgram(cliProgram(), process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
