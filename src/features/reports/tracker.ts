import type { SecwgConfig } from "../../config/schema.js";
import { resolveRepo } from "../../core/repositories.js";
import type { ReportRules } from "../../core/reports/command-plan.js";
import type { LogActor } from "../../core/reports/report-log.js";
import type { WorkingCalendar } from "../../core/reports/working-days.js";
import type { RepoRef } from "../../github/gateway.js";
import type { FeatureEnv } from "../env.js";

/** The app itself as the actor of entries it writes on its own (intake, scheduled publication). */
export const APP_ACTOR: LogActor = { id: 0, login: "secwg" };

export function trackerRepo(env: Pick<FeatureEnv, "config" | "owner">): RepoRef {
  return resolveRepo(env.config.group.tracker, env.owner);
}

export function reportRules(config: SecwgConfig): ReportRules {
  const r = config.reports;
  return {
    requiredApprovals: r.requiredApprovals,
    preNotificationDays: r.preNotificationDays,
    noReleaseWeekdays: r.noReleaseWeekdays,
    timeZone: r.timeZone,
    cna: r.cna,
  };
}

export function calendarOf(config: SecwgConfig): WorkingCalendar {
  return { timeZone: config.reports.timeZone, holidays: config.reports.holidays };
}

/**
 * Refuses a public tracker: the tracker holds the private log, so a public one would disclose
 * embargoed reports. Logs the refusal (repository name only) and returns false.
 */
export async function trackerIsPrivate(env: FeatureEnv, tracker: RepoRef): Promise<boolean> {
  const info = await env.gateway.getRepository(tracker);
  if (info.private) return true;
  env.log.error({ tracker: `${tracker.owner}/${tracker.repo}` }, "refusing to handle reports: the tracker repository is public (group.tracker must be private)");
  return false;
}

/**
 * A cheap, synchronous pre-filter for "could secwg have written this" (any bot account), for the
 * places that cannot await the app's identity (a feature's `appliesTo`). It is never the decision:
 * whoever acts on the object checks `isOurs` against the app's own bot id.
 */
export function isSecwgAuthor(user: { type?: string | null } | null | undefined): boolean {
  return user?.type === "Bot";
}
