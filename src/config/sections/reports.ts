import { z } from "zod";
import { intBetween, IsoDate, TeamSlug } from "../fields.js";

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An IANA zone name that this runtime's Intl knows, so a typo fails validation instead of shifting deadlines. */
const TimeZone = z
  .string({ error: "expected an IANA time zone like `Europe/Amsterdam` or `UTC`" })
  .refine(
    (name) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: name });
        return true;
      } catch {
        return false;
      }
    },
    { error: "expected an IANA time zone like `Europe/Amsterdam` or `UTC`" },
  );

export const ReportsConfig = z
  .strictObject({
    ackWorkingDays: intBetween(1, 30)
      .default(3)
      .describe("Working days within which a new report must be acknowledged (`/ack`)."),
    timeZone: TimeZone.default("UTC").describe("Time zone in which working days, holidays and no-release weekdays are counted."),
    holidays: z
      .array(IsoDate)
      .max(400, { error: "expected at most 400 holidays" })
      .default([])
      .describe("Dates (YYYY-MM-DD, in `timeZone`) that are not working days."),
    preNotificationDays: intBetween(0, 60)
      .default(7)
      .describe("Days before the release at which the pre-notification text is posted in the tracker for the Chair to send."),
    noReleaseWeekdays: z
      .array(z.enum(WEEKDAYS, { error: `expected one of ${WEEKDAYS.join(", ")}` }))
      .default([])
      .describe("Weekdays on which `/embargo` refuses to schedule a release, e.g. [friday]."),
    releaseTeam: TeamSlug.optional().describe("Team mentioned in the release checklist, e.g. `@my-org/release-team`."),
    requiredApprovals: intBetween(1, 3)
      .default(1)
      .describe("Distinct signers (Chair, Co-Chair, Board Liaison) whose `/approve` is needed before publication."),
    cna: z
      .enum(["github", "self"], { error: "expected `github` or `self`" })
      .default("github")
      .describe("Who assigns CVE ids: `github` (`/cve` requests one) or `self` (the project is its own CNA: `/cve CVE-…` records it)."),
    onboardingUntil: IsoDate.optional().describe(
      "Until this date (exclusive) new reports are assigned to the Chair or Co-Chair only; afterwards to members with tracker access.",
    ),
    label: z
      .string({ error: "expected a label name" })
      .min(1)
      .max(50, { error: "expected a label name of at most 50 characters (GitHub's limit)" })
      .default("secwg:report")
      .describe("Label on tracker issues, used to find them cheaply."),
    advisoryComments: z
      .boolean({ error: "expected true or false" })
      .default(false)
      .describe("Post the templated acknowledgement as an advisory comment (GitHub public preview API; falls back to telling the assignee)."),
  })
  .prefault({});
export type ReportsConfig = z.infer<typeof ReportsConfig>;
