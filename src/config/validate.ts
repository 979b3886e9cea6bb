import yaml from "js-yaml";
import type { z } from "zod";
import { ConfigError, type ValidationProblem } from "../errors.js";
import { SecwgConfig, orgOnlyKeysIn, orgOnlyMessage } from "./schema.js";

/**
 * What kind of value a user wrote, for "…, got X". Never the value itself: configuration errors are
 * shown in checks and comments that may be public, and a file can pull values from elsewhere.
 */
export function describeInput(input: unknown): string {
  if (input === undefined) return "nothing";
  if (input === null) return "null";
  if (typeof input === "string") return "a string";
  if (typeof input === "number") return Number.isInteger(input) ? "a whole number" : "a number";
  if (typeof input === "boolean") return "a boolean";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  return typeof input;
}

/**
 * A short quotation of a value, for files whose values are as public as the file itself and whose
 * author needs to see which entry is wrong (the roster on the group repository).
 */
export function quoteInput(input: unknown): string {
  if (typeof input === "string") return JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input);
  if (typeof input === "number" || typeof input === "boolean") return String(input);
  return describeInput(input);
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
}

/**
 * Turns zod issues into problems that each name the key path, what was expected and the kind of
 * value found; `quoteValues` quotes the value itself (roster only, never configuration).
 */
export function toProblems(issues: readonly z.core.$ZodIssue[], options: { quoteValues?: boolean } = {}): ValidationProblem[] {
  const found = options.quoteValues ? quoteInput : describeInput;
  const problems: ValidationProblem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({ path: joinPath([...issue.path, key]), message: "unknown key (check the spelling)" });
      }
      continue;
    }
    const got = "input" in issue ? `, got ${found(issue.input)}` : "";
    problems.push({ path: joinPath(issue.path), message: `${issue.message}${got}` });
  }
  return problems;
}

/** Validates an already-parsed configuration object (as Probot's config loader returns it). */
export function validateConfig(value: unknown, file: string): SecwgConfig {
  const result = SecwgConfig.safeParse(value ?? {}, { reportInput: true });
  if (!result.success) throw new ConfigError(file, toProblems(result.error.issues));
  return result.data;
}

/** Parses YAML text safely (no custom tags) and returns a plain value, or throws a located error. */
export function parseYaml(text: string, file: string, ErrorClass: new (file: string, problems: ValidationProblem[]) => Error): unknown {
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file, json: false });
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? error.reason : "not valid YAML";
    const mark = error instanceof yaml.YAMLException ? error.mark : undefined;
    const where = mark ? ` (line ${mark.line + 1}, column ${mark.column + 1})` : "";
    throw new ErrorClass(file, [{ path: "", message: `not valid YAML${where}: ${reason}` }]);
  }
}

/** Parses and validates the text of `.github/secwg.yml`, e.g. as changed by a pull request. */
export function parseConfigYaml(text: string, file: string): SecwgConfig {
  return validateConfig(parseYaml(text, file, ConfigError), file);
}

/**
 * Parses and validates a repository's own `.github/secwg.yml` (not the organisation's): besides the
 * schema, every org-only key it sets (`ORG_ONLY_KEYS`) is a problem.
 */
export function parseRepoConfigYaml(text: string, file: string, owner: string): SecwgConfig {
  const value = parseYaml(text, file, ConfigError);
  const problems: ValidationProblem[] = orgOnlyKeysIn(value).map((path) => ({ path, message: orgOnlyMessage(owner) }));
  try {
    const config = validateConfig(value, file);
    if (problems.length === 0) return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  throw new ConfigError(file, problems);
}
