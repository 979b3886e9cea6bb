import { z } from "zod";
import { intBetween } from "../fields.js";

export const ElectionsConfig = z
  .strictObject({
    nominationDays: intBetween(1, 60)
      .default(7)
      .describe("Days the nomination window of a Chair or Co-Chair election stays open; its close freezes the candidates and the electorate."),
    votingDays: intBetween(1, 60)
      .default(7)
      .describe("Days the ballot (and a run-off's ballot) stays open."),
    quorum: intBetween(0, 100)
      .default(50)
      .describe("Percentage of the frozen electorate that must cast a valid ballot for the result to stand (0: no quorum)."),
    merge: z
      .boolean({ error: "expected true or false" })
      .default(true)
      .describe("Merge the roster pull request changing the role, at the commit secwg verified (branch protection's required checks still gate the merge; a refused merge is tried again by the sweep); false leaves the merge to a signer."),
  })
  .prefault({});
export type ElectionsConfig = z.infer<typeof ElectionsConfig>;
