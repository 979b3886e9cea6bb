import { Command, CommanderError, InvalidArgumentError } from "commander";

/**
 * The frame every `secwg <command>` shares. Parsing, `--help` and usage errors are commander's;
 * each command in `src/cli/<name>.ts` only declares its arguments and options and runs.
 *
 * Exit codes: 0 success (and `--help`), 1 the command found a problem, 2 a usage error.
 */

/** What a command declares: where it sits (`["log", "verify"]`), its help text, and how it runs. */
export interface CliCommandSpec {
  path: readonly string[];
  /** One line, shown in `secwg --help`. */
  summary: string;
  /** Longer help, shown in `secwg <command> --help` above the options. */
  description: string;
  /** Adds arguments and options to the commander command. */
  configure(command: Command): Command;
  /** Runs with commander's parsed operands and options; returns the exit code. */
  execute(operands: unknown[], options: Record<string, unknown>): Promise<number>;
}

/** Parent commands of nested ones (`secwg log verify`), with their help line. */
const GROUPS: Record<string, string> = {
  config: "work with configuration files",
  log: "verify or export the private report log",
  rules: "measure the security review rules",
};

const exitCodes = new WeakMap<Command, number>();

function rootOf(command: Command): Command {
  let current = command;
  while (current.parent) current = current.parent;
  return current;
}

function leaf(spec: CliCommandSpec): Command {
  const command = spec.configure(new Command(spec.path.at(-1) as string).summary(spec.summary).description(spec.description));
  command.action(async (...args: unknown[]) => {
    const self = args.at(-1) as Command;
    exitCodes.set(rootOf(self), await spec.execute(self.processedArgs as unknown[], self.opts()));
  });
  return command;
}

/** The `secwg` program with every given command, nested under its group where it has one. */
export function buildProgram(specs: readonly CliCommandSpec[]): Command {
  const program = new Command("secwg").description("Runs a Security Working Group's day-to-day work on GitHub: the commands that run outside the webhook server.");
  for (const spec of specs) {
    let parent = program;
    for (const part of spec.path.slice(0, -1)) {
      parent = parent.commands.find((c) => c.name() === part) ?? parent.command(part).summary(GROUPS[part] ?? part).description(GROUPS[part] ?? part);
    }
    parent.addCommand(leaf(spec));
  }
  return program;
}

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** Columns to wrap help at (the terminal's width by default). */
  width?: number;
}

const CONSOLE: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function pathOf(command: Command): string {
  return command.parent ? `${pathOf(command.parent)} ${command.name()}` : command.name();
}

function configureAll(command: Command, output: CliOutput): void {
  const width = output.width;
  command
    .exitOverride()
    .showHelpAfterError(`(run \`${pathOf(command)} --help\` for usage)`)
    .configureOutput({
      writeOut: output.out,
      writeErr: output.err,
      ...(width ? { getOutHelpWidth: () => width, getErrHelpWidth: () => width } : {}),
    });
  for (const child of command.commands) configureAll(child, output);
}

/**
 * Parses `argv` (without `node` and the script) and runs the chosen command. Help and version
 * exit 0; a usage error (unknown command or option, missing argument, bad value) exits 2.
 */
export async function runProgram(program: Command, argv: readonly string[], output: CliOutput = CONSOLE): Promise<number> {
  configureAll(program, output);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
    // `secwg` or `secwg log` alone: commander printed the help; nothing was asked for.
    if (error.code === "commander.help") return error.exitCode === 0 || argv.length === 0 ? 0 : 2;
    return 2;
  }
  return exitCodes.get(program) ?? 0;
}

/** Runs one command as `secwg <path> <args>`, for tests and for commands called directly. */
export function runCommand(spec: CliCommandSpec, args: readonly string[], output?: CliOutput): Promise<number> {
  return runProgram(buildProgram([spec]), [...spec.path, ...args], output ?? consoleLines());
}

/** Output through `console.log`/`console.error`, one call per line, as the commands print. */
function consoleLines(): CliOutput {
  return {
    out: (text) => console.log(text.replace(/\n$/, "")),
    err: (text) => console.error(text.replace(/\n$/, "")),
  };
}

/** Commander parser for a positive integer option. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError("expected a positive whole number");
  return number;
}
