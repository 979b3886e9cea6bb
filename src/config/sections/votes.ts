import { z } from "zod";
import { intBetween, LabelName } from "../fields.js";

export const VotesConfig = z
  .strictObject({
    duration: intBetween(1, 90)
      .default(7)
      .describe("Days a vote stays open unless its outcome is decided earlier (a signer may `/vote extend` once)."),
    quorum: intBetween(1, 1000)
      .optional()
      .describe(
        "Smallest number of the electorate who must react (👍, 👎 or both) for a vote to pass. Unset: no quorum beyond the 50%+1 rule.",
      ),
    merge: z
      .boolean({ error: "expected true or false" })
      .default(true)
      .describe("Merge a membership request when its vote passes, then add the new member to `group.teams`."),
    merge_method: z
      .enum(["merge", "squash", "rebase"], { error: "expected one of merge, squash, rebase" })
      .default("squash")
      .describe("How a passed membership request is merged."),
    labels: z
      .strictObject({
        passed: LabelName.default("vote: passed").describe("Label put on a pull request or issue whose vote passed."),
        failed: LabelName.default("vote: failed").describe("Label put on a pull request or issue whose vote failed."),
      })
      .prefault({})
      .describe("Labels recording a vote's result."),
  })
  .prefault({});
export type VotesConfig = z.infer<typeof VotesConfig>;
