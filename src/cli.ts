#!/usr/bin/env node
/**
 * `secwg <command>`: the operations that run outside the webhook server (a scheduler's sweep,
 * local validation, rule evaluation, reports). The commands are listed in `src/cli/commands.ts`;
 * each one's logic lives in `src/cli/<name>.ts`.
 */

const args = process.argv.slice(2);

// `secwg rules evaluate` reports its own cold start: it loads only its module, not every command's
// dependencies (the GitHub client and the app), which would cost about a second more.
const run: Promise<number> =
  args[0] === "rules" && args[1] === "evaluate"
    ? import("./cli/rules-evaluate.js").then((command) => command.run(args.slice(2)))
    : Promise.all([import("./cli/command.js"), import("./cli/commands.js")]).then(([command, commands]) => command.runProgram(commands.cliProgram(), args));

run.then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
