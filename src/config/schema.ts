import { z } from "zod";
import { GroupConfig } from "./sections/group.js";
import { ReviewConfig } from "./sections/review.js";
import { ReportsConfig } from "./sections/reports.js";
import { VotesConfig } from "./sections/votes.js";
import { TermsConfig } from "./sections/terms.js";
import { ElectionsConfig } from "./sections/elections.js";
import { MonitorConfig } from "./sections/monitor.js";
import { HygieneConfig } from "./sections/hygiene.js";
import { OnboardingConfig } from "./sections/onboarding.js";
import { AccessConfig } from "./sections/access.js";

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
  elections: ElectionsConfig,
  monitor: MonitorConfig,
  hygiene: HygieneConfig,
  onboarding: OnboardingConfig,
  access: AccessConfig,
}, { error: "expected a mapping of sections such as `group:` and `review:`" });
export type SecwgConfig = z.infer<typeof SecwgConfig>;

export const CONFIG_PATH = ".github/secwg.yml";

/** The repository whose `.github/secwg.yml` is the organisation's policy (Probot's org-wide repository). */
export const POLICY_REPO = ".github";

/**
 * Keys only the organisation's configuration (`<org>/.github:.github/secwg.yml`) may set: everything
 * that decides who may do what or where reports go (the group and tracker repositories, the roster,
 * report handling, votes, terms, elections, onboarding and access) and whose approval passes a security review. A repository's own
 * file may tune the rest of `review` for that repository; if it sets one of these keys, secwg
 * refuses the file with a visible configuration error. Paths are dotted; a section name covers
 * every key inside it.
 */
export const ORG_ONLY_KEYS = ["group", "reports", "votes", "terms", "elections", "review.reviewers.team", "onboarding", "access"] as const;
export type OrgOnlyKey = (typeof ORG_ONLY_KEYS)[number];

/** The configuration a repository without `.github/secwg.yml` gets. */
export function defaultConfig(): SecwgConfig {
  return SecwgConfig.parse({});
}

/** The org-only key paths (`ORG_ONLY_KEYS`) a repository's configuration object sets. */
export function orgOnlyKeysIn(config: unknown): OrgOnlyKey[] {
  const found: OrgOnlyKey[] = [];
  for (const path of ORG_ONLY_KEYS) {
    let node: unknown = config;
    for (const part of path.split(".")) node = node !== null && typeof node === "object" && !Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
    if (node !== undefined) found.push(path);
  }
  return found;
}

/** What a repository file that sets an org-only key is told. */
export function orgOnlyMessage(owner: string): string {
  return `only the organisation's configuration (\`${owner}/${POLICY_REPO}:${CONFIG_PATH}\`) may set this; a repository's own file may tune \`review\` only`;
}
