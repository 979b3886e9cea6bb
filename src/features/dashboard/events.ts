import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { IntervalGate } from "../../app/interval-gate.js";
import { ELECTION_RECORD_KIND } from "../../core/governance/election-record.js";
import { parseMarkers } from "../../core/marker.js";
import { LOG_RECORD_KIND } from "../../core/reports/report-log.js";
import { RECORD_MARKER_KIND } from "../../core/vote/vote-record.js";
import { dashboardWorkKey } from "../../core/work-key.js";
import { isPolicyError } from "../../errors.js";
import { applyEffects } from "../apply-effects.js";
import { PublicTrackerError } from "../board-report/gather.js";
import { planDashboardUpdate } from "./build.js";

/**
 * The dashboard follows events, not only the sweep, and only events whose handling changed
 * something it shows. secwg records every such change in a signed record it writes or rewrites
 * in a comment: a report's log entry (intake, state, assignment, embargo, approvals, publication),
 * a vote's record (opened, counted, closed), an election's record (nominations, ballots, count,
 * result). GitHub echoes those writes as `issue_comment.created` / `issue_comment.edited` by a
 * bot, so the echo is the trigger: a person's slash command that was refused, a discussion comment
 * or a command that changed nothing causes no rebuild. A merged pull request (a roster change: a
 * new member, a term, a role) triggers too. Nothing else does; the sweep catches the rest.
 *
 * The echo only says "look again": the rebuild trusts nothing in the payload and re-reads
 * everything from the signed records, so a stranger's bot writing lookalike comments can at most
 * ask for rebuilds, which are bounded in time per organisation (`DASHBOARD_REFRESH_INTERVAL_MS`:
 * one at once, the rest folded into one trailing rebuild at the end of the interval), then queued
 * under `dashboard:<org>` as routine work that coalesces. An unchanged dashboard writes nothing.
 */
export const DASHBOARD_EVENTS = ["issue_comment.created", "issue_comment.edited", "pull_request.closed"] as const;

/** At most one rebuild a minute per organisation, plus one trailing rebuild. */
export const DASHBOARD_REFRESH_INTERVAL_MS = 60_000;

/** Record kinds whose writes change what the dashboard shows. */
const DASHBOARD_RECORDS = new Set([LOG_RECORD_KIND, RECORD_MARKER_KIND, ELECTION_RECORD_KIND]);

/** The organisation whose dashboard an event may have changed, or null when it cannot have. */
export function dashboardKeyFor(payload: unknown): string | null {
  const p = (payload ?? {}) as {
    comment?: { body?: unknown; user?: { type?: unknown } | null };
    pull_request?: { merged?: unknown };
    repository?: { owner?: { login?: unknown } };
  };
  const owner = p.repository?.owner?.login;
  if (typeof owner !== "string") return null;
  if (p.comment !== undefined) {
    if (p.comment.user?.type !== "Bot" || typeof p.comment.body !== "string") return null;
    return parseMarkers(p.comment.body).some((m) => DASHBOARD_RECORDS.has(m.kind)) ? dashboardWorkKey(owner) : null;
  }
  return p.pull_request?.merged === true ? dashboardWorkKey(owner) : null;
}

export async function refreshDashboard(context: Context, deps: AppDeps): Promise<void> {
  const owner = (context.payload as { repository: { owner: { login: string } } }).repository.owner.login;
  const gateway = deps.gatewayFor(context);
  let plan;
  try {
    plan = await planDashboardUpdate(gateway, { owner, now: deps.now(), signingKey: deps.signingKey });
  } catch (error) {
    // A person's problem (configuration, roster, a public tracker): the sweep reports it.
    if (isPolicyError(error) || error instanceof PublicTrackerError) {
      context.log.warn({ code: isPolicyError(error) ? error.code : "public-tracker" }, "dashboard not refreshed");
      return;
    }
    throw error;
  }
  for (const applied of await applyEffects(gateway, plan.effects)) {
    if (applied.outcome !== "unchanged") context.log.info({ outcome: applied.outcome, url: applied.url }, "dashboard refreshed");
  }
}

/** The gate the app uses when its deps bring none; a trailing rebuild's failure is logged (the sweep repairs). */
export function dashboardGate(log: { warn(obj: object, msg: string): void }, intervalMs = DASHBOARD_REFRESH_INTERVAL_MS): IntervalGate {
  return new IntervalGate({ intervalMs, onError: (error, key) => log.warn({ err: error, key }, "trailing dashboard refresh failed; the sweep rebuilds it") });
}

/**
 * The event handler: a rebuild through `gate` under the organisation's key. A rebuild run at once
 * fails the event's work like any handler (a transient failure is retried); a trailing rebuild runs
 * when the interval ends, outside the event's handling, and the gate logs its failure.
 */
export async function onDashboardEvent(context: Context, deps: AppDeps, gate: IntervalGate): Promise<void> {
  const key = dashboardKeyFor(context.payload);
  if (key === null) return;
  await gate.submit(key, () => refreshDashboard(context, deps));
}
