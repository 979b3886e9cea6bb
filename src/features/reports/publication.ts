import { resolveRepo } from "../../core/repositories.js";
import type { Advisory } from "../../core/reports/advisory.js";
import { planArchiveEntry } from "../../core/reports/archive-entry.js";
import type { IssueRef } from "../../github/gateway.js";
import type { FeatureEnv } from "../env.js";
import { writesAreRecorded } from "../../github/recording-gateway.js";

/**
 * What follows publication, however it happened (`/publish`, the sweep at the release time, or
 * someone publishing on GitHub): the tracker issue is closed as completed and a pull request adds
 * the public facts to the archive in the group repository. Both steps are found before they are
 * made. Refuses (throws) for an advisory GitHub does not report as published.
 */
export async function completePublication(env: FeatureEnv, advisory: Advisory, trackerIssue: IssueRef | null): Promise<string[]> {
  // A dry run has not really published (the advisory read back is unpublished): nothing public to archive yet.
  if (writesAreRecorded(env.gateway)) return [];
  const proposal = planArchiveEntry(advisory);
  const done: string[] = [];
  if (trackerIssue && (await env.gateway.ensureIssueClosed(trackerIssue, "completed")) !== "unchanged") done.push("closed the tracker issue");
  const group = resolveRepo(env.config.group.repo, env.owner);
  const archived = await env.gateway.proposeFile(group, proposal);
  if (archived.outcome !== "unchanged") done.push(`proposed ${proposal.path} in ${group.owner}/${group.repo}`);
  env.log.info({ ghsa: advisory.ghsaId, archive: archived.outcome, pull: archived.pull }, "publication completed");
  return done;
}
