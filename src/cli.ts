#!/usr/bin/env node
/**
 * `secwg <command>`: the operations that run outside the webhook server (a scheduler's sweep,
 * local validation, rule evaluation). Each command lives in `src/cli/<name>.ts` and exports
 * `usage` and `run(args) → exit code`.
 */
interface CliCommand {
  usage: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  sweep: () => import("./cli/sweep.js"),
  doctor: () => import("./cli/doctor.js"),
  hygiene: () => import("./cli/hygiene.js"),
  "config validate": () => import("./cli/config-validate.js"),
  "log verify": () => import("./cli/log-verify.js"),
  "rules evaluate": () => import("./cli/rules-evaluate.js"),
};

async function main(argv: string[]): Promise<number> {
  const key = [argv.slice(0, 2).join(" "), argv[0] ?? ""].find((k) => k in COMMANDS);
  if (!key) {
    console.error(["usage: secwg <command>", "", "commands:", ...(await Promise.all(Object.values(COMMANDS).map(async (load) => `  ${(await load()).usage}`)))].join("\n"));
    return argv.length === 0 || argv[0] === "help" || argv[0] === "--help" ? 0 : 2;
  }
  const command = await (COMMANDS[key] as () => Promise<CliCommand>)();
  return command.run(argv.slice(key.split(" ").length));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
