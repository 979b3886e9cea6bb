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

export const usage =
  "secwg rules evaluate --corpus FILE [--config .github/secwg.yml] [--from DATE] [--to DATE] [--ablation] [--json] [--with-messages]";

/**
 * Runs the configured review rules over a labelled corpus and prints recall, false-positive rate,
 * precision (each with a 95 % Wilson interval), per-rule matches, missed fixes and flagged ordinary
 * commits, and the time taken since the process started (a cold run: loading included). Measures
 * the diff only unless `--with-messages`; files under `docs/releases/` are dropped (release notes
 * name the fix). `--from`/`--to` keep the records dated in that range (a held-out period);
 * `--ablation` also shows what each rule that fired contributes (figures with it switched off).
 */
export async function run(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === "string") {
    console.error(`${options}\nusage: ${usage}`);
    return 2;
  }
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
  config?: string;
  from?: string;
  to?: string;
  json: boolean;
  withMessages: boolean;
  ablation: boolean;
}

const DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

function parseArgs(args: string[]): Options | string {
  const options: Partial<Options> = { json: false, withMessages: false, ablation: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") options.json = true;
    else if (arg === "--with-messages") options.withMessages = true;
    else if (arg === "--ablation") options.ablation = true;
    else if (arg === "--corpus" || arg === "--config") {
      const value = args[++i];
      if (!value) return `${arg} needs a file name`;
      if (arg === "--corpus") options.corpus = value;
      else options.config = value;
    } else if (arg === "--from" || arg === "--to") {
      const value = args[++i];
      if (!value || !DATE.test(value)) return `${arg} needs a date like 2021 or 2021-06-30`;
      options[arg === "--from" ? "from" : "to"] = value;
    } else return `unknown argument: ${arg}`;
  }
  if (!options.corpus) return "--corpus FILE is required";
  return options as Options;
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
