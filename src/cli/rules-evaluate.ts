import { readFileSync } from "node:fs";
import { ReviewConfig } from "../config/sections/review.js";
import { parseConfigYaml } from "../config/validate.js";
import {
  CorpusError,
  evaluateCorpus,
  parseCorpus,
  recordsBetween,
  wilsonInterval,
  type CorpusReport,
} from "../core/review/corpus-evaluation.js";
import { compileRules } from "../core/review/detect.js";
import type { RuleSet } from "../core/review/rule-model.js";
import { ConfigError, formatProblem } from "../errors.js";

import { runCommand, type CliCommandSpec } from "./command.js";

const DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

export const spec: CliCommandSpec = {
  path: ["rules", "evaluate"],
  summary: "measure the review rules' recall and false positives on a labelled corpus",
  description: [
    "Runs the configured review rules over a labelled corpus (JSON lines of commits) and prints",
    "recall, false-positive rate and precision (each with a 95 % Wilson interval), per-rule matches,",
    "missed fixes and flagged ordinary commits, and the time taken since the process started (a cold",
    "run, loading included) with its processor time. Measures the diff only unless --with-messages;",
    "files under docs/releases/ are dropped (release notes name the fix).",
  ].join(" "),
  configure: (command) =>
    command
      .requiredOption("--corpus <file>", "the labelled corpus")
      .option("--config <file>", "a .github/secwg.yml whose review rules to use (default rules otherwise)")
      .option("--from <date>", "keep only records dated on or after this (2021 or 2021-06-30): a held-out period")
      .option("--to <date>", "keep only records dated up to this")
      .option("--ablation", "also show what each rule that fired contributes", false)
      .option("--json", "print the report as JSON", false)
      .option("--with-messages", "let rules see commit messages too", false),
  execute: (_operands, options) => {
    for (const name of ["from", "to"] as const) {
      const value = options[name] as string | undefined;
      if (value !== undefined && !DATE.test(value)) {
        console.error(`--${name} needs a date like 2021 or 2021-06-30`);
        return Promise.resolve(2);
      }
    }
    return evaluate({
      corpus: options.corpus as string,
      config: options.config as string | undefined,
      from: options.from as string | undefined,
      to: options.to as string | undefined,
      ablation: options.ablation === true,
      json: options.json === true,
      withMessages: options.withMessages === true,
    });
  },
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
    const started = performance.now();
    const rules = compileRules(review);
    const records = recordsBetween(parseCorpus(text), options.from, options.to);
    const corpusOptions = { useMessages: options.withMessages, ignorePrefixes: ["docs/releases/"] };
    const report = evaluateCorpus(records, rules, corpusOptions);
    const ablation = options.ablation ? ablate(report, (without) => evaluateCorpus(records, without, corpusOptions), rules) : undefined;
    // Since the process started: the cold figure, module loading included; and the evaluation alone.
    const elapsedMs = Math.round(performance.now());
    const evaluationMs = Math.round(performance.now() - started);
    // Processor time of the whole process (user + system): unlike wall time, not inflated by other load on the machine.
    const { user, system } = process.cpuUsage();
    const cpuMs = Math.round((user + system) / 1000);
    console.log(
      options.json
        ? JSON.stringify({ ...report, intervals: intervals(report), ...(ablation ? { ablation } : {}), elapsedMs, evaluationMs, cpuMs }, null, 2)
        : renderReport(report, { elapsedMs, evaluationMs, cpuMs }, ablation),
    );
    return 0;
  } catch (error) {
    if (error instanceof CorpusError) {
      console.error(`${options.corpus}: ${error.message}`);
      return 1;
    }
    return fail(error, options.config);
  }
}

export interface AblationRow {
  id: string;
  /** Security commits that are no longer flagged without the rule (its unique contribution). */
  recallLost: number;
  /** Ordinary commits that are no longer flagged without the rule. */
  falsePositivesSaved: number;
}

function ablate(report: CorpusReport, evaluate: (rules: RuleSet) => CorpusReport, rules: RuleSet): AblationRow[] {
  return report.rules.map(({ id }) => {
    const without = evaluate({ ...rules, rules: rules.rules.filter((r) => r.id !== id) });
    return { id, recallLost: report.truePositives - without.truePositives, falsePositivesSaved: report.falsePositives - without.falsePositives };
  });
}

function intervals(report: CorpusReport) {
  return {
    recall: wilsonInterval(report.truePositives, report.security),
    falsePositiveRate: wilsonInterval(report.falsePositives, report.ordinary),
    precision: wilsonInterval(report.truePositives, report.truePositives + report.falsePositives),
  };
}

interface Options {
  corpus: string;
  config?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  json: boolean;
  withMessages: boolean;
  ablation: boolean;
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

function range(successes: number, trials: number): string {
  const { low, high } = wilsonInterval(successes, trials);
  return `[95 % interval ${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)} %]`;
}

export function renderReport(report: CorpusReport, time: { elapsedMs: number; evaluationMs: number; cpuMs?: number }, ablation?: AblationRow[]): string {
  const flagged = report.truePositives + report.falsePositives;
  const lines = [
    `security commits: ${report.security}, ordinary commits: ${report.ordinary} (diff only)`,
    `time: ${time.elapsedMs} ms since the process started (cold), of which ${time.evaluationMs} ms compiling the rules and evaluating${time.cpuMs === undefined ? "" : `; ${time.cpuMs} ms of processor time`}`,
    `recall:              ${percent(report.recall)} (${report.truePositives}/${report.security} security commits flagged) ${range(report.truePositives, report.security)}`,
    `false-positive rate: ${percent(report.falsePositiveRate)} (${report.falsePositives}/${report.ordinary} ordinary commits flagged) ${range(report.falsePositives, report.ordinary)}`,
    `precision:           ${percent(report.precision)} ${range(report.truePositives, flagged)}`,
    "",
    "rule                           security  ordinary",
    ...report.rules.map((r) => `${r.id.padEnd(30)} ${String(r.security).padStart(8)}  ${String(r.ordinary).padStart(8)}`),
    ...(ablation
      ? [
          "",
          "without the rule               fixes lost  false positives saved",
          ...ablation.map((a) => `${a.id.padEnd(30)} ${String(a.recallLost).padStart(10)}  ${String(a.falsePositivesSaved).padStart(21)}`),
        ]
      : []),
    "",
    `missed security commits (${report.missed.length}):`,
    ...report.missed.map((c) => `  ${c.sha.slice(0, 12)} ${c.cve.join(",")} ${c.title.slice(0, 70)} [score ${c.score}${c.rules.length ? `: ${c.rules.join(", ")}` : ""}]`),
    "",
    `flagged ordinary commits (${report.flaggedOrdinary.length}):`,
    ...report.flaggedOrdinary.map((c) => `  ${c.sha.slice(0, 12)} ${c.title.slice(0, 70)} [score ${c.score}: ${c.rules.join(", ")}]`),
  ];
  return lines.join("\n");
}
