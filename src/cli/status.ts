import { requireSigningKey } from "../app/secrets.js";
import { renderDashboard } from "../core/dashboard/dashboard.js";
import { planDashboardUpdate } from "../features/dashboard/build.js";
import type { Gateway } from "../github/gateway.js";
import { onAccount } from "./account-command.js";
import { runCommand, type CliCommandSpec } from "./command.js";

export interface StatusCommandDeps {
  gatewayFor?(org: string): Promise<Gateway>;
  signingKey?: string;
  now?(): Date;
  print?(text: string): void;
  note?(text: string): void;
}

export function statusCommand(deps: StatusCommandDeps = {}): CliCommandSpec {
  return {
    path: ["status"],
    summary: "print the group's dashboard (open reports, dates, votes, terms) as Markdown or JSON",
    description: [
      "Computes the dashboard the sweep keeps in the tracker: open reports with state, assignee,",
      "acknowledgement due or overdue and approvals missing; releases and pre-notifications in the next",
      "30 days; terms ending in the next 60 days; what needs a person. Reads GitHub only and writes",
      "nothing. Holds GHSA ids, logins and dates, never advisory text. Needs the app's credentials",
      "(APP_ID, PRIVATE_KEY, WEBHOOK_SECRET). Exit 0 on success, 1 when the configuration or tracker",
      "is unusable, 2 on bad usage.",
    ].join(" "),
    configure: (command) =>
      command
        .requiredOption("--org <account>", "the organisation (installation account) of the group")
        .option("--json", "print the data as JSON instead of Markdown", false),
    execute: async (_operands, options) => {
      const print = deps.print ?? ((text: string) => console.log(text));
      return onAccount(deps, options.org as string, async (gateway) => {
        const { dashboard } = await planDashboardUpdate(gateway, { owner: options.org as string, now: (deps.now ?? (() => new Date()))(), signingKey: deps.signingKey ?? requireSigningKey() });
        print(options.json === true ? JSON.stringify(dashboard, null, 2) : renderDashboard(dashboard));
        return 0;
      });
    },
  };
}

export const spec = statusCommand();

export function run(args: string[], deps: StatusCommandDeps = {}): Promise<number> {
  return runCommand(statusCommand(deps), args);
}
