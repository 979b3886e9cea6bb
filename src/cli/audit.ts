import { InvalidArgumentError } from "commander";
import { requireSigningKey } from "../app/secrets.js";
import { hasDisagreement, renderAuditTable } from "../core/audit/audit.js";
import { runAudit } from "../features/audit/run.js";
import type { Gateway } from "../github/gateway.js";
import { onAccount } from "./account-command.js";
import { runCommand, type CliCommandSpec } from "./command.js";

/** Commander parser for `--since`: a date (`2026-01-01`, midnight UTC) or an ISO 8601 instant. */
export function sinceDate(value: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const time = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) throw new InvalidArgumentError("expected a date like 2026-01-01 or an instant like 2026-01-01T00:00:00Z");
  return new Date(time).toISOString();
}

export interface AuditCommandDeps {
  gatewayFor?(org: string): Promise<Gateway>;
  signingKey?: string;
  print?(text: string): void;
  note?(text: string): void;
}

export function auditCommand(deps: AuditCommandDeps = {}): CliCommandSpec {
  return {
    path: ["audit"],
    summary: "recompute every vote, publication and report log from GitHub and say whether each agrees",
    description: [
      "Recomputes, from GitHub alone, every closed vote (its signed record and the reactions GitHub dates no later",
      "than its deadline or close), every publication (the approvals in the report's log against the advisory as",
      "GitHub shows it now, hashed with the recorded release time) and every report log's hash chain and",
      "signatures, and every tracker-access grant the roster gives (both the Chair and the Co-Chair granted, in signed records, after onboarding ended). Only comments written by the app's own bot account are evidence; records in anyone else's",
      "comments are listed as 'cannot verify' and never used. Prints one line per decision: agrees, disagrees or",
      "cannot verify, with why (ids, dates and short hashes, never advisory text). Reads GitHub only and writes",
      "nothing. Needs the app's credentials (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET). Exit 0 when nothing",
      "disagrees, 1 on any disagreement or an unusable configuration or tracker, 2 on bad usage.",
    ].join(" "),
    configure: (command) =>
      command
        .requiredOption("--org <account>", "the organisation (installation account) of the group")
        .option("--since <date>", "leave out decisions taken before this date (broken log chains are always shown)", sinceDate)
        .option("--json", "print the rows as JSON instead of a table", false),
    execute: async (_operands, options) => {
      const print = deps.print ?? ((text: string) => console.log(text));
      return onAccount(deps, options.org as string, async (gateway) => {
        const rows = await runAudit(gateway, { owner: options.org as string, signingKey: deps.signingKey ?? requireSigningKey(), since: (options.since as string | undefined) ?? null });
        print(options.json === true ? JSON.stringify(rows, null, 2) : renderAuditTable(rows));
        return hasDisagreement(rows) ? 1 : 0;
      });
    },
  };
}

export const spec = auditCommand();

export function run(args: string[], deps: AuditCommandDeps = {}): Promise<number> {
  return runCommand(auditCommand(deps), args);
}
