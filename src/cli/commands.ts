import type { Command } from "commander";
import { buildProgram, type CliCommandSpec } from "./command.js";
import { spec as audit } from "./audit.js";
import { spec as configValidate } from "./config-validate.js";
import { spec as doctor } from "./doctor.js";
import { spec as hygiene } from "./hygiene.js";
import { spec as logExport } from "./log-export.js";
import { spec as logVerify } from "./log-verify.js";
import { spec as report } from "./report.js";
import { spec as rulesCorpus } from "./rules-corpus.js";
import { spec as rulesEvaluate } from "./rules-evaluate.js";
import { spec as status } from "./status.js";
import { spec as sweep } from "./sweep.js";

/** Every `secwg` command, in the order `secwg --help` lists them. A new command adds one line. */
export const CLI_COMMANDS: readonly CliCommandSpec[] = [sweep, doctor, hygiene, configValidate, logVerify, logExport, rulesEvaluate, rulesCorpus, report, status, audit];

export function cliProgram(): Command {
  return buildProgram(CLI_COMMANDS);
}
