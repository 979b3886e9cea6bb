import { toSeverity, type Severity } from "./severity.js";

/**
 * A global security advisory (GitHub Advisory Database), reduced to what monitoring decides on.
 * One reader for both of GitHub's shapes: the REST list (`first_patched_version` is a string,
 * ecosystems lower case) and the `security_advisory` webhook (`first_patched_version` is
 * `{ identifier }`, ecosystems possibly upper case).
 * @see https://docs.github.com/en/rest/security-advisories/global-advisories#list-global-security-advisories
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#security_advisory
 */
export interface GlobalAdvisory {
  ghsaId: string;
  cveId: string | null;
  /** Written by the advisory's author: render with `inertText`. */
  summary: string;
  severity: Severity | null;
  updatedAt: string;
  withdrawnAt: string | null;
  vulnerabilities: AffectedPackage[];
}

export interface AffectedPackage {
  ecosystem: string;
  name: string;
  range: string;
  patched: string | null;
}

export const GHSA_ID = /^GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}$/;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Null when the object is not an advisory with a well-formed GHSA id. */
export function readGlobalAdvisory(raw: unknown): GlobalAdvisory | null {
  const a = obj(raw);
  const ghsaId = str(a.ghsa_id);
  if (!ghsaId || !GHSA_ID.test(ghsaId)) return null;
  // The webhook names the CVE only among `identifiers`.
  const cve = str(a.cve_id) ?? str(obj((Array.isArray(a.identifiers) ? a.identifiers : []).find((i) => obj(i).type === "CVE")).value);
  const vulnerabilities = (Array.isArray(a.vulnerabilities) ? a.vulnerabilities : []).flatMap((v): AffectedPackage[] => {
    const vuln = obj(v);
    const pkg = obj(vuln.package);
    const ecosystem = str(pkg.ecosystem);
    const name = str(pkg.name);
    const range = str(vuln.vulnerable_version_range);
    if (!ecosystem || !name || range === null) return [];
    const fp = vuln.first_patched_version;
    const patched = typeof fp === "string" ? fp : str(obj(fp).identifier);
    return [{ ecosystem: ecosystem.toLowerCase(), name, range, patched }];
  });
  return {
    ghsaId,
    cveId: cve && CVE_ID.test(cve) ? cve : null,
    summary: str(a.summary) ?? "",
    severity: toSeverity(a.severity),
    updatedAt: str(a.updated_at) ?? "",
    withdrawnAt: str(a.withdrawn_at),
    vulnerabilities,
  };
}

/**
 * How package names compare within an ecosystem: PEP 503 normalisation for pip (`Django`,
 * `django`, `dj_ango` and `dj.ango` are one project), exact for npm (names are lower case by
 * rule), case-insensitive elsewhere.
 * @see https://peps.python.org/pep-0503/#normalized-names
 */
export function packageKey(ecosystem: string, name: string): string {
  const eco = ecosystem.toLowerCase();
  if (eco === "pip") return `pip:${name.toLowerCase().replace(/[-_.]+/g, "-")}`;
  if (eco === "npm") return `npm:${name}`;
  return `${eco}:${name.toLowerCase()}`;
}
