import { z } from "zod";
import type { ChangedFile } from "./detect.js";
import { evaluateRules } from "./detect.js";
import type { RuleSet } from "./rule-model.js";

/**
 * Measures a rule set on a labelled corpus of past changes: one JSON object a line, each a commit
 * shaped like `pulls.listFiles` output and labelled `security` or `ordinary`.
 */

const CorpusFile = z.object({
  filename: z.string({ error: "expected the file name as a string" }).min(1),
  status: z.string().default("modified"),
  additions: z.int().nonnegative().default(0),
  deletions: z.int().nonnegative().default(0),
  patch: z.string({ error: "expected the diff text as a string" }).optional(),
  previous_filename: z.string().optional(),
});

export const CorpusRecord = z.object({
  sha: z.string({ error: "expected the commit id as a string" }).min(1),
  label: z.enum(["security", "ordinary"], { error: "expected `security` or `ordinary`" }),
  title: z.string().default(""),
  body: z.string().default(""),
  cve: z.array(z.string()).default([]),
  date: z.string().optional(),
  files: z.array(CorpusFile, { error: "expected a list of changed files" }),
});
export type CorpusRecord = z.infer<typeof CorpusRecord>;

/** A corpus line that cannot be used; names the line (1-based) and what is wrong with it. */
export class CorpusError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = "CorpusError";
  }
}

/** Parses JSON Lines text; blank lines are skipped, anything else must be a valid record. */
export function parseCorpus(text: string): CorpusRecord[] {
  const records: CorpusRecord[] = [];
  text.split("\n").forEach((raw, index) => {
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new CorpusError(index + 1, "not valid JSON (each line must be one JSON object)");
    }
    const result = CorpusRecord.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue?.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
      throw new CorpusError(index + 1, `${path || "record"}: ${issue?.message ?? "invalid"}`);
    }
    records.push(result.data);
  });
  return records;
}

export interface CorpusOptions {
  /** Also read title and body (off by default: a fix's message names the CVE, which proves nothing). */
  useMessages: boolean;
  /** picomatch-free prefixes of files to drop, e.g. release notes that announce the fix. */
  ignorePrefixes: string[];
}

export const DEFAULT_CORPUS_OPTIONS: CorpusOptions = { useMessages: false, ignorePrefixes: ["docs/releases/"] };

export interface RuleTally {
  id: string;
  security: number;
  ordinary: number;
}

export interface CommitOutcome {
  sha: string;
  title: string;
  cve: string[];
  score: number;
  rules: string[];
}

export interface CorpusReport {
  security: number;
  ordinary: number;
  truePositives: number;
  falsePositives: number;
  /** Flagged security commits / all security commits (0 when there are none). */
  recall: number;
  /** Flagged ordinary commits / all ordinary commits. */
  falsePositiveRate: number;
  /** Flagged security commits / all flagged commits. */
  precision: number;
  /** Matches per rule, counted once per commit, whether or not the commit reached the threshold. */
  rules: RuleTally[];
  missed: CommitOutcome[];
  flaggedOrdinary: CommitOutcome[];
}

export function evaluateCorpus(records: CorpusRecord[], rules: RuleSet, options: CorpusOptions = DEFAULT_CORPUS_OPTIONS): CorpusReport {
  const tallies = new Map<string, RuleTally>();
  const report: CorpusReport = {
    security: 0,
    ordinary: 0,
    truePositives: 0,
    falsePositives: 0,
    recall: 0,
    falsePositiveRate: 0,
    precision: 0,
    rules: [],
    missed: [],
    flaggedOrdinary: [],
  };
  for (const record of records) {
    const files: ChangedFile[] = record.files.filter((f) => !options.ignorePrefixes.some((p) => f.filename.startsWith(p)));
    const evaluation = evaluateRules(
      {
        title: options.useMessages ? record.title : "",
        body: options.useMessages ? record.body : "",
        labels: [],
        files,
        filesCapped: false,
      },
      rules,
    );
    const flagged = evaluation.matched.length > 0 && evaluation.score >= evaluation.threshold;
    const isSecurity = record.label === "security";
    for (const rule of evaluation.matched) {
      const tally = tallies.get(rule.id) ?? { id: rule.id, security: 0, ordinary: 0 };
      tally[isSecurity ? "security" : "ordinary"]++;
      tallies.set(rule.id, tally);
    }
    const outcome: CommitOutcome = {
      sha: record.sha,
      title: record.title,
      cve: record.cve,
      score: evaluation.score,
      rules: evaluation.matched.map((r) => r.id),
    };
    if (isSecurity) {
      report.security++;
      if (flagged) report.truePositives++;
      else report.missed.push(outcome);
    } else {
      report.ordinary++;
      if (flagged) {
        report.falsePositives++;
        report.flaggedOrdinary.push(outcome);
      }
    }
  }
  report.recall = ratio(report.truePositives, report.security);
  report.falsePositiveRate = ratio(report.falsePositives, report.ordinary);
  report.precision = ratio(report.truePositives, report.truePositives + report.falsePositives);
  report.rules = [...tallies.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return report;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** A 95 % confidence interval for a proportion. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval (95 %) for `successes` out of `trials`: unlike the normal approximation it
 * stays inside [0, 1] and is meaningful for the small counts a corpus of fixes has.
 */
export function wilsonInterval(successes: number, trials: number, z = 1.959964): Interval {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  // At the extremes the bound is exactly 0 or 1 (rounding would leave 0.9999…).
  return { low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === trials ? 1 : Math.min(1, centre + half) };
}

/** The records dated within [from, to] (ISO dates or years, inclusive); records without a date are kept only when no bound is set. */
export function recordsBetween(records: CorpusRecord[], from?: string, to?: string): CorpusRecord[] {
  if (from === undefined && to === undefined) return records;
  const low = from ?? "";
  // A bare year as the upper bound means the whole year.
  const high = to === undefined ? "\uffff" : /^\d{4}$/.test(to) ? `${to}-12-31T23:59:59Z` : to;
  return records.filter((r) => r.date !== undefined && r.date >= low && r.date <= high);
}
