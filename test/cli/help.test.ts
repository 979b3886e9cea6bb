import { execFileSync } from "node:child_process";
import { runProgram, type CliOutput } from "../../src/cli/command.js";
import { CLI_COMMANDS, cliProgram } from "../../src/cli/commands.js";

async function secwg(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const output: CliOutput = { out: (t) => void (out += t), err: (t) => void (err += t), width: 300 };
  const code = await runProgram(cliProgram(), argv, output);
  return { code, out, err };
}

describe("secwg --help", () => {
  it("lists every command with its one-line summary and exits 0", async () => {
    const { code, out } = await secwg("--help");
    expect(code).toBe(0);
    for (const spec of CLI_COMMANDS) {
      expect(out).toContain(spec.path[0]);
      if (spec.path.length === 1) expect(out).toContain(spec.summary);
    }
  });

  it.each(CLI_COMMANDS.map((spec) => [spec.path.join(" "), spec] as const))("explains `secwg %s --help` and exits 0", async (_name, spec) => {
    const { code, out } = await secwg(...spec.path, "--help");
    expect(code).toBe(0);
    expect(out).toContain(`Usage: secwg ${spec.path.join(" ")}`);
    expect(out).toContain((spec.description.split(/[\n.]/)[0] as string).slice(0, 60));
  });

  it("lists the subcommands of a group, e.g. `secwg log --help`", async () => {
    const groups = [...new Set(CLI_COMMANDS.filter((s) => s.path.length > 1).map((s) => s.path[0] as string))];
    for (const group of groups) {
      const { code, out } = await secwg(group, "--help");
      expect(code).toBe(0);
      for (const spec of CLI_COMMANDS.filter((s) => s.path[0] === group)) expect(out).toContain(spec.summary);
    }
  });

  it("answers `secwg help <command>` like `--help`", async () => {
    const { code, out } = await secwg("help", "sweep");
    expect(code).toBe(0);
    expect(out).toContain("Usage: secwg sweep");
  });

  it("exits 2 with a precise message for an unknown command or option", async () => {
    const unknown = await secwg("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
    const option = await secwg("doctor", "--max-repos", "zero");
    expect(option.code).toBe(2);
    expect(option.err).toContain("expected a positive whole number");
  });

  it("exits 0 from the installed entry point, as a shell sees it", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "src/cli.ts", "--help"], { encoding: "utf8" });
    expect(out).toContain("Usage: secwg");
  });
});
