/**
 * The rule model shared by the built-in rules and the custom rules of `review.rules`. A rule is
 * plain data so that one engine evaluates both, and so that every fired rule can say in plain
 * words why a pull request was flagged.
 *
 * What a rule looks at follows from which fields it sets:
 * - `pattern`: changed lines (added, removed or both), optionally only in files matching `paths`
 *   (a combined "path AND line" condition);
 * - `paths` without `pattern`: any change to a matching file;
 * - `keywords`: the pull request's title, body and labels.
 *
 * A pull request needs review when the weights of the rules that fired add up to the threshold.
 * With every weight at 1 and the threshold at 1 that is "any rule fires"; a weight below the
 * threshold makes a rule a weak signal that only counts together with another one.
 */

import type { Matcher } from "./linear-pattern.js";

/**
 * `both` is added and removed lines; `context` is the enclosing class or function that git names
 * in each hunk header, i.e. the role of the code being changed rather than the change itself.
 */
export type LineSide = "added" | "removed" | "both" | "context";

export interface RuleSpec {
  id: string;
  /** Plain words: why a match matters. */
  message: string;
  /** What the reviewer should check when the rule fires. */
  checklist: string[];
  /** Contribution to the score when the rule fires (default 1). */
  weight?: number;
  /** picomatch globs: only files matching one of them are in scope (all files when empty). */
  paths?: string[];
  /** picomatch globs: files matching one of them are out of scope. */
  exclude?: string[];
  /**
   * Regular expression tested against each changed line in scope. Custom rules are matched by the
   * linear-time engine (`compileLinearPattern`: RE2 syntax, no lookaheads or backreferences).
   */
  pattern?: string;
  /** A line matching `pattern` does not count when it also matches this. */
  unless?: string;
  ignoreCase?: boolean;
  /** Which changed lines `pattern` is tested against (default `added`). */
  lines?: LineSide;
  /** Words looked for in the title, body and labels. */
  keywords?: string[];
  /**
   * A supporting rule says where a change is (a path, the class it is in, what the file imports),
   * not what it does: its weight counts only when a rule that is not supporting also fired, so
   * location alone never reaches the threshold however the weights add up.
   */
  supporting?: boolean;
  /**
   * Also tested on the import lines at the head of a changed file (built-in rules only): what a
   * module imports tells its role when its patch does not. Those lines are read only when needed
   * (`headsToRead`), at most `MAX_HEAD_BYTES` of at most `MAX_HEAD_READS` files per pull request.
   */
  fileHead?: boolean;
}

export type RuleKind = "line" | "path" | "metadata" | "capped";

export interface CompiledRule {
  id: string;
  kind: RuleKind;
  message: string;
  checklist: string[];
  weight: number;
  /** See `RuleSpec.supporting`. */
  supporting: boolean;
  /** See `RuleSpec.fileHead`. */
  fileHead: boolean;
  lines: LineSide;
  /** True for a file (by name) that the rule looks at. */
  inScope: (filename: string) => boolean;
  /** Whether the rule restricts itself to some paths (then a missing patch there counts as a match). */
  pathScoped: boolean;
  pattern?: Matcher;
  /**
   * `pattern` in multi-line mode, tested once against a whole patch: if it finds nothing, no line
   * can match. Absent for patterns whose meaning changes on the whole text (`^`, `$`, lookbehind).
   */
  screen?: Matcher;
  unless?: Matcher;
  keywords?: Matcher;
}

export interface RuleSet {
  /** Sorted by id. */
  rules: CompiledRule[];
  threshold: number;
  /** Labels the app itself puts on pull requests; they are not evidence (or a label would keep itself). */
  ignoredLabels: string[];
}

/** Lines longer than this are cut before matching (the pre-screen of a whole patch too), so one minified line cannot stall evaluation. */
export const MAX_LINE_LENGTH = 2_000;
/** Hits kept per rule: enough to point a reviewer at the places, bounded for the comment's size. */
export const MAX_HITS_PER_RULE = 50;
