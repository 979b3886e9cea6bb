import { readFileSync } from "node:fs";
import { ReviewConfig } from "../config/sections/review.js";
import { parseConfigYaml } from "../config/validate.js";
import { CorpusError, evaluateCorpus, parseCorpus, type CorpusReport } from "../core/review/corpus-evaluation.js";
import { compileRules } from "../core/review/detect.js";
import { ConfigError, formatProblem } from "../errors.js";

import { runCommand, type CliCommandSpec } from "./command.js";

export const spec: CliCommandSpec = {
  path: ["rules", "evaluate"],
  summary: "measure the review rules' recall and false positives on a labelled corpus",
  description: [
    "Runs the configured review rules over a labelled corpus (JSON lines of commits) and prints",
    "recall, false-positive rate, precision, per-rule matches, missed fixes and flagged ordinary",
    "commits. Measures the diff only unless --with-messages; files under docs/releases/ are dropped",
    "(release notes name the fix).",
  ].join(" "),
  configure: (command) =>
    command
      .requiredOption("--corpus <file>", "the labelled corpus")
      .option("--config <file>", "a .github/secwg.yml whose review rules to use (default rules otherwise)")
      .option("--json", "print the report as JSON", false)
      .option("--with-messages", "let rules see commit messages too", false),
  execute: (_operands, options) =>
    evaluate({ corpus: options.corpus as string, config: options.config as string | undefined, json: options.json === true, withMessages: options.withMessages === true }),
};

export function run(args: string[]): Promise<number> {
  return runCommand(spec, args);
}

async function evaluate(options: Options): Promise<number> {
  let review: ReviewConfig;
  let text: string;
  try {
    review = options.config ? parseConfigYaml(readFileSync(options.config, "utf8"), options.config).review : ReviewConfig.parse({});
    text = readFileSync(options.corpus, "utf8");
  } catch (error) {
    return fail(error, options.config);
  }
  try {
    const rules = compileRules(review);
    const started = performance.now();
    const report = evaluateCorpus(parseCorpus(text), rules, {
      useMessages: options.withMessages,
      ignorePrefixes: ["docs/releases/"],
    });
    const elapsedMs = Math.round(performance.now() - started);
    console.log(options.json ? JSON.stringify({ ...report, elapsedMs }, null, 2) : renderReport(report, elapsedMs));
    return 0;
  } catch (error) {
    if (error instanceof CorpusError) {
      console.error(`${options.corpus}: ${error.message}`);
      return 1;
    }
    return fail(error, options.config);
  }
}

interface Options {
  corpus: string;
  config?: string | undefined;
  json: boolean;
  withMessages: boolean;
}

function fail(error: unknown, configFile: string | undefined): number {
  if (error instanceof ConfigError) {
    console.error(`${configFile ?? error.file}: invalid`);
    for (const problem of error.problems) console.error(`  - ${formatProblem(problem)}`);
    return 1;
  }
  if (error instanceof Error && "code" in error && (error as NodeJS.ErrnoException).code === "ENOENT") {
    console.error(`cannot read ${(error as NodeJS.ErrnoException).path}: no such file`);
    return 1;
  }
  throw error;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

export function renderReport(report: CorpusReport, elapsedMs: number): string {
  const lines = [
    `security commits: ${report.security}, ordinary commits: ${report.ordinary} (diff only, evaluated in ${elapsedMs} ms)`,
    `recall:              ${percent(report.recall)} (${report.truePositives}/${report.security} security commits flagged)`,
    `false-positive rate: ${percent(report.falsePositiveRate)} (${report.falsePositives}/${report.ordinary} ordinary commits flagged)`,
    `precision:           ${percent(report.precision)}`,
    "",
    "rule                           security  ordinary",
    ...report.rules.map((r) => `${r.id.padEnd(30)} ${String(r.security).padStart(8)}  ${String(r.ordinary).padStart(8)}`),
    "",
    `missed security commits (${report.missed.length}):`,
    ...report.missed.map((c) => `  ${c.sha.slice(0, 12)} ${c.cve.join(",")} ${c.title.slice(0, 70)} [score ${c.score}${c.rules.length ? `: ${c.rules.join(", ")}` : ""}]`),
    "",
    `flagged ordinary commits (${report.flaggedOrdinary.length}):`,
    ...report.flaggedOrdinary.map((c) => `  ${c.sha.slice(0, 12)} ${c.title.slice(0, 70)} [score ${c.score}: ${c.rules.join(", ")}]`),
  ];
  return lines.join("\n");
}
