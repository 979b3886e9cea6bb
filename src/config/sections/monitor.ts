import { z } from "zod";
import { IsoDate, LabelName } from "../fields.js";

/** The ecosystems of GitHub's advisory database (`ecosystem` of `GET /advisories`). */
export const ADVISORY_ECOSYSTEMS = ["rubygems", "npm", "pip", "maven", "nuget", "composer", "go", "rust", "erlang", "actions", "pub", "other", "swift"] as const;

const Severity = z.enum(["low", "medium", "high", "critical"], { error: "expected one of low, medium, high, critical" });

const WatchedPackage = z.strictObject({
  ecosystem: z.enum(ADVISORY_ECOSYSTEMS, { error: `expected one of ${ADVISORY_ECOSYSTEMS.join(", ")}` }).describe("The package's ecosystem in GitHub's advisory database."),
  name: z
    .string({ error: "expected a package name" })
    .regex(/^[A-Za-z0-9@/._:+-]{1,214}$/, { error: "expected a package name (letters, digits, `@/._:+-`, at most 214 characters)" })
    .describe("The package's name, e.g. `django` or `@scope/name`."),
  versions: z
    .array(z.string({ error: "expected a version like `5.1.4`" }).min(1).max(64))
    .max(20, { error: "expected at most 20 versions" })
    .default([])
    .describe("The versions the project uses or ships now. Empty: every advisory about the package is tracked."),
});

export const MonitorConfig = z
  .strictObject({
    packages: z
      .array(WatchedPackage)
      .max(1000, { error: "expected at most 1000 packages (GitHub's `affects` limit)" })
      .default([])
      .describe("Packages whose advisories in GitHub's advisory database get a tracker issue, e.g. `{ ecosystem: pip, name: django, versions: [5.1.4] }`."),
    since: IsoDate.optional().describe("Only advisories updated on or after this date (YYYY-MM-DD) are considered: set it to the day monitoring starts to skip the backlog."),
    label: LabelName.default("secwg:monitor").describe("Label on the tracker issues monitoring opens (advisories and alerts)."),
    alerts: z
      .strictObject({
        dependabot: z.boolean({ error: "expected true or false" }).default(true).describe("Track Dependabot alerts of the group's repositories."),
        code_scanning: z.boolean({ error: "expected true or false" }).default(true).describe("Track code scanning alerts of the group's repositories."),
        secret_scanning: z.boolean({ error: "expected true or false" }).default(true).describe("Track secret scanning alerts (never the secret itself)."),
        min_severity: Severity.default("medium").describe("Alerts below this severity get no tracker issue (secret scanning alerts count as critical)."),
        exclude: z
          .array(z.string({ error: "expected a repository name" }).regex(/^[A-Za-z0-9._-]+$/, { error: "expected a repository name like `website`" }))
          .default([])
          .describe("Repositories (names, without the owner) whose alerts are not tracked."),
      })
      .prefault({})
      .describe("Alerts GitHub raises on the organization's repositories."),
  })
  .prefault({});
export type MonitorConfig = z.infer<typeof MonitorConfig>;
