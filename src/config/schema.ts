import { z } from "zod";
import { GroupConfig } from "./sections/group.js";
import { ReviewConfig } from "./sections/review.js";
import { ReportsConfig } from "./sections/reports.js";
import { VotesConfig } from "./sections/votes.js";
import { TermsConfig } from "./sections/terms.js";
import { MonitorConfig } from "./sections/monitor.js";
import { HygieneConfig } from "./sections/hygiene.js";

/**
 * `.github/secwg.yml`. One section per feature, each in `sections/`; every key has a safe default,
 * so an empty file (or none) is a valid configuration.
 */
export const SecwgConfig = z.strictObject({
  _extends: z.string().optional().describe("Inherit from another repository's file, e.g. `.github` (Probot's `_extends`)."),
  group: GroupConfig,
  review: ReviewConfig,
  reports: ReportsConfig,
  votes: VotesConfig,
  terms: TermsConfig,
  monitor: MonitorConfig,
  hygiene: HygieneConfig,
}, { error: "expected a mapping of sections such as `group:` and `review:`" });
export type SecwgConfig = z.infer<typeof SecwgConfig>;

export const CONFIG_PATH = ".github/secwg.yml";

/** The configuration a repository without `.github/secwg.yml` gets. */
export function defaultConfig(): SecwgConfig {
  return SecwgConfig.parse({});
}
