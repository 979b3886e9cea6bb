import { z } from "zod";
import { LabelName } from "../fields.js";

const Level = z.enum(["off", "log", "issue", "fix"], { error: "expected one of off, log, issue, fix" });

export const HygieneConfig = z
  .strictObject({
    security_policy: Level.default("log").describe(
      "A `SECURITY.md` at the root, in `.github/` or `docs/`, or in the organization's `.github` repository. `fix` opens a pull request adding the group's template.",
    ),
    private_vulnerability_reporting: Level.default("log").describe("Private vulnerability reporting enabled. `fix` enables it."),
    review_check: Level.default("log").describe(
      "Where security review is enabled, the default branch's protection or ruleset requires the `secwg / security review` check. `fix` acts like `issue`: secwg never changes protection.",
    ),
    labels: Level.default("log").describe("The labels secwg uses exist in the repository. `fix` acts like `issue`."),
    template: z
      .string({ error: "expected a file path" })
      .min(1)
      .default("templates/SECURITY.md")
      .describe("Path, in the group repository, of the `SECURITY.md` that `fix` proposes."),
    label: LabelName.default("secwg:hygiene").describe("Label on the hygiene issues secwg opens in each repository."),
    exclude: z
      .array(
        z.strictObject({
          repo: z.string({ error: "expected a repository name" }).regex(/^[A-Za-z0-9._-]+$/, { error: "expected a repository name like `website`" }),
          reason: z.string({ error: "expected the reason for opting out" }).min(10, { error: "expected a reason of at least 10 characters" }).max(300),
        }),
      )
      .default([])
      .describe("Repositories that opt out of hygiene checks, each with the recorded reason."),
  })
  .prefault({});
export type HygieneConfig = z.infer<typeof HygieneConfig>;
