import { z } from "zod";
import { intBetween } from "../fields.js";

export const TermsConfig = z
  .strictObject({
    length: intBetween(30, 1830)
      .default(365)
      .describe("Days a member's term lasts; a new member's `term_ends` is `joined` plus this many days, and `/renew` adds this many days to `term_ends`."),
    renewalNoticeDays: intBetween(1, 180)
      .default(30)
      .describe("Days before `term_ends` at which the member gets one renewal notice (dates are calendar days in `reports.timeZone`)."),
    reminderDays: intBetween(7, 90)
      .default(7)
      .describe("Days between reminders of a renewal notice that has not been answered; at least a week."),
    graceDays: intBetween(0, 60)
      .default(7)
      .describe("Days after `term_ends` during which the member can still `/renew` before the \"term ended\" removal is merged."),
  })
  .prefault({});
export type TermsConfig = z.infer<typeof TermsConfig>;
