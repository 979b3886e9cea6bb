import { requireSigningKey } from "../app/secrets.js";
import { writeFileSync } from "node:fs";
import { InvalidArgumentError } from "commander";
import type { Probot } from "probot";
import { probotFromEnv } from "../app/probot-from-env.js";
import { parseQuarter, type Quarter } from "../core/board-report/quarter.js";
import { isPolicyError } from "../errors.js";
import { applyEffects } from "../features/apply-effects.js";
import { planQuarterReport } from "../features/board-report/build.js";
import { PublicTrackerError } from "../features/board-report/gather.js";
import type { Gateway } from "../github/gateway.js";
import { OctokitGateway, type Octokit } from "../github/octokit-gateway.js";
import { recordWrites } from "../github/recording-gateway.js";
import { createLogger } from "../logger.js";
import { runCommand, type CliCommandSpec } from "./command.js";

export interface ReportCommandDeps {
  /** The gateway of the account's installation (tests pass a fake). */
  gatewayFor?(org: string): Promise<Gateway>;
  signingKey?: string;
  print?(text: string): void;
  note?(text: string): void;
}

function quarterArg(value: string): Quarter {
  const quarter = parseQuarter(value);
  if (!quarter) throw new InvalidArgumentError("expected a quarter like 2026Q4");
  return quarter;
}

export function reportCommand(deps: ReportCommandDeps = {}): CliCommandSpec {
  return {
    path: ["report"],
    summary: "build a quarter's report to the board and open it as one tracker issue",
    description: [
      "Computes the quarterly report to the board from the signed report logs in the private tracker:",
      "reports received by outcome and severity, acknowledgement and publication times, deadline misses,",
      "advisories published (public facts only), and what is carried over. Unpublished reports appear",
      "only as counts and severities. Opens or updates the quarter's tracker issue for the signers",
      "(one per quarter, found by its marker); with --dry-run prints that plan and writes nothing to",
      "GitHub. The Markdown goes to --out, or to standard output. Needs the app's credentials",
      "(APP_ID, PRIVATE_KEY, WEBHOOK_SECRET). Exit 0 on success, 1 when the configuration or tracker is",
      "unusable, 2 on bad usage.",
    ].join(" "),
    configure: (command) =>
      command
        .requiredOption("--quarter <quarter>", "the quarter, e.g. 2026Q4 (boundaries in reports.timeZone)", quarterArg)
        .requiredOption("--org <account>", "the organisation (installation account) whose group to report on")
        .option("--out <file>", "write the Markdown to this file instead of standard output")
        .option("--dry-run", "print the plan instead of writing to GitHub", false),
    execute: (_operands, options) => report({ quarter: options.quarter as Quarter, org: options.org as string, out: options.out as string | undefined, dryRun: options.dryRun === true }, deps),
  };
}

export const spec = reportCommand();

export function run(args: string[], deps: ReportCommandDeps = {}): Promise<number> {
  return runCommand(reportCommand(deps), args);
}

async function report(options: { quarter: Quarter; org: string; out: string | undefined; dryRun: boolean }, deps: ReportCommandDeps): Promise<number> {
  const print = deps.print ?? ((text: string) => console.log(text));
  const note = deps.note ?? ((text: string) => console.error(text));
  let gateway: Gateway;
  try {
    gateway = await (deps.gatewayFor ?? gatewayForAccount)(options.org);
  } catch (error) {
    note(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const signingKey = deps.signingKey ?? requireSigningKey();
  let plan;
  try {
    plan = await planQuarterReport(gateway, { owner: options.org, quarter: options.quarter, signingKey });
  } catch (error) {
    if (isPolicyError(error)) {
      note(error.message);
      return 1;
    }
    if (error instanceof PublicTrackerError) {
      note(error.message);
      return 1;
    }
    throw error;
  }
  if (options.out) writeFileSync(options.out, plan.markdown);
  else print(plan.markdown);
  if (options.dryRun) {
    // The same effects through a gateway that records its writes instead of making them.
    const recorded = recordWrites(gateway);
    await applyEffects(recorded.gateway, plan.effects);
    note(recorded.writes.join("\n") || "nothing to do");
    return 0;
  }
  for (const applied of await applyEffects(gateway, plan.effects)) note(`${applied.outcome}: ${applied.url ?? applied.effect.kind}`);
  return 0;
}

/** The installation of `org`, authenticated from the environment like `secwg sweep`. */
export async function gatewayForAccount(org: string): Promise<Gateway> {
  const probot: Probot = probotFromEnv(createLogger({ level: "warn" }));
  const app = (await probot.auth()) as Octokit;
  const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
  const installation = installations.find((i) => (i.account as { login?: string } | null)?.login?.toLowerCase() === org.toLowerCase());
  if (!installation) throw new Error(`the app is not installed on ${org}`);
  return new OctokitGateway((await probot.auth(installation.id)) as Octokit);
}
