import { describeSeverity, type Advisory } from "./advisory.js";

/**
 * The public archive entry of a published advisory: `advisories/GHSA-….md` in the group
 * repository, added by pull request. Only public facts (id, CVE, severity, affected and patched
 * versions, credits, date, link). Refuses anything not yet published, so an unpublished
 * advisory's versions can never reach the public repository through this path.
 */
export interface ArchiveProposal {
  path: string;
  branch: string;
  content: string;
  commitMessage: string;
  title: string;
  body: string;
}

export function planArchiveEntry(advisory: Advisory): ArchiveProposal {
  if (advisory.state !== "published" || !advisory.publishedAt) {
    throw new Error(`refusing to archive ${advisory.ghsaId}: it is not published`);
  }
  const lines = [
    `# ${advisory.ghsaId}${advisory.cveId ? ` / ${advisory.cveId}` : ""}`,
    "",
    `- Repository: \`${advisory.owner}/${advisory.repo}\``,
    `- Published: ${advisory.publishedAt.slice(0, 10)}`,
    `- Severity: ${describeSeverity(advisory.severity)}`,
    `- CVE: ${advisory.cveId ?? "none"}`,
    `- Advisory: ${advisory.htmlUrl}`,
    "",
    "## Affected versions",
    "",
    "| Ecosystem | Package | Affected | Patched |",
    "|---|---|---|---|",
    ...(advisory.vulnerabilities.length > 0
      ? advisory.vulnerabilities.map((v) => `| ${v.ecosystem} | ${v.name ?? "—"} | ${v.vulnerableVersionRange ?? "—"} | ${v.patchedVersions ?? "—"} |`)
      : ["| — | — | — | — |"]),
    "",
    "## Credits",
    "",
    ...(advisory.credits.length > 0 ? advisory.credits.map((c) => `- @${c.login} (${c.type.replace(/_/g, " ")})`) : ["- none recorded"]),
    "",
  ];
  return {
    path: `advisories/${advisory.ghsaId}.md`,
    branch: `secwg/archive-${advisory.ghsaId}`,
    content: lines.join("\n"),
    commitMessage: `docs(advisories): archive ${advisory.ghsaId}`,
    title: `Archive ${advisory.ghsaId}`,
    body: `Adds the public record of ${advisory.htmlUrl} to the advisory archive. Opened by secwg after publication.`,
  };
}
