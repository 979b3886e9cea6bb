import { writeFileSync } from "node:fs";
import { Option } from "commander";
import { requireSigningKey } from "../app/secrets.js";
import { exportRecords, toCsv, toJsonl } from "../core/audit/log-export.js";
import { gatherLogs, privateTracker } from "../features/audit/gather.js";
import type { Gateway } from "../github/gateway.js";
import { sinceDate } from "./audit.js";
import { onAccount } from "./account-command.js";
import { runCommand, type CliCommandSpec } from "./command.js";

export interface LogExportDeps {
  gatewayFor?(org: string): Promise<Gateway>;
  signingKey?: string;
  print?(text: string): void;
  note?(text: string): void;
  writeFile?(path: string, text: string): void;
}

export function logExportCommand(deps: LogExportDeps = {}): CliCommandSpec {
  return {
    path: ["log", "export"],
    summary: "export the verified records of every report log as JSON lines or CSV",
    description: [
      "Reads every report's tracker issue in the organisation's private tracker and exports the records of its",
      "verified chain (secwg's own comments, hash chain and signatures checked): seq, ghsa, event, actor id and",
      "login, at, hash. Records that do not verify are never exported; a log with such records is named on",
      "stderr. Holds no advisory text. Needs the app's credentials (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET).",
      "Exit 0 when every log verified, 1 when some log did not or the configuration or tracker is unusable,",
      "2 on bad usage.",
    ].join(" "),
    configure: (command) =>
      command
        .requiredOption("--org <account>", "the organisation (installation account) of the group")
        .requiredOption("--since <date>", "records at or after this date (2026-01-01) or instant", sinceDate)
        .addOption(new Option("--format <format>", "output format").choices(["jsonl", "csv"]).makeOptionMandatory())
        .option("--out <file>", "write to this file instead of standard output"),
    execute: async (_operands, options) => {
      const print = deps.print ?? ((text: string) => process.stdout.write(text));
      const note = deps.note ?? ((text: string) => console.error(text));
      const org = options.org as string;
      return onAccount(deps, org, async (gateway) => {
        const signingKey = deps.signingKey ?? requireSigningKey();
        const { config, tracker } = await privateTracker(gateway, org);
        const logs = await gatherLogs(gateway, { tracker, label: config.reports.label, self: await gateway.self() });
        const { rows, unverifiable } = exportRecords(logs, signingKey, options.since as string);
        const text = options.format === "csv" ? toCsv(rows) : toJsonl(rows);
        if (typeof options.out === "string") (deps.writeFile ?? ((path, data) => writeFileSync(path, data, { mode: 0o600 })))(options.out, text);
        else print(text);
        for (const log of unverifiable) {
          note(log.reasons.length > 0 ? `${log.subject} (${log.ghsa}): entries left out, they do not verify (${[...new Set(log.reasons)].join(", ")})` : `${log.subject} (${log.ghsa}): no verified entry`);
        }
        return unverifiable.length > 0 ? 1 : 0;
      });
    },
  };
}

export const spec = logExportCommand();

export function run(args: string[], deps: LogExportDeps = {}): Promise<number> {
  return runCommand(logExportCommand(deps), args);
}
