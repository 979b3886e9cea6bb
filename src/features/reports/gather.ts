import type { Advisory } from "../../core/reports/advisory.js";
import type { ReportArgs } from "../../core/reports/command-specs.js";
import { entryMarker } from "../../core/reports/report-log.js";
import type { IssueRef, RepoRef } from "../../github/gateway.js";
import type { FeatureEnv } from "../env.js";
import { advisoryRepoOf, readReportLog, type ReportLog } from "./log.js";

/** A report command's log, or why the command goes no further. */
export type CommandLog =
  | { kind: "already-handled" }
  | { kind: "no-intake" }
  | { kind: "ready"; log: ReportLog; advisoryRepo: RepoRef };

/**
 * Reads the report's verified log for a command: a redelivered command finds its own entry or
 * reply there. The advisory's repository comes from secwg's own intake entry, never from the
 * issue's text.
 */
export async function gatherCommandLog(
  env: FeatureEnv,
  issue: IssueRef,
  command: { ghsa: string; key: string; replyMarker: string },
): Promise<CommandLog> {
  const log = await readReportLog(env, issue, command.ghsa);
  if (log.facts.keys.has(command.key) || log.posted.has(command.replyMarker) || log.posted.has(entryMarker(command.ghsa, command.key))) {
    return { kind: "already-handled" };
  }
  const advisoryRepo = advisoryRepoOf(log, issue.owner);
  return advisoryRepo ? { kind: "ready", log, advisoryRepo } : { kind: "no-intake" };
}

/**
 * The advisory as GitHub has it now, and its repository's visibility when `/cve` asks GitHub for
 * the id (GitHub assigns CVEs for public repositories only).
 */
export async function gatherAdvisory(
  env: FeatureEnv,
  advisoryRepo: RepoRef,
  ghsa: string,
  args: ReportArgs,
): Promise<{ advisory: Advisory; repoPrivate?: boolean }> {
  const advisory = await env.gateway.getAdvisory(advisoryRepo, ghsa);
  if (args.command !== "cve" || env.config.reports.cna !== "github") return { advisory };
  return { advisory, repoPrivate: (await env.gateway.getRepository(advisoryRepo)).private };
}
