import { z } from "zod";
import { RepoName, TeamSlug } from "../fields.js";

export const GroupConfig = z
  .strictObject({
    repo: RepoName.default("security-wg").describe(
      "The group's public repository: roster, membership requests, votes and the advisory archive.",
    ),
    roster: z
      .string({ error: "expected a file path" })
      .min(1)
      .default("MEMBERS.yml")
      .describe("Path of the roster in the group repository, read from its default branch."),
    tracker: RepoName.default("security-tracker").describe(
      "The group's private tracker repository: one issue per report. secwg refuses to use a public one.",
    ),
    teams: z
      .array(TeamSlug)
      .default([])
      .describe("GitHub teams kept in step with the roster (members are added after a passed vote)."),
  })
  .prefault({});
export type GroupConfig = z.infer<typeof GroupConfig>;
