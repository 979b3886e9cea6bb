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

/** Longest YAML document secwg parses from a repository (a roster of a thousand members is ~150 KB). */
export const MAX_YAML_CHARS = 262_144;
/** Deepest nesting of mappings and lists accepted; secwg's files need fewer than ten levels. */
export const MAX_YAML_DEPTH = 32;

/** Thrown from js-yaml's listener to stop parsing at the first anchor or the first node too deep. */
class RefusedYaml extends Error {}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * Parses YAML text that a user wrote (roster, `.github/secwg.yml`) into a plain value, or throws a
 * located `ErrorClass`. The one YAML parser for user text:
 * - no custom tags (core schema only);
 * - no anchors (`&name`) and so no aliases (`*name`): an alias repeats a subtree by reference, and
 *   a 1.4 KB document of nested aliases expands to billions of nodes once anything walks it. The
 *   document is refused at the first anchor, before any alias to it is read;
 * - at most `MAX_YAML_CHARS` characters and `MAX_YAML_DEPTH` levels of nesting.
 * Work and memory are linear in the text's length.
 */
export function parseYaml(text: string, file: string, ErrorClass: new (file: string, problems: ValidationProblem[]) => Error): unknown {
  if (text.length > MAX_YAML_CHARS) {
    throw new ErrorClass(file, [{ path: "", message: `too large: ${text.length} characters, at most ${MAX_YAML_CHARS} are read` }]);
  }
  let depth = 0;
  try {
    return yaml.load(text, {
      schema: yaml.CORE_SCHEMA,
      filename: file,
      json: false,
      listener(event, state) {
        // An alias needs an anchor stored before it; every node (an alias too) opens with an event.
        for (const name in (state as unknown as { anchorMap: Record<string, unknown> }).anchorMap) {
          const at = text.indexOf(`&${name}`);
          throw new RefusedYaml(
            `not accepted: YAML anchors and aliases are not allowed (\`&${name}\` at line ${lineOf(text, at < 0 ? state.position : at)}); write each value out in full`,
          );
        }
        depth += event === "open" ? 1 : -1;
        if (depth > MAX_YAML_DEPTH) {
          throw new RefusedYaml(`nested more than ${MAX_YAML_DEPTH} levels deep (line ${state.line + 1})`);
        }
      },
    });
  } catch (error) {
    if (error instanceof RefusedYaml) throw new ErrorClass(file, [{ path: "", message: error.message }]);
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
