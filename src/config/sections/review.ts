import { z } from "zod";
import { globProblem } from "../../core/review/glob-limits.js";
import { linearPatternProblem } from "../../core/review/linear-pattern.js";
import { intBetween, LabelName, TeamSlug } from "../fields.js";

/**
 * A regular expression from a configuration file. Matched by the linear-time engine (RE2 syntax,
 * which covers JavaScript's except lookaheads and backreferences), so no pattern can stall secwg.
 */
const SafePattern = z
  .string({ error: "expected a regular expression (RE2 syntax) as a string" })
  .min(1, { error: "expected a non-empty regular expression" })
  .max(500, { error: "expected a regular expression of at most 500 characters" })
  .superRefine((source, ctx) => {
    const problem = linearPatternProblem(source);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: source });
  });

/** A picomatch glob, bounded so that matching any file name stays fast (see `globProblem`). */
const Glob = z
  .string({ error: "expected a glob like `src/auth/**`" })
  .min(1, { error: "expected a non-empty glob" })
  .max(500, { error: "expected a glob of at most 500 characters" })
  .superRefine((glob, ctx) => {
    const problem = globProblem(glob);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: glob });
  });

export const ReviewRule = z
  .strictObject({
    id: z
      .string({ error: "expected a rule id like `no-raw-sql`" })
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: "expected a rule id of lowercase letters, digits and dashes" })
      .describe("Identifier shown in the checklist comment and in `secwg rules evaluate`."),
    message: z
      .string({ error: "expected a sentence saying why a match matters" })
      .min(1)
      .max(300)
      .describe("Plain words: why a match needs security review."),
    checklist: z
      .array(z.string({ error: "expected a checklist item" }).min(1).max(300))
      .max(10, { error: "expected at most 10 checklist items" })
      .default([])
      .describe("What the reviewer should check when the rule fires."),
    weight: z
      .number({ error: "expected a number between 0 and 10" })
      .min(0, { error: "expected a number between 0 and 10" })
      .max(10, { error: "expected a number between 0 and 10" })
      .default(1)
      .describe("Contribution to the score when the rule fires; review is needed when the score reaches `review.threshold`."),
    paths: z.array(Glob).default([]).describe("Only files matching one of these globs are in scope (all files when empty)."),
    exclude: z.array(Glob).default([]).describe("Files matching one of these globs are out of scope."),
    pattern: SafePattern.optional().describe("Regular expression tested against each changed line of the files in scope."),
    unless: SafePattern.optional().describe("A line matching `pattern` does not count when it also matches this."),
    ignoreCase: z.boolean({ error: "expected true or false" }).default(false).describe("Match `pattern` and `unless` ignoring case."),
    lines: z
      .enum(["added", "removed", "both", "context"], { error: "expected `added`, `removed`, `both` or `context`" })
      .default("added")
      .describe("Which lines `pattern` is tested against: changed lines, or `context` (the class or function named in each hunk header)."),
    keywords: z
      .array(z.string({ error: "expected a keyword" }).min(2).max(100))
      .default([])
      .describe("Words looked for in the pull request's title, body and labels."),
  })
  .refine((rule) => rule.pattern !== undefined || rule.paths.length > 0 || rule.keywords.length > 0, {
    error: "a rule needs at least one of `pattern`, `paths` or `keywords`",
  });
export type ReviewRule = z.infer<typeof ReviewRule>;

export const ReviewersConfig = z
  .strictObject({
    count: intBetween(1, 5).default(1).describe("How many reviewers to request on a security-sensitive pull request."),
    team: TeamSlug.nullable()
      .default(null)
      .describe("Draw reviewers, and the approvals that pass the review, from this team instead of the roster (roster members marked `away` are still skipped). Organisation policy only."),
  })
  .prefault({});
export type ReviewersConfig = z.infer<typeof ReviewersConfig>;

export const ReviewConfig = z
  .strictObject({
    enabled: z.boolean({ error: "expected true or false" }).default(true).describe("Review pull requests in this repository."),
    label: LabelName.default("security-review").describe("Label put on pull requests that need security review."),
    defaultRules: z
      .boolean({ error: "expected true or false" })
      .default(true)
      .describe("Use the built-in rules for Django-style projects in addition to `paths` and `keywords`."),
    preset: z
      .enum(["django", "none"], { error: "expected `django` or `none`" })
      .default("django")
      .describe(
        "Path lists of a project layout added to the built-in rules: `django` (Django's sensitive and exposed modules) or `none` (content-based rules only).",
      ),
    paths: z
      .array(Glob)
      .default([])
      .describe("Extra path globs (picomatch syntax) whose changes need security review."),
    keywords: z
      .array(z.string({ error: "expected a keyword" }).min(2).max(100))
      .default([])
      .describe("Extra words that, in a pull request's title, body or labels, ask for security review."),
    reviewers: ReviewersConfig,
    rules: z.array(ReviewRule).default([]).describe("Custom rules, evaluated with the built-in ones (see docs/review-rules.md)."),
    disabledRules: z
      .array(z.string({ error: "expected a rule id" }))
      .default([])
      .describe("Ids of built-in rules to switch off."),
    threshold: z
      .number({ error: "expected a number between 0.1 and 100" })
      .min(0.1, { error: "expected a number between 0.1 and 100" })
      .max(100, { error: "expected a number between 0.1 and 100" })
      .default(1)
      .describe("Score at which a pull request needs security review: the sum of the weights of the rules that fired."),
  })
  .prefault({});
export type ReviewConfig = z.infer<typeof ReviewConfig>;
