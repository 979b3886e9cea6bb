/**
 * A repository security advisory as the reports feature sees it: plain data, gathered by the
 * gateway. `summary`, `description` and the version ranges of an unpublished advisory are secret;
 * nothing here may be logged or written outside the advisory itself (see docs/reports.md).
 */
export type AdvisoryState = "triage" | "draft" | "published" | "closed" | "withdrawn";
export type GitHubSeverity = "critical" | "high" | "medium" | "low";

export interface AdvisoryVulnerability {
  ecosystem: string;
  name: string | null;
  vulnerableVersionRange: string | null;
  patchedVersions: string | null;
}

export interface AdvisoryCredit {
  login: string;
  type: string;
}

export interface Advisory {
  ghsaId: string;
  owner: string;
  repo: string;
  htmlUrl: string;
  state: AdvisoryState;
  summary: string;
  description: string | null;
  severity: GitHubSeverity | null;
  cvssVector: string | null;
  cveId: string | null;
  cweIds: string[];
  credits: AdvisoryCredit[];
  collaboratingUsers: { id: number; login: string }[];
  vulnerabilities: AdvisoryVulnerability[];
  createdAt: string | null;
  publishedAt: string | null;
  /** GitHub's `updated_at`: moves on every edit of the advisory (by a person or by secwg). */
  updatedAt?: string | null;
  privateForkUrl: string | null;
}

/** GitHub's id format: `GHSA-` and three groups of four characters from a restricted alphabet. */
/** Fields of `securityAdvisories.updateRepositoryAdvisory` secwg sets; never summary/description. */
export interface AdvisoryPatch {
  state?: "draft" | "closed" | "published";
  severity?: GitHubSeverity;
  cvss_vector_string?: string;
  cwe_ids?: string[];
  credits?: AdvisoryCredit[];
  cve_id?: string;
}

export const GHSA_PATTERN = /^GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}$/;

/** The group's severity words (after Django's policy) and GitHub's enum. */
export const SEVERITY_TO_GITHUB = { critical: "critical", high: "high", moderate: "medium", low: "low" } as const;
export type GroupSeverity = keyof typeof SEVERITY_TO_GITHUB;

export function describeSeverity(severity: GitHubSeverity | null): string {
  if (severity === null) return "not set";
  return severity === "medium" ? "moderate" : severity;
}
