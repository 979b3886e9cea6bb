import picomatch from "picomatch";
import { globProblem, MAX_GLOB_PATH_CHARS } from "./glob-limits.js";
import safeRegex from "safe-regex2";
import type { ReviewConfig } from "../../config/sections/review.js";
import { CONFIG_PATH } from "../../config/schema.js";
import { ConfigError, type ValidationProblem } from "../../errors.js";
import { DEFAULT_RULES, PRESETS } from "./default-rules.js";
import { builtinMatcher, compileLinearPattern, UnsupportedPatternError, type Matcher } from "./linear-pattern.js";
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
  fileHead: false,
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
      if (!disabled.has(spec.id)) rules.push(compileRule(spec, `(built-in rule ${spec.id})`, problems, "builtin"));
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

/**
 * Which engine matches a rule's patterns. `user` (every pattern from a configuration file): re2js,
 * linear time whatever the pattern. `builtin` (the rules shipped in `default-rules.ts`, reviewed
 * code, each checked by safe-regex2 and by the tests): V8's backtracking engine, faster per line.
 */
export type PatternEngine = "builtin" | "user";

/** Compiles one rule, adding a located problem for each bad field. `where` is its key path. */
export function compileRule(spec: RuleSpec, where: string, problems: ValidationProblem[], engine: PatternEngine = "user"): CompiledRule {
  const paths = spec.paths ?? [];
  const exclude = spec.exclude ?? [];
  for (const [key, globs] of [["paths", paths], ["exclude", exclude]] as const) {
    globs.forEach((glob, i) => {
      const problem = globProblem(glob);
      if (problem) problems.push({ path: where === "review.paths" ? `${where}[${i}]` : `${where}.${key}[${i}]`, message: problem });
    });
  }
  const include = paths.length > 0 ? globsToRegExp(paths) : undefined;
  const excluded = exclude.length > 0 ? globsToRegExp(exclude) : undefined;
  const ignoreCase = spec.ignoreCase ?? false;
  const pattern = spec.pattern === undefined ? undefined : compilePattern(spec.pattern, ignoreCase, `${where}.pattern`, problems, engine);
  const unless = spec.unless === undefined ? undefined : compilePattern(spec.unless, ignoreCase, `${where}.unless`, problems, engine);
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
    fileHead: spec.fileHead ?? false,
    lines: spec.lines ?? "added",
    // An over-long name is not matched (a glob could backtrack on it): it stays in scope and is never excluded.
    inScope: (filename) => filename.length > MAX_GLOB_PATH_CHARS || ((!include || include.test(filename)) && !excluded?.test(filename)),
    pathScoped: paths.length > 0,
    ...(pattern ? { pattern } : {}),
    ...(pattern && spec.pattern !== undefined && canScreen(pattern) ? { screen: screenFor(spec.pattern, ignoreCase, engine) } : {}),
    ...(unless ? { unless } : {}),
    ...(keywords ? { keywords } : {}),
  };
}

function compilePattern(source: string, ignoreCase: boolean, path: string, problems: ValidationProblem[], engine: PatternEngine): Matcher | undefined {
  if (source.length > MAX_PATTERN_LENGTH) {
    problems.push({ path, message: `pattern is longer than ${MAX_PATTERN_LENGTH} characters` });
    return undefined;
  }
  if (engine === "user") {
    try {
      return compileLinearPattern(source, { ignoreCase });
    } catch (error) {
      if (!(error instanceof UnsupportedPatternError)) throw error;
      problems.push({ path, message: `not a valid regular expression (${error.reason}); lookaheads and backreferences are not supported` });
      return undefined;
    }
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, ignoreCase ? "i" : "");
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message.replace(/^Invalid regular expression: /, "") : "invalid";
    problems.push({ path, message: `not a valid regular expression (${reason})` });
    return undefined;
  }
  // A lint for the built-in rules: star height > 1 and similar shapes backtrack on a crafted line.
  if (!safeRegex(regex)) {
    problems.push({ path, message: "pattern may backtrack catastrophically (rejected by safe-regex2)" });
    return undefined;
  }
  return builtinMatcher(regex);
}

/** `pattern` in multi-line mode, for one test over a whole (line-capped) patch. */
function screenFor(source: string, ignoreCase: boolean, engine: PatternEngine): Matcher {
  return engine === "user" ? compileLinearPattern(source, { ignoreCase, multiline: true }) : builtinMatcher(new RegExp(source, ignoreCase ? "im" : "m"));
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
function canScreen(pattern: Matcher): boolean {
  return !/\^|\$|\(\?<[=!]/.test(pattern.source.replace(/\\./g, "").replace(/\[\^/g, "["));
}

/**
 * Whole-word match of any keyword; keywords are literal text, never regexes. Matching does not
 * break on grammar: the last word of a keyword also matches its plural and common inflections
 * ("vulnerability" → "vulnerabilities", "injection" → "injections", "CVE" → "CVEs"). Keywords are
 * matched ignoring case, except an abbreviation written in mixed case (`DoS`, `ReDoS`, `DDoS`),
 * which is matched as written so that "dos" or "DOS" is not taken for a denial of service. The
 * title and body are attacker-written text: the expression runs on the linear-time engine.
 */
export function keywordPattern(keywords: string[]): Matcher {
  const alternatives = keywords.map((keyword) => {
    const inflected = inflect(keyword);
    return /[a-z]/.test(keyword) && /[A-Z].*[A-Z]/.test(keyword) ? inflected : `(?i:${inflected})`;
  });
  return compileLinearPattern(`(?:^|[^\\p{L}\\p{N}_])(?:${alternatives.join("|")})(?:$|[^\\p{L}\\p{N}_])`);
}

/** A keyword as an RE2 expression: literal text, its last word with an optional inflection. */
function inflect(keyword: string): string {
  // Spaces in a keyword match any run of spaces or hyphens ("denial-of-service").
  const quote = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&").replace(/ +/g, "[\\s-]+");
  const last = /\p{L}+$/u.exec(keyword);
  if (!last) return quote(keyword);
  const head = quote(keyword.slice(0, last.index));
  const word = last[0];
  // "vulnerability" → "vulnerabilities"; "bypass" → "bypasses"; "injection" → "injections", "injected".
  if (/[^aeiou]y$/i.test(word)) return `${head}${quote(word.slice(0, -1))}(?:y|ies)`;
  return `${head}${quote(word)}(?:s|es|ed|ing)?`;
}
