import { z } from "zod";
import { intBetween, LabelName, TeamSlug } from "../fields.js";

export const ReviewersConfig = z
  .strictObject({
    count: intBetween(1, 5).default(1).describe("How many reviewers to request on a security-sensitive pull request."),
    team: TeamSlug.nullable()
      .default(null)
      .describe("Draw reviewers from this team instead of the roster (roster members marked `away` are still skipped)."),
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
    paths: z
      .array(z.string({ error: "expected a glob like `src/auth/**`" }).min(1))
      .default([])
      .describe("Extra path globs (picomatch syntax) whose changes need security review."),
    keywords: z
      .array(z.string({ error: "expected a keyword" }).min(2).max(100))
      .default([])
      .describe("Extra words that, in a pull request's title, body or labels, ask for security review."),
    reviewers: ReviewersConfig,
  })
  .prefault({});
export type ReviewConfig = z.infer<typeof ReviewConfig>;
