import { z } from "zod";

/**
 * Field builders whose error messages read well in a check run: every failure of the field says
 * what was expected, and the formatter in `validate.ts` appends what was found.
 */

export function intBetween(min: number, max: number) {
  const error = `expected a whole number between ${min} and ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** `owner/name`, or a bare `name` resolved against the owner of the repository being configured. */
export const RepoName = z
  .string({ error: "expected a repository name like `security-wg` or `my-org/security-wg`" })
  .regex(/^(?:[A-Za-z0-9-]+\/)?[A-Za-z0-9._-]+$/, {
    error: "expected a repository name like `security-wg` or `my-org/security-wg`",
  });

/** A team slug, with or without the org prefix: `security-team` or `my-org/security-team`. */
export const TeamSlug = z
  .string({ error: "expected a team slug like `security-team`" })
  .regex(/^(?:@?[A-Za-z0-9-]+\/)?[A-Za-z0-9._-]+$/, { error: "expected a team slug like `security-team`" });

export const LabelName = z
  .string({ error: "expected a label name" })
  .min(1, { error: "expected a non-empty label name" })
  .max(50, { error: "expected a label name of at most 50 characters (GitHub's limit)" });

export const IsoDate = z.iso.date({ error: "expected a date like 2026-01-31" });
