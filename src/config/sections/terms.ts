import { z } from "zod";
import { intBetween } from "../fields.js";

export const TermsConfig = z
  .strictObject({
    length: intBetween(30, 1830)
      .default(365)
      .describe("Days a member's term lasts; a new member's `term_ends` is `joined` plus this many days."),
  })
  .prefault({});
export type TermsConfig = z.infer<typeof TermsConfig>;
