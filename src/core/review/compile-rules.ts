import picomatch from "picomatch";
import safeRegex from "safe-regex2";
import type { ReviewConfig } from "../../config/sections/review.js";
import { CONFIG_PATH } from "../../config/schema.js";
import { ConfigError, type ValidationProblem } from "../../errors.js";
import { DEFAULT_RULES, PRESETS } from "./default-rules.js";
import type { CompiledRule, RuleSet, RuleSpec } from "./rule-model.js";

/** Longest regular expression accepted from a configuration file. */
const MAX_PATTERN_LENGTH = 500;

/** Always on: GitHub lists at most 3,000 files, so the rest of the pull request was not seen. */
const CAPPED_RULE: CompiledRule = {
  id: "capped-file-list",
  kind: "capped",
  message: "The pull request changes more files than GitHub lists (3,000), so part of it could not be checked.",
  checklist: ["Review the files beyond the first 3,000 by hand, or split the pull request."],
  weight: Number.POSITIVE_INFINITY,
  supporting: false,
  lines: "added",
  inScope: () => false,
  pathScoped: false,
};

/**
 * Builds the rule set for a repository from its `review` section: the built-in rules and the path
 * lists of `preset` (unless `defaultRules` is false, minus `disabledRules`), the `paths` and `keywords` shorthands and the
 * custom `rules`. Throws `ConfigError` naming the key of any unsafe or invalid regular expression.
 */
export function compileRules(review: ReviewConfig): RuleSet {
  const problems: ValidationProblem[] = [];
  const rules: CompiledRule[] = [CAPPED_RULE];
  const disabled = new Set(review.disabledRules);
  if (review.defaultRules) {
    for (const spec of [...DEFAULT_RULES, ...(PRESETS[review.preset] ?? [])]) {
      if (!disabled.has(spec.id)) rules.push(compileRule(spec, `(built-in rule ${spec.id})`, problems));
    }
  }
  if (review.paths.length > 0) {
    rules.push(
      compileRule(
        {
          id: "configured-paths",
          message: "Changes files that this repository's configuration lists as security-sensitive.",
          checklist: ["Check the change to these files with their security role in mind."],
          paths: review.paths,
        },
        "review.paths",
        problems,
      ),
    );
  }
  if (review.keywords.length > 0) {
    rules.push(
      compileRule(
        {
          id: "configured-keywords",
          message: "The title, description or labels use words that this repository's configuration associates with security.",
          checklist: ["Read the description: does it describe a security fix or a change to a security control?"],
          keywords: review.keywords,
        },
        "review.keywords",
        problems,
      ),
    );
  }
  review.rules.forEach((spec, index) => rules.push(compileRule(spec, `review.rules[${index}]`, problems)));
  if (problems.length > 0) throw new ConfigError(CONFIG_PATH, problems);
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules, threshold: review.threshold, ignoredLabels: [review.label] };
}

/** Compiles one rule, adding a located problem for each bad field. `where` is its key path. */
export function compileRule(spec: RuleSpec, where: string, problems: ValidationProblem[]): CompiledRule {
  const paths = spec.paths ?? [];
  const exclude = spec.exclude ?? [];
  const include = paths.length > 0 ? globsToRegExp(paths) : undefined;
  const excluded = exclude.length > 0 ? globsToRegExp(exclude) : undefined;
  const flags = spec.ignoreCase ? "i" : "";
  const pattern = spec.pattern === undefined ? undefined : compilePattern(spec.pattern, flags, `${where}.pattern`, problems);
  const unless = spec.unless === undefined ? undefined : compilePattern(spec.unless, flags, `${where}.unless`, problems);
  const keywords = spec.keywords && spec.keywords.length > 0 ? keywordPattern(spec.keywords) : undefined;
  const kind = pattern || spec.pattern !== undefined ? "line" : keywords ? "metadata" : "path";
  if (kind === "path" && paths.length === 0) {
    problems.push({ path: where, message: "a rule needs at least one of `pattern`, `paths` or `keywords`" });
  }
  return {
    id: spec.id,
    kind,
    message: spec.message,
    checklist: spec.checklist,
    weight: spec.weight ?? 1,
    supporting: spec.supporting ?? false,
    lines: spec.lines ?? "added",
    inScope: (filename) => (!include || include.test(filename)) && !excluded?.test(filename),
    pathScoped: paths.length > 0,
    ...(pattern ? { pattern } : {}),
    ...(pattern && canScreen(pattern) ? { screen: new RegExp(pattern.source, `${pattern.flags}m`) } : {}),
    ...(unless ? { unless } : {}),
    ...(keywords ? { keywords } : {}),
  };
}

function compilePattern(source: string, flags: string, path: string, problems: ValidationProblem[]): RegExp | undefined {
  if (source.length > MAX_PATTERN_LENGTH) {
    problems.push({ path, message: `pattern is longer than ${MAX_PATTERN_LENGTH} characters` });
    return undefined;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message.replace(/^Invalid regular expression: /, "") : "invalid";
    problems.push({ path, message: `not a valid regular expression (${reason})` });
    return undefined;
  }
  // Star height > 1 and similar shapes can take exponential time on a crafted line.
  if (!safeRegex(regex)) {
    problems.push({ path, message: "pattern may backtrack catastrophically (rejected by safe-regex2)" });
    return undefined;
  }
  return regex;
}

/**
 * One anchored regular expression for a list of picomatch globs: a single test per file name
 * instead of one per glob, which matters with 3,000 files and dozens of globs per rule.
 */
function globsToRegExp(globs: string[]): RegExp {
  return new RegExp(globs.map((glob) => `(?:${picomatch.makeRe(glob, { dot: true }).source})`).join("|"));
}

/**
 * Whether a match of `pattern` in a line (the patch line without its `+`/`-`/space prefix) implies
 * a match in the whole patch text. Line starts (`^`), ends (`$`, which a cut line would move) and
 * lookbehinds see different context in the whole text, so such patterns are not screened.
 */
function canScreen(pattern: RegExp): boolean {
  return !/\^|\$|\(\?<[=!]/.test(pattern.source.replace(/\\./g, "").replace(/\[\^/g, "["));
}

/** Whole-word, case-insensitive match of any keyword; keywords are literal text, never regexes. */
function keywordPattern(keywords: string[]): RegExp {
  const alternatives = keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&"));
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}_])`, "iu");
}
