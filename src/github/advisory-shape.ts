import type { RepoRef } from "./gateway.js";
import type { Advisory } from "../core/reports/advisory.js";
import { secrets } from "../logger.js";

/**
 * A repository security advisory as GitHub describes it, in both the REST answers and the
 * `repository_advisory` webhook payload (the same object), reduced to the fields secwg reads.
 * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#get-a-repository-security-advisory
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#repository_advisory
 */
export interface AdvisoryData {
  ghsa_id: string;
  html_url: string;
  state: string;
  summary: string;
  description: string | null;
  severity: string | null;
  cve_id: string | null;
  cvss?: { vector_string: string | null } | null;
  cwe_ids?: string[] | null;
  credits?: { login?: string; type?: string }[] | null;
  collaborating_users?: { id: number; login: string }[] | null;
  vulnerabilities?: { package: { ecosystem: string; name: string | null } | null; vulnerable_version_range: string | null; patched_versions: string | null }[] | null;
  created_at: string | null;
  published_at: string | null;
  updated_at?: string | null;
  private_fork?: { html_url: string } | null;
}

/** Maps GitHub's advisory to secwg's, registering its private text with the log scrubber first. */
export function toAdvisory(data: AdvisoryData, repo: RepoRef): Advisory {
  secrets.register(data.summary);
  secrets.register(data.description);
  for (const v of data.vulnerabilities ?? []) {
    secrets.register(v.vulnerable_version_range);
    secrets.register(v.patched_versions);
  }
  return {
    ghsaId: data.ghsa_id,
    owner: repo.owner,
    repo: repo.repo,
    htmlUrl: data.html_url,
    state: data.state as Advisory["state"],
    summary: data.summary,
    description: data.description,
    severity: (data.severity ?? null) as Advisory["severity"],
    cvssVector: data.cvss?.vector_string ?? null,
    cveId: data.cve_id,
    cweIds: data.cwe_ids ?? [],
    credits: (data.credits ?? []).filter((c) => c.login && c.type).map((c) => ({ login: c.login as string, type: c.type as string })),
    collaboratingUsers: (data.collaborating_users ?? []).map((u) => ({ id: u.id, login: u.login })),
    vulnerabilities: (data.vulnerabilities ?? []).map((v) => ({
      ecosystem: v.package?.ecosystem ?? "other",
      name: v.package?.name ?? null,
      vulnerableVersionRange: v.vulnerable_version_range,
      patchedVersions: v.patched_versions,
    })),
    createdAt: data.created_at,
    publishedAt: data.published_at,
    updatedAt: data.updated_at ?? null,
    privateForkUrl: data.private_fork?.html_url ?? null,
  };
}
